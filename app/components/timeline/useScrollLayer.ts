"use client";

import { useLayoutEffect, type RefObject } from "react";
import type { TimelineView } from "./viewStore";

/**
 * Keeps an element translated by the timeline's horizontal scroll (written to the DOM directly, so scrolling
 * never re-renders React), and sets `--ppt` (px per tick) on it: children position themselves in ticks with
 * `left: calc(var(--s) * var(--ppt) * 1px)`.
 */
export function useScrollLayer(view: TimelineView, ref: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    let lastTransform = "";
    let lastPpt = NaN;
    const apply = () => {
      const el = ref.current;
      if (!el) return;
      const { scrollX: x, pxPerTick: ppt, layoutPxPerTick: layoutPpt } = view.get();
      // --ppt lives on each layer (not a common ancestor), so a zoom restyles only the blocks in layers.
      if (layoutPpt !== lastPpt) {
        lastPpt = layoutPpt;
        el.style.setProperty("--ppt", String(layoutPpt));
      }
      // Mid-gesture, the layer is stretched to the target zoom instead (compositor only).
      const k = ppt / layoutPpt;
      const transform = k === 1 ? `translate3d(${-x}px,0,0)` : `translate3d(${-x}px,0,0) scaleX(${k})`;
      if (transform === lastTransform) return;
      lastTransform = transform;
      el.style.transform = transform;
    };
    apply();
    return view.subscribe(apply);
  }, [view, ref]);
}

/** Mirrors zoom and scroll in `data-px-per-tick` / `data-scroll-x` on an element (for tests and tools). */
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
