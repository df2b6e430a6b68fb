"use client";

import { createContext, useLayoutEffect, useRef, useState } from "react";
import type { TimelineView } from "../timeline/viewStore";
import { LaneWaveforms } from "./laneWaveforms";
import styles from "./Recording.module.css";

/** The lane's waveform painter for the clips inside it (null: each waveform draws on a canvas of its own). */
export const LaneWaveformsContext = createContext<LaneWaveforms | null>(null);

/** One painter per audio lane, for as long as the lane lives (null for other lanes). */
export function useLaneWaveforms(view: TimelineView, audio: boolean): LaneWaveforms | null {
  const [painter] = useState(() => (audio ? new LaneWaveforms(view) : null));
  return painter;
}

/**
 * The canvas an audio lane's waveforms are drawn on (see laneWaveforms.ts): over the lane's clips, the size of the
 * lane, taking no pointer events. Sized by a ResizeObserver, so no frame reads layout.
 */
export function LaneWaveformCanvas({ painter }: { painter: LaneWaveforms }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const lane = canvas.parentElement;
    painter.attach(canvas, lane?.clientWidth ?? 0, lane?.clientHeight ?? 0);
    if (!lane || typeof ResizeObserver === "undefined") return () => painter.attach(null);
    const ro = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box) painter.attach(canvas, box.width, box.height);
    });
    ro.observe(lane);
    return () => {
      ro.disconnect();
      painter.attach(null);
    };
  }, [painter]);
  return <canvas ref={ref} className={styles.laneWaves} aria-hidden="true" data-testid="lane-waveforms" />;
}
