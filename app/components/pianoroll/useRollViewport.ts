"use client";

import { useEffect, useLayoutEffect, useRef, useState, type Dispatch, type SetStateAction } from "react";
import {
  ZOOM_X,
  ZOOM_Y,
  chunkOf,
  clamp,
  initialView,
  rollScale,
  scrollKeeping,
  scrollTopCentring,
  zoomAnchorAt,
  type ZoomAnchor,
} from "./geometry";

export const RULER_H = 26;

export interface RollView {
  /** Scroll offsets rounded down to chunks, and the scroller's size. */
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The roll's viewport: follows scroll and size (re-rendering only per chunk), opens on a view that fits the clip,
 * keeps the point under the cursor in place on Ctrl/Alt+wheel zoom, and keeps the middle pitch when resized.
 */
export function useRollViewport(args: {
  scrollerRef: React.RefObject<HTMLDivElement | null>;
  /** The velocity lane's inner layer: moved on every scroll frame, without a render. */
  velInnerRef: React.RefObject<HTMLDivElement | null>;
  notes: readonly { pitch: number }[];
  clipLengthTicks: number;
  drums: boolean;
  keyW: number;
  zoomX: number;
  zoomY: number;
  setZoomX: Dispatch<SetStateAction<number>>;
  setZoomY: Dispatch<SetStateAction<number>>;
}): RollView {
  const { scrollerRef, velInnerRef, notes, clipLengthTicks, drums, keyW, zoomX, zoomY, setZoomX, setZoomY } = args;
  const [view, setView] = useState<RollView>({ left: 0, top: 0, width: 1200, height: 600 });

  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    let raf = 0;
    let lastH = el.clientHeight;
    const read = () => {
      raf = 0;
      // A taller or shorter editor keeps the pitch in the middle of the view in the middle.
      if (el.clientHeight !== lastH && lastH > 0 && el.clientHeight > 0) {
        const mid = el.scrollTop + (lastH - RULER_H) / 2;
        el.scrollTop = Math.max(0, mid - (el.clientHeight - RULER_H) / 2);
      }
      lastH = el.clientHeight;
      const velInner = velInnerRef.current;
      if (velInner) velInner.style.transform = `translateX(${-el.scrollLeft}px)`;
      const left = chunkOf(el.scrollLeft);
      const top = chunkOf(el.scrollTop);
      setView((p) =>
        p.left === left && p.top === top && p.width === el.clientWidth && p.height === el.clientHeight
          ? p
          : { left, top, width: el.clientWidth, height: el.clientHeight },
      );
    };
    const schedule = () => {
      if (!raf) raf = requestAnimationFrame(read);
    };
    read();
    el.addEventListener("scroll", schedule, { passive: true });
    const ro = new ResizeObserver(schedule);
    ro.observe(el);
    return () => {
      el.removeEventListener("scroll", schedule);
      ro.disconnect();
      if (raf) cancelAnimationFrame(raf);
    };
  }, [scrollerRef, velInnerRef]);

  // First view: zoomed to fit, then (on the render at that zoom) centred on the notes.
  const didInitialScroll = useRef(false);
  const didInitialZoom = useRef(false);
  const prevZoom = useRef({ zoomX, zoomY });
  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el || didInitialScroll.current || el.clientHeight === 0) return;
    const want = initialView({
      notes,
      clipLengthTicks,
      viewWidthPx: el.clientWidth - keyW - 24,
      viewHeightPx: el.clientHeight - RULER_H,
      drums,
    });
    if (!didInitialZoom.current) {
      didInitialZoom.current = true;
      if (Math.abs(want.zoomX - zoomX) > 0.5 || want.zoomY !== zoomY) {
        setZoomX(want.zoomX);
        setZoomY(want.zoomY);
        return;
      }
    }
    didInitialScroll.current = true;
    prevZoom.current = { zoomX, zoomY };
    el.scrollTop = scrollTopCentring(want.centerPitch, rollScale(zoomX, zoomY), el.clientHeight - RULER_H);
  });

  // Zoom keeps the point under the cursor (or the view's left edge) in place.
  const zoomAnchor = useRef<ZoomAnchor | null>(null);
  useLayoutEffect(() => {
    const el = scrollerRef.current;
    const prev = prevZoom.current;
    prevZoom.current = { zoomX, zoomY };
    if (!el || (prev.zoomX === zoomX && prev.zoomY === zoomY)) return;
    const anchor =
      zoomAnchor.current ??
      zoomAnchorAt(0, 0, { left: el.scrollLeft, top: el.scrollTop }, rollScale(prev.zoomX, prev.zoomY));
    const next = scrollKeeping(anchor, rollScale(zoomX, zoomY));
    el.scrollLeft = next.left;
    el.scrollTop = next.top;
    zoomAnchor.current = null;
  }, [scrollerRef, zoomX, zoomY]);

  const zoomRef = useRef({ zoomX, zoomY });
  useEffect(() => {
    zoomRef.current = { zoomX, zoomY };
  });
  useEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!(e.ctrlKey || e.metaKey || e.altKey)) return;
      e.preventDefault();
      const r = el.getBoundingClientRect();
      const { zoomX: curX, zoomY: curY } = zoomRef.current;
      zoomAnchor.current = zoomAnchorAt(
        e.clientX - r.left - keyW,
        e.clientY - r.top - RULER_H,
        { left: el.scrollLeft, top: el.scrollTop },
        rollScale(curX, curY),
      );
      const factor = Math.exp(-e.deltaY * 0.0025);
      if (e.altKey && !(e.ctrlKey || e.metaKey)) setZoomY((z) => clamp(Math.round(z * factor), ZOOM_Y.min, ZOOM_Y.max));
      else setZoomX((z) => clamp(z * factor, ZOOM_X.min, ZOOM_X.max));
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [scrollerRef, keyW, setZoomX, setZoomY]);

  return view;
}
