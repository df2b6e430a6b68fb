"use client";

import { useEffect, useRef, useState } from "react";
import { admitGradually } from "./gradualMount";

/**
 * Of `keys`, the ones admitted now: those admitted by the last commit stay, and new ones join at most `perFrame`
 * per animation frame, in `keys`' order (a re-render is scheduled for the next frame while some wait). A change of
 * up to `perFrame` new keys is admitted at once, so an edit never waits a frame.
 */
export function useGradualKeys(keys: readonly string[], perFrame: number): ReadonlySet<string> {
  /** Keys admitted by the last commit. */
  const admitted = useRef<ReadonlySet<string>>(new Set());
  const [, nextFrame] = useState(0);
  const now = admitGradually(keys, admitted.current, perFrame);
  const behind = now.size < keys.length;
  useEffect(() => {
    admitted.current = now;
    if (!behind) return;
    const frame = requestAnimationFrame(() => nextFrame((n) => n + 1));
    return () => cancelAnimationFrame(frame);
  });
  return now;
}
