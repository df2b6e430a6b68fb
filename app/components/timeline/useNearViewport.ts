"use client";

import { startTransition, useEffect, useState, type RefObject } from "react";

/** The vertical scroller of the track rows (TrackArea marks it): lanes far outside it mount no clips. */
export const VSCROLL_ATTR = "data-vscroll";

/**
 * Whether the element is within `marginPx` of the visible part of the track rows' vertical scroller. Lanes of
 * the 24 rows of a big session that are scrolled out of sight render no clip blocks; they mount (in a transition,
 * interruptible) when scrolled within the margin. False until the first observation (mounting every lane's clips
 * at once is the stall this avoids).
 */
export function useNearViewport(ref: RefObject<HTMLElement | null>, marginPx = 240): boolean {
  // Without IntersectionObserver (old browsers, tests in Node) every lane counts as near.
  const [near, setNear] = useState(() => typeof IntersectionObserver === "undefined");
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === "undefined") return;
    const root = el.closest<HTMLElement>(`[${VSCROLL_ATTR}]`);
    const io = new IntersectionObserver(
      (entries) => {
        const last = entries[entries.length - 1];
        if (last) startTransition(() => setNear(last.isIntersecting));
      },
      { root, rootMargin: `${marginPx}px 0px` },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [ref, marginPx]);
  return near;
}
