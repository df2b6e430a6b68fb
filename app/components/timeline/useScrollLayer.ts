"use client";

import { useLayoutEffect, type RefObject } from "react";
import type { TimelineView } from "./viewStore";

/**
 * Keeps an element translated by the timeline's horizontal scroll (written to the DOM directly, so scrolling
 * never re-renders React). Children position themselves in ticks with `left: calc(var(--s) * var(--ppt) * 1px)`.
 */
export function useScrollLayer(view: TimelineView, ref: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    let last = NaN;
    const apply = () => {
      const el = ref.current;
      const x = view.get().scrollX;
      if (!el || x === last) return;
      last = x;
      el.style.transform = `translate3d(${-x}px,0,0)`;
    };
    apply();
    return view.subscribe(apply);
  }, [view, ref]);
}

/**
 * Writes `--ppt` (pixels per tick) on an element whenever the zoom changes, and mirrors zoom and scroll in
 * `data-px-per-tick` / `data-scroll-x` (cheap attributes that tests and tools can read).
 */
export function useZoomVar(view: TimelineView, ref: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    let last = NaN;
    let lastX = NaN;
    const apply = () => {
      const el = ref.current;
      if (!el) return;
      const { pxPerTick: ppt, scrollX } = view.get();
      if (scrollX !== lastX) {
        lastX = scrollX;
        el.dataset.scrollX = String(scrollX);
      }
      if (ppt === last) return;
      last = ppt;
      el.style.setProperty("--ppt", String(ppt));
      el.dataset.pxPerTick = String(ppt);
    };
    apply();
    return view.subscribe(apply);
  }, [view, ref]);
}

/** Inline style placing a block at [startTick, startTick + lengthTicks) in a scroll layer. */
export function tickSpan(startTick: number, lengthTicks: number): Record<string, string | number> {
  return { "--s": startTick, "--l": lengthTicks };
}
