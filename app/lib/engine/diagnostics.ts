"use client";

import type { AudioEngine } from "@bandspace/audio-engine";
import type { TransportController } from "./TransportController";

/**
 * `window.bandspaceStudio`: a read-only handle on this page's audio engine, for the browser console, bug reports
 * and end-to-end tests that listen to what the page plays (an analyser or recorder on `engine().output`).
 * It exposes nothing the page's own user could not already do: no tokens, no document writes.
 */
export interface StudioDiagnostics {
  /** The engine once the first Play created it, else null. */
  engine: () => AudioEngine | null;
  /** Play state and per-person settings. */
  transport: () => { playing: boolean; loop: boolean; metronome: boolean };
}

declare global {
  interface Window {
    bandspaceStudio?: StudioDiagnostics;
  }
}

/** Installs the handle for `controller`; returns the uninstaller. */
export function exposeDiagnostics(controller: TransportController): () => void {
  const handle: StudioDiagnostics = {
    engine: () => controller.getEngine(),
    transport: () => {
      const s = controller.state.get();
      return { playing: s.playing, loop: s.loop, metronome: s.metronome };
    },
  };
  window.bandspaceStudio = handle;
  return () => {
    if (window.bandspaceStudio === handle) delete window.bandspaceStudio;
  };
}
