"use client";

import type { ReactNode } from "react";
import styles from "./JobProgress.module.css";

/** A labelled progress bar for long work (export, bounce); `aside` is shown at the right (time left, percent). */
export function JobProgress({
  label,
  fraction,
  aside,
  testId,
}: {
  label: string;
  /** 0..1 */
  fraction: number;
  aside: ReactNode;
  testId: string;
}) {
  const percent = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  return (
    <div className={styles.progress} data-testid={testId}>
      <div className={styles.label}>
        <span>{label}</span>
        {aside}
      </div>
      <div className={styles.bar} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className={styles.fill} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

/** The dialog's button row: Cancel while the work runs, else Close and the start button (`children`). */
export function JobActions({
  busy,
  onCancel,
  onClose,
  cancelTestId,
  children,
}: {
  busy: boolean;
  onCancel: () => void;
  onClose: () => void;
  cancelTestId: string;
  children: ReactNode;
}) {
  return (
    <div className={styles.actions}>
      {busy ? (
        <button type="button" className="btn btn-danger" onClick={onCancel} data-testid={cancelTestId}>
          Cancel
        </button>
      ) : (
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            Close
          </button>
          {children}
        </>
      )}
    </div>
  );
}
