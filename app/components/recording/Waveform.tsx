"use client";

import { useEffect, useRef } from "react";
import styles from "./Recording.module.css";

/**
 * Min/max peaks drawn into a canvas one column per peak (capped), stretched by CSS to the clip's width: zooming
 * re-lays out the block and never redraws. `from`/`to` select the peaks the clip plays (trimmed clips).
 */
export function Waveform({ peaks, count, from = 0, to = count, version = 0, color }: { peaks: ArrayLike<number>; count: number; from?: number; to?: number; version?: number; color: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const n = Math.max(1, Math.min(4096, to - from));
    const step = (to - from) / n;
    const height = 64;
    if (canvas.width !== n) canvas.width = n;
    canvas.height = height;
    const g = canvas.getContext("2d");
    if (!g) return;
    g.clearRect(0, 0, n, height);
    g.fillStyle = color;
    for (let x = 0; x < n; x++) {
      let lo = 0;
      let hi = 0;
      const a = Math.floor(from + x * step);
      const b = Math.max(a + 1, Math.floor(from + (x + 1) * step));
      for (let i = a; i < b && i < count; i++) {
        lo = Math.min(lo, peaks[i * 2]!);
        hi = Math.max(hi, peaks[i * 2 + 1]!);
      }
      const y0 = Math.round((1 - Math.min(1, hi)) * (height / 2));
      const y1 = Math.round((1 - Math.max(-1, lo)) * (height / 2));
      g.fillRect(x, y0, 1, Math.max(1, y1 - y0));
    }
  }, [peaks, count, from, to, version, color]);
  return <canvas ref={ref} className={styles.wave} aria-hidden="true" />;
}
