"use client";

import { useEffect, useRef } from "react";

/**
 * Calls `frame(now)` on every animation frame while `active`, plus once whenever `active` or `deps`
 * change — for views that write positions straight into the DOM (playheads, the position display)
 * instead of re-rendering React at 60 Hz.
 */
export function useFrameLoop(active: boolean, frame: (now: number) => void): void {
  const ref = useRef(frame);
  useEffect(() => {
    ref.current = frame;
  });
  useEffect(() => {
    ref.current(performance.now());
    if (!active) return;
    let id = requestAnimationFrame(function tick(now) {
      ref.current(now);
      id = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(id);
  }, [active]);
}
