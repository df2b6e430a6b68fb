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
