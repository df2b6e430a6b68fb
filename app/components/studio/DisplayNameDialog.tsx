"use client";

import { DisplayNameForm } from "../common/DisplayNameForm";
import { Modal } from "../common/Modal";
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
      <DisplayNameForm
        initial={initial}
        placeholder="e.g. Sam"
        onSubmit={() => onClose?.()}
        actionsClassName={styles.actions}
        actions={
          <>
            {onClose && (
              <button type="button" className="btn btn-ghost" onClick={onClose}>
                Cancel
              </button>
            )}
            <button type="submit" className="btn btn-primary" data-testid="display-name-submit">
              {onClose ? "Save" : "Enter the studio"}
            </button>
          </>
        }
      />
    </Modal>
  );
}
