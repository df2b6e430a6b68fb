"use client";

import { useSyncExternalStore } from "react";
import { Modal } from "../common/Modal";
import { midiImportStore } from "./midiImportStore";
import styles from "./MidiImportDialog.module.css";

/**
 * After a MIDI import: what came in (tracks, notes, tempo and meter changes, key) and anything that could not
 * be kept as it was. Before importing a damaged file: what is missing, and the choice to import the rest.
 */
export function MidiImportDialog() {
  const state = useSyncExternalStore(midiImportStore.subscribe, midiImportStore.get, () => null);
  const close = () => midiImportStore.set(null);
  if (!state) return null;
  if (state.kind === "damaged") {
    return (
      <Modal
        open
        onClose={close}
        title="This MIDI file is damaged"
        description={`“${state.fileName}” is incomplete. Bandspace can import what it can read; this is what would be missing:`}
        testId="midi-damaged-dialog"
      >
        <ul className={styles.list} data-testid="midi-damage-list">
          {state.damage.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
        <div className={styles.actions}>
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="midi-import-anyway"
            onClick={() => {
              close();
              state.importAnyway();
            }}
          >
            Import what can be read
          </button>
        </div>
      </Modal>
    );
  }
  const [summary, ...notes] = state.lines;
  return (
    <Modal
      open
      onClose={close}
      title={`Imported “${state.fileName}”`}
      description={summary}
      testId="midi-import-report"
    >
      {notes.length > 0 ? (
        <ul className={styles.list} data-testid="midi-import-notes">
          {notes.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : (
        <p className={styles.ok}>Everything in the file was kept.</p>
      )}
      <div className={styles.actions}>
        <button type="button" className="btn btn-primary" onClick={close} autoFocus>
          Done
        </button>
      </div>
    </Modal>
  );
}
