"use client";

import { useState } from "react";
import type * as Y from "yjs";
import { renameClip, type MidiClip } from "@bandspace/model";
import type { Commit } from "./editorTypes";
import styles from "./ClipEditor.module.css";

/** The clip's name in the editor header; click (or Enter) to rename it (editors only). */
export function ClipName({
  clip,
  readOnly,
  commit,
}: {
  doc: Y.Doc;
  clip: MidiClip;
  readOnly: boolean;
  commit: Commit;
}) {
  const [editing, setEditing] = useState(false);
  const canRename = !readOnly;

  if (editing && canRename) {
    const done = (value: string | null) => {
      setEditing(false);
      const name = value?.trim();
      if (!name || name === clip.name) return;
      commit((d, o) => renameClip(d, clip.id, name, o));
    };
    return (
      <input
        className={`input ${styles.nameInput}`}
        defaultValue={clip.name}
        autoFocus
        maxLength={80}
        aria-label="Clip name"
        data-testid="clip-editor-name-input"
        onFocus={(e) => e.currentTarget.select()}
        onBlur={(e) => done(e.currentTarget.value)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === "Enter") done(e.currentTarget.value);
          else if (e.key === "Escape") done(null);
        }}
      />
    );
  }
  return (
    <button
      type="button"
      className={styles.name}
      disabled={!canRename}
      onClick={() => setEditing(true)}
      title={canRename ? "Rename clip" : clip.name}
      data-testid="clip-editor-name"
    >
      {clip.name}
    </button>
  );
}
