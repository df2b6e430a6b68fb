"use client";

import { useRef } from "react";
import { Icon } from "../common/Icon";
import { Popover } from "../common/Popover";
import styles from "./ShortcutsHelp.module.css";

/** `keys` are pressed together; `or` marks alternatives instead. */
export const SHORTCUTS: Array<{ keys: string[]; action: string; edit?: boolean; or?: boolean }> = [
  { keys: ["T"], action: "Add an audio track", edit: true },
  { keys: ["⇧", "T"], action: "Add an instrument track", edit: true },
  { keys: ["↑"], action: "Select the track above" },
  { keys: ["↓"], action: "Select the track below" },
  { keys: ["Alt", "↑ / ↓"], action: "Move the selected track", edit: true },
  { keys: ["F2", "Enter"], action: "Rename the selected track", edit: true, or: true },
  { keys: ["Delete", "⌫"], action: "Delete the selected track", edit: true, or: true },
  { keys: ["Esc"], action: "Clear the selection" },
  { keys: ["?"], action: "Show these shortcuts" },
];

export function ShortcutsHelp({ open, onOpenChange, canEdit }: { open: boolean; onOpenChange: (open: boolean) => void; canEdit: boolean }) {
  const anchor = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={anchor}
        type="button"
        className="icon-btn"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        aria-expanded={open}
        data-testid="shortcuts-button"
        onClick={() => onOpenChange(!open)}
      >
        <Icon name="help" />
      </button>
      <Popover
        open={open}
        onClose={() => onOpenChange(false)}
        anchorRef={anchor}
        label="Keyboard shortcuts"
        placement="bottom-end"
        testId="shortcuts-help"
        autoFocus={false}
      >
        <div className={styles.panel}>
          <p className={styles.title}>Keyboard shortcuts</p>
          <dl className={styles.list}>
            {SHORTCUTS.map((s) => (
              <div key={s.action} className={`${styles.row} ${s.edit && !canEdit ? styles.unavailable : ""}`}>
                <dt className={styles.keys}>
                  {s.keys.map((k, i) => (
                    <span key={k} className={styles.key}>
                      {i > 0 && s.or && <span className={styles.or}>or</span>}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </dt>
                <dd className={styles.action}>{s.action}</dd>
              </div>
            ))}
          </dl>
          {!canEdit && <p className={styles.note}>Editing shortcuts are off: your link is read-only.</p>}
        </div>
      </Popover>
    </>
  );
}
