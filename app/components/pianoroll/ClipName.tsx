"use client";

import { useState } from "react";
import type * as Y from "yjs";
import * as model from "@bandspace/model";
import type { MidiClip, Origin } from "@bandspace/model";
import type { Commit } from "./PianoRoll";
import styles from "./ClipEditor.module.css";

type RenameClip = (doc: Y.Doc, id: string, name: string, origin: Origin) => void;

/**
 * The model operation that renames a clip. The arrangement contract has none yet (clips get their name from
 * addMidiClip / duplicateClip); until `renameClip` is exported the name is shown but not editable.
 */
const renameClip: RenameClip | undefined = (model as unknown as { renameClip?: RenameClip }).renameClip;

/** The clip's name in the editor header; click (or Enter) to rename when the model allows it. */
export function ClipName({ clip, readOnly, commit }: { doc: Y.Doc; clip: MidiClip; readOnly: boolean; commit: Commit }) {
  const [editing, setEditing] = useState(false);
  const canRename = !readOnly && typeof renameClip === "function";

  if (editing && canRename) {
    const done = (value: string | null) => {
      setEditing(false);
      const name = value?.trim();
      if (!name || name === clip.name) return;
      commit((d, o) => renameClip!(d, clip.id, name, o));
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
