"use client";

import { useEffect, useRef } from "react";
import type { AudioEngine } from "@bandspace/audio-engine";

/**
 * Calls `onFrame(positionTick, playing)` on every animation frame while the engine plays, and once on each
 * state change or seek. The callback moves DOM directly (a playhead line, a step highlight), so the editor
 * never re-renders 60 times a second.
 */
export function usePlayhead(
  engine: AudioEngine | null,
  onFrame: (tick: number | null, playing: boolean) => void,
): void {
  const cb = useRef(onFrame);
  useEffect(() => {
    cb.current = onFrame;
  });

  useEffect(() => {
    if (!engine) {
      cb.current(null, false);
      return;
    }
    let raf = 0;
    const frame = () => {
      raf = 0;
      cb.current(engine.positionTick, engine.playing);
      if (engine.playing) raf = requestAnimationFrame(frame);
    };
    const kick = () => {
      if (raf) cancelAnimationFrame(raf);
      frame();
    };
    const offState = engine.on("state", kick);
    const offPosition = engine.on("position", () => {
      if (!engine.playing) kick();
    });
    kick();
    return () => {
      offState();
      offPosition();
      if (raf) cancelAnimationFrame(raf);
    };
  }, [engine]);
}
