"use client";

import { useSyncExternalStore } from "react";
import type { TimelineView } from "./viewStore";

/**
 * The zoom blocks are laid out at (`layoutPxPerTick`): it changes once a zoom gesture pauses, not per frame, so a
 * component reading it re-renders at most once per gesture (to switch clips' level of detail).
 */
export function useLayoutZoom(view: TimelineView): number {
  const get = () => view.get().layoutPxPerTick;
  return useSyncExternalStore(view.subscribe, get, get);
}
