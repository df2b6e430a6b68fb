"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { Icon } from "./Icon";
import styles from "./Modal.module.css";

export interface ModalProps {
  open: boolean;
  /** Called on Escape, the close button, or a click on the backdrop. Omit to make the modal mandatory. */
  onClose?: () => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  width?: number;
  testId?: string;
}

/** A modal dialog on the native <dialog> element: focus is trapped and restored by the browser. */
export function Modal({ open, onClose, title, description, children, width = 440, testId }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const onCancel = (e: Event) => {
      e.preventDefault();
      onClose?.();
    };
    dialog.addEventListener("cancel", onCancel);
    return () => dialog.removeEventListener("cancel", onCancel);
  }, [onClose]);

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      style={{ width }}
      aria-labelledby={testId ? `${testId}-title` : undefined}
      data-testid={testId}
      onMouseDown={(e) => {
        if (e.target === ref.current && onClose) onClose();
      }}
      onKeyDown={(e) => e.stopPropagation()}
    >
      {open && (
        <div className={styles.inner}>
          <header className={styles.header}>
            <div>
              <h2 className={styles.title} id={testId ? `${testId}-title` : undefined}>
                {title}
              </h2>
              {description && <p className={styles.description}>{description}</p>}
            </div>
            {onClose && (
              <button type="button" className="icon-btn" onClick={onClose} aria-label="Close">
                <Icon name="close" />
              </button>
            )}
          </header>
          {children}
        </div>
      )}
    </dialog>
  );
}
