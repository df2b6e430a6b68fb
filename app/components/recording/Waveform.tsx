"use client";

import { useEffect, useRef, useState } from "react";
import styles from "./Recording.module.css";

/**
 * Min/max peaks drawn into a canvas of one column per device pixel of the clip (each column the min/max of
 * the peaks under it, so no transient is dropped), stretched by CSS between redraws: zooming re-lays out the
 * block at once and redraws when the size settles. `from`/`to` select the peaks the clip plays (trimmed clips).
 */
export function Waveform({
  peaks,
  count,
  from = 0,
  to = count,
  version = 0,
  color,
}: {
  peaks: ArrayLike<number>;
  count: number;
  from?: number;
  to?: number;
  version?: number;
  color: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas || typeof ResizeObserver === "undefined") return;
    let timer = 0;
    const ro = new ResizeObserver(() => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setWidth(Math.round(canvas.clientWidth * (window.devicePixelRatio || 1))), 120);
    });
    ro.observe(canvas);
    return () => {
      ro.disconnect();
      window.clearTimeout(timer);
    };
  }, []);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const pixels = width || Math.round(canvas.clientWidth * (window.devicePixelRatio || 1)) || 512;
    const n = Math.max(1, Math.min(8192, to - from, pixels));
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
        lo = Math.min(lo, peaks[i * 2]);
        hi = Math.max(hi, peaks[i * 2 + 1]);
      }
      const y0 = Math.round((1 - Math.min(1, hi)) * (height / 2));
      const y1 = Math.round((1 - Math.max(-1, lo)) * (height / 2));
      g.fillRect(x, y0, 1, Math.max(1, y1 - y0));
    }
  }, [peaks, count, from, to, version, color, width]);
  return <canvas ref={ref} className={styles.wave} aria-hidden="true" />;
}
