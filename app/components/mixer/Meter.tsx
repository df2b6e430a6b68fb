"use client";

import { useRef } from "react";
import type { AudioEngine } from "@bandspace/audio-engine";
import { useFrameLoop } from "../../lib/engine/useFrameLoop";
import styles from "./Mixer.module.css";

const FLOOR_DB = -60;
const TOP_DB = 6;
/** Where a level sits on the meter, 0 (floor) … 1 (+6 dBFS). */
const pos = (db: number) => Math.min(1, Math.max(0, (Math.max(FLOOR_DB, db) - FLOOR_DB) / (TOP_DB - FLOOR_DB)));
/**
 * Steps a meter's bars move in: about a pixel of the tallest bar of each kind (a track row's slim meter, a mixer
 * strip's). A finer value is a style write and a repaint every frame that draws the same pixels.
 */
const STEPS_SLIM = 64;
const STEPS = 256;

/**
 * A strip's peak + RMS meter: per channel a peak bar with an RMS bar inside it, the peak-hold line, and a
 * clip light that stays lit until clicked. Values come from the engine's meter worklet (packages/dsp
 * MeterBallistics) and are drawn straight into the DOM every frame, never through React state.
 */
export function Meter({
  engine,
  stripId,
  slim = false,
}: {
  engine: AudioEngine | null;
  stripId: string;
  slim?: boolean;
}) {
  const root = useRef<HTMLDivElement>(null);
  /** What was last written into the DOM: a frame that changes nothing writes nothing. */
  const written = useRef<Map<string, string>>(new Map());
  const steps = slim ? STEPS_SLIM : STEPS;
  useFrameLoop(engine !== null, () => {
    const el = root.current;
    const strip = engine?.internals.graph.channelFor(stripId);
    if (!el) return;
    // Every write invalidates style and repaints the meter, on the main thread that also has to take a
    // bandmate's knob move off the socket: on a silent or steady strip, skip them.
    const last = written.current;
    const put = (key: string, value: string, apply: () => void) => {
      if (last.get(key) === value) return;
      last.set(key, value);
      apply();
    };
    const meter = strip?.meter ?? [];
    el.querySelectorAll<HTMLElement>("[data-ch]").forEach((bar, c) => {
      const m = meter[c] ?? meter[0];
      for (const [prop, db] of [
        ["--peak", m?.peakDb],
        ["--rms", m?.rmsDb],
        ["--hold", m?.holdDb],
      ] as const) {
        const v = (Math.round((db === undefined ? 0 : pos(db)) * steps) / steps).toFixed(4);
        put(`${c}${prop}`, v, () => bar.style.setProperty(prop, v));
      }
    });
    const clipped = String(meter.some((m) => m.clipped));
    put("clipped", clipped, () => (el.dataset.clipped = clipped));
    if (meter[0]) {
      const peak = meter.reduce((p, m) => Math.max(p, m.peakDb), -Infinity).toFixed(1);
      put("peakDb", peak, () => (el.dataset.peakDb = peak));
    }
  });
  return (
    <div ref={root} className={slim ? styles.meterSlim : styles.meter} data-testid="strip-meter" data-strip={stripId}>
      {!slim && (
        <button
          type="button"
          className={styles.clip}
          title="Clip light: a sample reached full scale. Click to reset."
          aria-label="Reset clip light"
          onClick={() => engine?.internals.graph.channelFor(stripId)?.resetClip()}
        />
      )}
      <div className={styles.bars}>
        <div className={styles.bar} data-ch="0" />
        <div className={styles.bar} data-ch="1" />
      </div>
    </div>
  );
}
