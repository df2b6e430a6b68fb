import type { KeptRange } from "@bandspace/model";

/**
 * Which clean-up panel is open (strip silence, normalize) and on which clip, and the strip-silence preview drawn
 * over that clip. One small external store: the clip menu and the keys open a panel, the panel and the overlay
 * on the clip read it.
 */
export interface CleanupState {
  panel: { kind: "strip-silence" | "normalize"; clipId: string } | null;
  /** Kept ranges in timeline order, frames from the clip's start, and the clip's played frames. */
  preview: { clipId: string; kept: KeptRange[]; frames: number } | null;
}

let state: CleanupState = { panel: null, preview: null };
const listeners = new Set<() => void>();

export const cleanupStore = {
  get: (): CleanupState => state,
  set: (patch: Partial<CleanupState>): void => {
    state = { ...state, ...patch };
    for (const l of listeners) l();
  },
  open: (kind: "strip-silence" | "normalize", clipId: string): void =>
    cleanupStore.set({ panel: { kind, clipId }, preview: null }),
  close: (): void => cleanupStore.set({ panel: null, preview: null }),
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};
