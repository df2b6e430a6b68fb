"use client";

import { useState, type FormEvent } from "react";
import { DISPLAY_NAME_MAX, saveDisplayName } from "../../lib/storage";
import { Modal } from "../common/Modal";
import { Icon } from "../common/Icon";
import styles from "./DisplayNameDialog.module.css";

/**
 * Asks for the name collaborators will see. Used before entering a session (mandatory) and from the
 * presence menu to change it (`onClose` given).
 */
export function DisplayNameDialog({
  sessionName,
  initial = "",
  onClose,
}: {
  sessionName?: string;
  initial?: string;
  onClose?: () => void;
}) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError("Tell your bandmates who you are.");
      return;
    }
    saveDisplayName(trimmed);
    onClose?.();
  }

  return (
    <Modal
      open
      onClose={onClose}
      title={onClose ? "Change your name" : "What should your bandmates call you?"}
      description={
        onClose
          ? "Everyone in the session sees the new name right away."
          : sessionName
            ? `You're about to join “${sessionName}”. Your name appears on your avatar and edits.`
            : "Your name appears on your avatar and edits."
      }
      width={420}
      testId="display-name-dialog"
    >
      <form onSubmit={onSubmit} noValidate>
        <label htmlFor="dn-input" className="field-label">
          Your name
        </label>
        <input
          id="dn-input"
          className="input input-lg"
          style={{ width: "100%" }}
          value={name}
          maxLength={DISPLAY_NAME_MAX}
          autoComplete="nickname"
          placeholder="e.g. Sam"
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
          aria-invalid={error ? true : undefined}
          data-testid="display-name-input"
          autoFocus
        />
        {error ? (
          <p className="field-error" role="alert">
            <Icon name="alert" size={14} />
            {error}
          </p>
        ) : (
          <p className="field-hint">Remembered on this device.</p>
        )}
        <div className={styles.actions}>
          {onClose && (
            <button type="button" className="btn btn-ghost" onClick={onClose}>
              Cancel
            </button>
          )}
          <button type="submit" className="btn btn-primary" data-testid="display-name-submit">
            {onClose ? "Save" : "Enter the studio"}
          </button>
        </div>
      </form>
    </Modal>
  );
}
