"use client";

import { useEffect, useRef, type RefObject } from "react";

export interface Painter {
  /** Schedules one repaint on the next animation frame (many calls in one frame paint once). */
  invalidate: () => void;
}

/**
 * A canvas that fills its parent, is sized for the device pixel ratio, and repaints with `paint` on the
 * next frame after `invalidate()` (and on resize). `paint` receives CSS-pixel coordinates.
 */
export function useCanvasPainter(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  paint: (ctx: CanvasRenderingContext2D, width: number, height: number) => void,
): Painter {
  const paintRef = useRef(paint);
  useEffect(() => {
    paintRef.current = paint;
  });
  const state = useRef<{ frame: number | null; width: number; height: number }>({ frame: null, width: 0, height: 0 });
  const painter = useRef<Painter | null>(null);

  if (!painter.current) {
    painter.current = {
      invalidate() {
        const s = state.current;
        if (s.frame !== null || typeof window === "undefined") return;
        s.frame = requestAnimationFrame(() => {
          s.frame = null;
          const canvas = canvasRef.current;
          if (!canvas || s.width === 0 || s.height === 0) return;
          const ctx = canvas.getContext("2d");
          if (!ctx) return;
          const dpr = window.devicePixelRatio || 1;
          ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
          ctx.clearRect(0, 0, s.width, s.height);
          paintRef.current(ctx, s.width, s.height);
        });
      },
    };
  }

  useEffect(() => {
    const canvas = canvasRef.current;
    const parent = canvas?.parentElement;
    if (!canvas || !parent) return;
    const resize = () => {
      const w = parent.clientWidth;
      const h = parent.clientHeight;
      const dpr = window.devicePixelRatio || 1;
      state.current.width = w;
      state.current.height = h;
      canvas.width = Math.max(1, Math.round(w * dpr));
      canvas.height = Math.max(1, Math.round(h * dpr));
      canvas.style.width = `${w}px`;
      canvas.style.height = `${h}px`;
      painter.current!.invalidate();
    };
    resize();
    const ro = new ResizeObserver(resize);
    ro.observe(parent);
    const s = state.current;
    return () => {
      ro.disconnect();
      if (s.frame !== null) cancelAnimationFrame(s.frame);
      s.frame = null;
    };
  }, [canvasRef]);

  return painter.current;
}

/** Reads design tokens (CSS custom properties) once for canvas drawing. */
export function readTokens<K extends string>(el: Element, names: readonly K[]): Record<K, string> {
  const cs = getComputedStyle(el);
  const out = {} as Record<K, string>;
  for (const n of names) out[n] = cs.getPropertyValue(`--${n}`).trim();
  return out;
}

/** Label spacing: the smallest step from 1, 2, 4, 8 … bars whose labels are at least `minPx` apart. */
export function barStep(barPx: number, minPx: number): number {
  let step = 1;
  while (step * barPx < minPx && step < 4096) step *= 2;
  return step;
}
