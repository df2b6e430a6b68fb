"use client";

import { useGradualKeys } from "./useGradualKeys";

/** New clip blocks a lane mounts per frame (24 lanes of a big session: about 150 a frame at most). */
export const MOUNTS_PER_FRAME = 6;

/**
 * Of `items`, the ones to render now: those already mounted stay, and new ones join at most `perFrame` per
 * animation frame. Zooming out to the whole song brings every clip into the culling range at once; mounting them
 * all in one commit was the longest frame of the timeline, so a lane takes them in over a few frames instead. A
 * change of up to `perFrame` new items (an edit, a paste, scrolling a screen) is rendered at once.
 */
export function useGradualMount<T>(items: readonly T[], keyOf: (item: T) => string, perFrame: number): readonly T[] {
  const render = useGradualKeys(items.map(keyOf), perFrame);
  return render.size === items.length ? items : items.filter((item) => render.has(keyOf(item)));
}
