"use client";

import { useEffect, useRef, type RefObject } from "react";
import type { TimelineView } from "./viewStore";

export interface Painter {
  /** Schedules one repaint on the next animation frame (many calls in one frame paint once). */
  invalidate: () => void;
}

/** Where the canvas's x = 0 lies on the timeline when it was painted: draw tick t at `t * pxPerTick - scrollX`. */
export interface PaintOrigin {
  scrollX: number;
  pxPerTick: number;
}

/**
 * Screens drawn beyond the viewport on each side by a scrolling canvas: scrolling within them only moves the
 * canvas (a compositor transform); leaving them repaints once.
 */
export const OVERSCAN_SCREENS = 1;

/**
 * A canvas that fills its parent, is sized for the device pixel ratio, and repaints with `paint` on the next frame
 * after `invalidate()` (and on resize). `paint` receives CSS-pixel coordinates and the origin to draw at.
 *
 * With `view`, the canvas follows the timeline's horizontal scroll: it is a viewport plus OVERSCAN_SCREENS on each
 * side wide, painted around the scroll position, and moved by a transform while scrolling — the last profile had
 * the grid and ruler repainting (and re-uploading) on every scroll frame. It repaints only when the scroll leaves
 * the painted span, the zoom changes, or `invalidate()` is called (content changed).
 */
export function useCanvasPainter(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  paint: (ctx: CanvasRenderingContext2D, width: number, height: number, origin: PaintOrigin) => void,
  view?: TimelineView,
): Painter {
  const paintRef = useRef(paint);
  useEffect(() => {
    paintRef.current = paint;
  });
  const state = useRef({
    frame: null as number | null,
    width: 0,
    height: 0,
    /** The scroll and zoom the canvas was painted at (NaN: nothing painted since the last resize). */
    paintedX: Number.NaN,
    paintedPpt: Number.NaN,
    transform: "",
  });
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
          const v = view?.get();
          const pad = v ? s.width * OVERSCAN_SCREENS : 0;
          const full = s.width + 2 * pad;
          ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
          ctx.clearRect(0, 0, full, s.height);
          s.paintedX = v ? v.scrollX : 0;
          s.paintedPpt = v ? v.pxPerTick : 0;
          paintRef.current(ctx, full, s.height, { scrollX: s.paintedX - pad, pxPerTick: s.paintedPpt });
          if (v) place(canvas, s, v);
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
      const pad = view ? w * OVERSCAN_SCREENS : 0;
      state.current.width = w;
      state.current.height = h;
      state.current.paintedX = Number.NaN;
      canvas.width = Math.max(1, Math.round((w + 2 * pad) * dpr));
      canvas.height = Math.max(1, Math.round(h * dpr));
      canvas.style.width = `${w + 2 * pad}px`;
      canvas.style.height = `${h}px`;
      if (view) {
        canvas.style.left = `${-pad}px`;
        canvas.style.willChange = "transform";
        canvas.style.transformOrigin = "0 0";
      }
      painter.current!.invalidate();
    };
    resize();
    const ro = new ResizeObserver(resize);
    ro.observe(parent);
    const s = state.current;
    // Scroll within the painted span, or zoom mid gesture while the painting still covers the screen: move (and
    // stretch) the canvas, as the lanes' layers are; anything else (the zoom settled, the span left): repaint.
    const off = view?.subscribe(() => {
      const v = view.get();
      const gesture = v.pxPerTick !== v.layoutPxPerTick;
      if ((v.pxPerTick !== s.paintedPpt && !gesture) || !place(canvas, s, v)) painter.current!.invalidate();
    });
    return () => {
      ro.disconnect();
      off?.();
      if (s.frame !== null) cancelAnimationFrame(s.frame);
      s.frame = null;
    };
  }, [canvasRef, view]);

  return painter.current;
}

interface Painted {
  width: number;
  paintedX: number;
  paintedPpt: number;
  transform: string;
}

/**
 * Where a scrolling canvas painted at `painted` (scroll X0, zoom p0; `width` the viewport's) goes to show the view
 * (scroll X1, zoom p1): translated by `tx` and stretched by `k` from its left edge. Null when it would not cover
 * the viewport (it must be repainted). The canvas paints tick t at t·p0 − (X0 − pad) and sits at −pad, so it shows
 * t at t·p1 − X1 when translated by pad·(1 − k) + k·X0 − X1.
 */
export function scrollingCanvasPlacement(
  painted: { width: number; paintedX: number; paintedPpt: number },
  v: { scrollX: number; pxPerTick: number },
): { tx: number; k: number } | null {
  const pad = painted.width * OVERSCAN_SCREENS;
  const k = v.pxPerTick / painted.paintedPpt;
  const tx = pad * (1 - k) + k * painted.paintedX - v.scrollX;
  const left = -pad + tx;
  return left <= 0.5 && left + k * (painted.width + 2 * pad) >= painted.width - 0.5 ? { tx, k } : null;
}

/** Moves a painted scrolling canvas to the view (a transform: no layout, no repaint); false when it must repaint. */
function place(canvas: HTMLCanvasElement, s: Painted, v: { scrollX: number; pxPerTick: number }): boolean {
  const at = scrollingCanvasPlacement(s, v);
  if (!at) return false;
  const t = at.k === 1 ? `translate3d(${at.tx}px,0,0)` : `translate3d(${at.tx}px,0,0) scaleX(${at.k})`;
  if (t !== s.transform) {
    s.transform = t;
    canvas.style.transform = t;
  }
  return true;
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
