"use client";

import { LATENCY_CHOICES, type LatencyChoice } from "@bandspace/audio-engine/pure";
import type { TransportController, TransportState } from "../../lib/engine/TransportController";
import styles from "./TransportBar.module.css";

const LABELS: Record<LatencyChoice, string> = { low: "Low", balanced: "Balanced", safe: "Safe" };

/**
 * This person's audio buffer (kept in this browser, not in the document): low hears a bandmate's knob, a played
 * note or a monitored input soonest, safe crackles least on a busy machine. Beside it, what the running
 * AudioContext reports from the graph to the ear (base + output latency).
 */
export function LatencyControl({ transport, state }: { transport: TransportController; state: TransportState }) {
  const ms = state.engine === "ready" ? state.outputLatencyMs : null;
  return (
    <label
      className={styles.countIn}
      data-tooltip="Audio latency: low reacts soonest, safe crackles least (restarts audio)"
    >
      <span className={styles.latencyLabel}>Latency</span>
      <select
        className={styles.countInSelect}
        value={state.latency}
        aria-label="Audio latency"
        data-testid="transport-latency"
        onChange={(e) => transport.setLatency(e.target.value as LatencyChoice)}
      >
        {LATENCY_CHOICES.map((c) => (
          <option key={c} value={c}>
            {LABELS[c]}
          </option>
        ))}
      </select>
      <span className={styles.latencyMs} data-testid="transport-latency-ms" aria-live="polite">
        {ms === null ? "" : `${ms.toFixed(1)} ms`}
      </span>
    </label>
  );
}
