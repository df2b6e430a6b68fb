"use client";

import { useEffect, useLayoutEffect } from "react";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { observeTakes } from "@bandspace/model";
import { timelineEndTick } from "../timeline/contentEnd";
import { wheelIntent } from "./wheelIntent";

/**
 * Keeps the timeline's view store in step with the frame: the lanes' width and the scrollbar's (measured on
 * resize), the meter and the content's end (from the arrangement), and wheel zoom/scroll (batched per frame).
 */
export function useTimelineFrame(refs: {
  frameRef: React.RefObject<HTMLDivElement | null>;
  vscrollRef: React.RefObject<HTMLDivElement | null>;
  rowsRef: React.RefObject<HTMLDivElement | null>;
  lanesViewportRef: React.RefObject<HTMLDivElement | null>;
}) {
  const { connection } = useStudio();
  const { view } = useArrangementContext();
  const { frameRef, vscrollRef, rowsRef, lanesViewportRef } = refs;

  useLayoutEffect(() => {
    const vscroll = vscrollRef.current;
    const frame = frameRef.current;
    const lanes = lanesViewportRef.current;
    if (!vscroll || !frame || !lanes) return;
    const measure = () => {
      frame.style.setProperty("--vsb", `${vscroll.offsetWidth - vscroll.clientWidth}px`);
      view.setWidth(lanes.clientWidth);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(vscroll);
    ro.observe(lanes);
    if (rowsRef.current) ro.observe(rowsRef.current);
    return () => ro.disconnect();
  }, [view, frameRef, vscrollRef, rowsRef, lanesViewportRef]);

  useEffect(() => {
    const sync = () => {
      const a = connection.arrangement.get();
      view.setMeter(a.tempoMap.ticksPerBar);
      view.setContentEnd(timelineEndTick(connection));
    };
    sync();
    // Audio clips change the end too: re-read them after a burst of edits settles (a walk of every clip, kept out
    // of the frame a bandmate's edit is drawn in; the scroll range need not follow within the frame).
    let timer: ReturnType<typeof setTimeout> | null = null;
    const later = () => {
      timer ??= setTimeout(() => {
        timer = null;
        sync();
      }, 150);
    };
    const offTakes = observeTakes(connection.songDoc, later);
    const offArrangement = connection.arrangement.subscribe(sync);
    return () => {
      offTakes();
      offArrangement();
      if (timer !== null) clearTimeout(timer);
    };
  }, [connection, view]);

  useEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    // Wheel events arrive faster than frames (trackpads): add them up and apply once per frame.
    let pending: { zoom: number; anchorX: number; dx: number } | null = null;
    let raf = 0;
    const flush = () => {
      raf = 0;
      const p = pending;
      pending = null;
      if (!p) return;
      if (p.zoom !== 1) view.zoomBy(p.zoom, p.anchorX, true);
      if (p.dx !== 0) view.scrollBy(p.dx);
    };
    const queue = (zoom: number, anchorX: number, dx: number) => {
      pending = pending ? { zoom: pending.zoom * zoom, anchorX, dx: pending.dx + dx } : { zoom, anchorX, dx };
      if (!raf) raf = requestAnimationFrame(flush);
    };
    const onWheel = (e: WheelEvent) => {
      const target = e.target as HTMLElement;
      if (!target.closest("[data-timeline]")) return;
      const intent = wheelIntent({ ...pick(e), inHead: !!target.closest("[data-timeline-head]") });
      if (intent.kind === "native") return;
      e.preventDefault();
      const lanes = lanesViewportRef.current;
      const left = lanes ? lanes.getBoundingClientRect().left : 0;
      if (intent.kind === "zoom") queue(intent.factor, e.clientX - left, 0);
      else queue(1, 0, intent.dx);
    };
    frame.addEventListener("wheel", onWheel, { passive: false });
    return () => {
      frame.removeEventListener("wheel", onWheel);
      if (raf) cancelAnimationFrame(raf);
    };
  }, [view, frameRef, lanesViewportRef]);
}

const pick = (e: WheelEvent) => ({
  deltaX: e.deltaX,
  deltaY: e.deltaY,
  deltaMode: e.deltaMode,
  ctrlKey: e.ctrlKey,
  metaKey: e.metaKey,
  shiftKey: e.shiftKey,
});
