"use client";

import { useSyncExternalStore } from "react";
import { useConnectionState } from "../../lib/collab/useConnectionState";
import { usePresence } from "../../lib/collab/usePresence";
import { useSong } from "../../lib/collab/useSong";
import { ROLE_BADGE } from "../../lib/format";
import { useStudio } from "./StudioContext";
import styles from "./StatusBar.module.css";

const PHASE_TEXT = {
  connecting: "Connecting…",
  live: "Connected",
  reconnecting: "Reconnecting…",
  closed: "Disconnected",
} as const;

/** The bottom strip: connection state, who's here, counts, and the shortcut hint. */
export function StatusBar() {
  const { connection, sessionName, role } = useStudio();
  const state = useConnectionState(connection);
  const { tracks } = useSong(connection);
  const people = usePresence(connection).length;
  const unsaved = useSyncExternalStore(connection.unsaved.subscribe, connection.unsaved.get, connection.unsaved.get);

  return (
    <footer className={styles.bar}>
      <span className={styles.item} data-testid="connection-status" data-phase={state.phase}>
        <span className={`${styles.dot} ${styles[state.phase]}`} aria-hidden="true" />
        {PHASE_TEXT[state.phase]}
      </span>
      {unsaved > 0 && (
        <>
          <span className={styles.sep} aria-hidden="true" />
          <span className={styles.item} data-testid="unsaved-count" data-count={unsaved}>
            {unsaved} {unsaved === 1 ? "change" : "changes"} waiting to be saved
          </span>
        </>
      )}
      <span className={styles.sep} aria-hidden="true" />
      <span className={styles.item}>{sessionName}</span>
      <span className={styles.sep} aria-hidden="true" />
      <span className={styles.item}>
        {people} {people === 1 ? "person" : "people"} here
      </span>
      <span className={styles.sep} aria-hidden="true" />
      <span className={styles.item}>
        {tracks.length} {tracks.length === 1 ? "track" : "tracks"}
      </span>
      <span className={styles.spacer} />
      <span className={styles.item}>You: {ROLE_BADGE[role]}</span>
      <span className={styles.sep} aria-hidden="true" />
      <span className={styles.item}>
        Press <kbd>?</kbd> for shortcuts
      </span>
    </footer>
  );
}
