"use client";

import { useEffect, type ReactNode } from "react";
import { Icon } from "../common/Icon";
import styles from "./Cleanup.module.css";

/**
 * The frame of a clean-up panel: floating and non-modal, so the clip it works on (and the strip-silence preview
 * over it) stays in view. Keys typed in it are its own (data-own-shortcuts); Escape closes it.
 */
export function CleanupPanel({
  title,
  testId,
  onClose,
  children,
}: {
  title: string;
  testId: string;
  onClose: () => void;
  children: ReactNode;
}) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented) onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <section
      className={styles.panel}
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${testId}-title`}
      data-testid={testId}
      data-own-shortcuts
    >
      <header className={styles.header}>
        <h2 className={styles.title} id={`${testId}-title`}>
          {title}
        </h2>
        <button type="button" className="icon-btn" onClick={onClose} aria-label="Close">
          <Icon name="close" />
        </button>
      </header>
      {children}
    </section>
  );
}

/** A progress bar with a cancel button, for reading a long take. */
export function AnalysisProgress({ fraction, onCancel }: { fraction: number; onCancel: () => void }) {
  return (
    <div className={styles.progress} data-testid="cleanup-progress">
      <progress max={1} value={fraction} aria-label="Reading the recording" />
      <button type="button" className="btn" onClick={onCancel} data-testid="cleanup-cancel-analysis">
        Stop
      </button>
    </div>
  );
}

/** How far a panel's reading of the take has come; `done` carries the panel's own result. */
export type CleanupAnalysis =
  | { state: "reading"; fraction: number }
  | { state: "done" }
  | { state: "stopped" }
  | { state: "failed"; message: string };

/**
 * The bottom of a clean-up panel: the reading's status (progress with Stop, why it stopped or failed, and the
 * panel's own `result` once done), then Cancel and the panel's apply button. `testId` prefixes the status
 * (`-status`, with the state in data-state) and the apply button (`-apply`).
 */
export function CleanupFooter({
  testId,
  analysis,
  onStop,
  stoppedText,
  result,
  onCancel,
  apply,
}: {
  testId: string;
  analysis: CleanupAnalysis;
  onStop: () => void;
  stoppedText: string;
  result: ReactNode;
  onCancel: () => void;
  apply: { label: string; disabled: boolean; title?: string; onClick: () => void };
}) {
  return (
    <>
      <div className={styles.status} data-testid={`${testId}-status`} data-state={analysis.state}>
        {analysis.state === "reading" && <AnalysisProgress fraction={analysis.fraction} onCancel={onStop} />}
        {analysis.state === "stopped" && stoppedText}
        {analysis.state === "failed" && <span className={styles.error}>{analysis.message}</span>}
        {analysis.state === "done" && result}
      </div>
      <div className={styles.actions}>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-primary"
          data-testid={`${testId}-apply`}
          disabled={apply.disabled}
          title={apply.title}
          onClick={apply.onClick}
        >
          {apply.label}
        </button>
      </div>
    </>
  );
}

/** A labelled number field of a clean-up panel; what is typed is kept within [min, max], a blank is ignored. */
export function CleanupNumberField({
  label,
  min,
  max,
  step,
  value,
  testId,
  onChange,
}: {
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  testId: string;
  onChange: (value: number) => void;
}) {
  return (
    <label style={{ display: "contents" }}>
      <span>{label}</span>
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={value}
        data-testid={testId}
        onChange={(e) => {
          const v = e.currentTarget.valueAsNumber;
          if (Number.isFinite(v)) onChange(Math.min(max, Math.max(min, v)));
        }}
      />
    </label>
  );
}
