"use client";

import type { ReactNode } from "react";
import styles from "./FormGrid.module.css";

/**
 * The two-column form of a job dialog (export, bounce): labels on the left, controls on the right. `busy` marks
 * the whole form as disabled while the job runs (each control is disabled by its own `disabled` too).
 */
export function FormGrid({ busy, children }: { busy: boolean; children: ReactNode }) {
  return (
    <div className={styles.grid} aria-disabled={busy}>
      {children}
    </div>
  );
}

/**
 * One row of a `FormGrid`: its label and its control. With `htmlFor` the label names the control (clicking it
 * focuses the control, and tests find the control by the label); without, it is a caption for a group of controls
 * that name themselves.
 */
export function FormRow({ label, htmlFor, children }: { label: string; htmlFor?: string; children: ReactNode }) {
  return (
    <>
      {htmlFor ? (
        <label className={styles.label} htmlFor={htmlFor}>
          {label}
        </label>
      ) : (
        <span className={styles.label}>{label}</span>
      )}
      {children}
    </>
  );
}

/** A `FormRow` whose control is a select; `children` are its options. */
export function SelectRow({
  id,
  label,
  value,
  disabled,
  onChange,
  children,
}: {
  id: string;
  label: string;
  value: string | number;
  disabled: boolean;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <FormRow label={label} htmlFor={id}>
      <select id={id} className="select" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </FormRow>
  );
}

/** A `FormRow` whose control is a one-line text input. */
export function TextRow({
  id,
  label,
  value,
  disabled,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  disabled: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <FormRow label={label} htmlFor={id}>
      <input id={id} className="input" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} />
    </FormRow>
  );
}

/**
 * A line of a job dialog that is not a field: why there is nothing to do yet (`empty`, above the form) or why the
 * job failed (`error`, announced to screen readers).
 */
export function FormNote({ kind, testId, children }: { kind: "empty" | "error"; testId: string; children: ReactNode }) {
  return (
    <p className={styles[kind]} role={kind === "error" ? "alert" : undefined} data-testid={testId}>
      {children}
    </p>
  );
}
