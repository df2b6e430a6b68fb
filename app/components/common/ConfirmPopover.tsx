"use client";

import type { ReactNode, RefObject } from "react";
import { Popover } from "./Popover";
import styles from "./ConfirmPopover.module.css";

export interface ConfirmPopoverProps {
  open: boolean;
  onClose: () => void;
  onConfirm: () => void;
  anchorRef: RefObject<HTMLElement | null>;
  title: string;
  body?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  placement?: "bottom-start" | "bottom-end" | "bottom";
  testId?: string;
  /** Defaults to `<testId>-confirm`. */
  confirmTestId?: string;
}

/** "Are you sure?" attached to the button that asked; the confirm button takes focus, Esc cancels. */
export function ConfirmPopover({
  open,
  onClose,
  onConfirm,
  anchorRef,
  title,
  body,
  confirmLabel,
  danger = true,
  placement = "bottom-end",
  testId,
  confirmTestId,
}: ConfirmPopoverProps) {
  return (
    <Popover open={open} onClose={onClose} anchorRef={anchorRef} label={title} placement={placement} testId={testId}>
      <div className={styles.box}>
        <p className={styles.title}>{title}</p>
        {body && <div className={styles.body}>{body}</div>}
        <div className={styles.actions}>
          <button type="button" className="btn btn-sm btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className={`btn btn-sm ${danger ? "btn-danger" : "btn-primary"}`}
            data-autofocus
            data-testid={confirmTestId ?? (testId ? `${testId}-confirm` : undefined)}
            onClick={() => {
              onConfirm();
              onClose();
            }}
          >
            {confirmLabel}
          </button>
        </div>
      </div>
    </Popover>
  );
}
