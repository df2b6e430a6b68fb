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
  useFrameLoop(engine !== null, () => {
    const el = root.current;
    const strip = engine?.internals.graph.channelFor(stripId);
    if (!el) return;
    const meter = strip?.meter ?? [];
    const bars = el.querySelectorAll<HTMLElement>("[data-ch]");
    bars.forEach((bar, c) => {
      const m = meter[c] ?? meter[0];
      bar.style.setProperty("--peak", String(m ? pos(m.peakDb) : 0));
      bar.style.setProperty("--rms", String(m ? pos(m.rmsDb) : 0));
      bar.style.setProperty("--hold", String(m ? pos(m.holdDb) : 0));
    });
    const clipped = meter.some((m) => m.clipped);
    el.dataset.clipped = String(clipped);
    if (meter[0]) el.dataset.peakDb = meter.reduce((p, m) => Math.max(p, m.peakDb), -Infinity).toFixed(1);
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
