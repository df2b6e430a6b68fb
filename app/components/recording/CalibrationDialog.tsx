"use client";

import { useState } from "react";
import { Modal } from "../common/Modal";
import { effectiveLatencyMs } from "../../lib/takes/latency";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useRecordingState } from "./useRecording";
import styles from "./Recording.module.css";

/**
 * Latency calibration: a loopback test (clicks out, recorded back in) measures this browser + device's round
 * trip; takes are shifted by it (plus a manual offset) so they line up with what the player heard.
 */
export function CalibrationDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { recording } = useArrangementContext();
  const st = useRecordingState();
  const [offset, setOffset] = useState<string | null>(null);
  const cal = st.calibration;
  return (
    <Modal
      open={open}
      onClose={onClose}
      title="Latency calibration"
      testId="calibration-dialog"
      width={480}
      description="Hold the microphone near the speakers (or connect a cable from the output to the input), then run the test. It plays eight clicks and listens for them."
    >
      <div className={styles.calBody}>
        <div className={styles.calRow}>
          <span className={styles.calLabel}>Input</span>
          <span className={styles.calValue}>{st.inputLabel || "Not open yet"}</span>
        </div>
        <div className={styles.calRow}>
          <span className={styles.calLabel}>Measured round trip</span>
          <span
            className={styles.calValue}
            data-testid="calibration-result"
            data-latency-ms={st.latency.roundTripMs ?? undefined}
            data-first-click-ctx={cal.firstClickCtx ?? undefined}
          >
            {st.latency.roundTripMs === null ? "Not measured" : `${st.latency.roundTripMs.toFixed(1)} ms`}
            {cal.lastSpreadMs !== null && (
              <span className={styles.calHint}> (±{(cal.lastSpreadMs / 2).toFixed(1)} ms)</span>
            )}
          </span>
        </div>
        {cal.running && (
          <div
            className={styles.progress}
            role="progressbar"
            aria-valuenow={Math.round(cal.progress * 100)}
            aria-label="Calibrating"
          >
            <div className={styles.progressBar} style={{ transform: `scaleX(${cal.progress})` }} />
          </div>
        )}
        {cal.error && (
          <p className={styles.error} role="alert">
            {cal.error}
          </p>
        )}
        <label className={styles.calRow}>
          <span className={styles.calLabel}>Manual offset (ms)</span>
          <input
            className={styles.number}
            type="number"
            step={0.5}
            min={-500}
            max={500}
            data-testid="latency-offset"
            value={offset ?? String(st.latency.offsetMs)}
            onChange={(e) => setOffset(e.target.value)}
            onBlur={() => {
              if (offset !== null && Number.isFinite(Number(offset))) recording.setManualOffset(Number(offset));
              setOffset(null);
            }}
          />
        </label>
        <div className={styles.calRow}>
          <span className={styles.calLabel}>Takes are shifted by</span>
          <span className={styles.calValue} data-testid="latency-total">
            {effectiveLatencyMs(st.latency).toFixed(1)} ms
          </span>
        </div>
        <div className={styles.calActions}>
          <button type="button" className={styles.secondary} onClick={onClose}>
            Done
          </button>
          <button
            type="button"
            className={styles.primary}
            data-testid="calibration-run"
            disabled={cal.running}
            onClick={() => void recording.calibrate()}
          >
            {cal.running ? "Listening…" : st.latency.roundTripMs === null ? "Run loopback test" : "Measure again"}
          </button>
        </div>
      </div>
    </Modal>
  );
}
