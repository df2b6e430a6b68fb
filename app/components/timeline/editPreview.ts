import { createContext, useContext, useSyncExternalStore } from "react";
import type { AudioClip } from "@bandspace/model";
import { ValueStore } from "../../lib/collab/store";

/**
 * What a drag on one audio clip would make of it (trim, slip, fade, gain), shown on the clip itself — its waveform
 * stays drawn and pulling a trimmed edge back reveals the audio — until the one edit is made on release.
 */
export interface AudioClipPreview {
  clipId: string;
  patch: Partial<
    Pick<AudioClip, "startTick" | "offsetFrames" | "lengthFrames" | "fadeInFrames" | "fadeOutFrames" | "gainDb">
  >;
  /** Shown on the clip while dragging (the gain in dB, a fade's length). */
  label?: string;
}

export class AudioPreviewStore extends ValueStore<AudioClipPreview | null> {
  constructor() {
    super(null);
  }
}

/** The marquee being dragged, in px relative to the track rows (null when none). */
export class MarqueeStore extends ValueStore<{ left: number; top: number; width: number; height: number } | null> {
  constructor() {
    super(null);
  }
}

export const AudioPreviewContext = createContext<AudioPreviewStore>(new AudioPreviewStore());

/** This clip's preview while it is being dragged, else null (other clips do not re-render). */
export function useAudioPreview(clipId: string): AudioClipPreview | null {
  const store = useContext(AudioPreviewContext);
  const get = () => {
    const p = store.get();
    return p && p.clipId === clipId ? p : null;
  };
  return useSyncExternalStore(store.subscribe, get, get);
}
