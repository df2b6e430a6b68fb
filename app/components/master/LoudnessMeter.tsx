"use client";

import { useRef } from "react";
import type { AudioEngine } from "@bandspace/audio-engine";
import type { LoudnessReading } from "@bandspace/dsp";
import { useFrameLoop } from "../../lib/engine/useFrameLoop";
import { LoudnessHistory } from "./LoudnessHistory";
import styles from "./Master.module.css";

type Target = { lufs: number; ceilingDbtp: number } | null;

/** The readouts, in the order a mastering engineer reads them; each written into the DOM as readings arrive. */
const READOUTS: { key: keyof LoudnessReading; label: string; unit: string; id: string }[] = [
  { key: "momentary", label: "Momentary", unit: "LUFS", id: "momentary" },
  { key: "shortTerm", label: "Short-term", unit: "LUFS", id: "short-term" },
  { key: "integrated", label: "Integrated", unit: "LUFS", id: "integrated" },
  { key: "lra", label: "Range", unit: "LU", id: "lra" },
  { key: "truePeakDbtp", label: "True peak", unit: "dBTP", id: "true-peak" },
  { key: "samplePeakDbfs", label: "Sample peak", unit: "dBFS", id: "sample-peak" },
];

const show = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? "—" : v.toFixed(1).replace(/^-/, "−");

/**
 * The live loudness meter of this browser's playback (the engine's master-output worklet): momentary,
 * short-term and integrated loudness, loudness range, true and sample peak, the history graph, and how far the
 * integrated reading and the true peak are from the chosen target. Values are written to the DOM each frame,
 * never through React state (the meter updates ten times a second while everything else stays still).
 */
export function LoudnessMeter({ engine, target }: { engine: AudioEngine | null; target: Target }) {
  const root = useRef<HTMLDivElement>(null);
  const seen = useRef(-1);
  const meter = engine?.masterLoudness() ?? null;
  useFrameLoop(meter !== null, () => {
    const el = root.current;
    if (!el || !meter || meter.changes === seen.current) return;
    seen.current = meter.changes;
    const r = meter.reading;
    for (const o of READOUTS) {
      const cell = el.querySelector<HTMLElement>(`[data-testid="loudness-${o.id}"]`);
      const raw = r?.[o.key];
      if (cell) {
        cell.textContent = show(typeof raw === "number" ? raw : null);
        cell.dataset.value = typeof raw === "number" && Number.isFinite(raw) ? String(raw) : "";
      }
    }
    const delta = el.querySelector<HTMLElement>('[data-testid="loudness-to-target"]');
    if (delta) {
      const i = r?.integrated ?? null;
      delta.textContent =
        target && i !== null
          ? `${i > target.lufs ? "+" : ""}${show(i - target.lufs)} LU from the target (${show(target.lufs)} LUFS)`
          : "";
    }
    const over = target !== null && (r?.truePeakDbtp ?? -Infinity) > target.ceilingDbtp;
    el.dataset.over = String(over);
  });

  if (!meter) {
    return (
      <div className={styles.meterEmpty} data-testid="loudness-meter-idle">
        <strong>Loudness meter</strong>
        <p>Press Play: the meter measures what you hear, from the master output.</p>
      </div>
    );
  }
  return (
    <div ref={root} className={styles.meter} data-testid="loudness-meter" data-over="false">
      <div className={styles.readouts}>
        {READOUTS.map((o) => (
          <div key={o.id} className={styles.readout} data-main={o.key === "integrated" || undefined}>
            <span className={styles.readoutLabel}>{o.label}</span>
            <span className={styles.readoutValue} data-testid={`loudness-${o.id}`}>
              —
            </span>
            <span className={styles.readoutUnit}>{o.unit}</span>
          </div>
        ))}
        <div className={styles.toTarget}>
          <span data-testid="loudness-to-target" />
          {target && (
            <span className={styles.peakWarning} role="status">
              true peak over {show(target.ceilingDbtp)} dBTP
            </span>
          )}
        </div>
      </div>
      <LoudnessHistory meter={meter} target={target} />
    </div>
  );
}
