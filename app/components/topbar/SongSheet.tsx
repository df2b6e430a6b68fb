"use client";

import { TempoControl } from "./TempoControl";
import { TimeSignatureControl } from "./TimeSignatureControl";
import { KeyControl } from "./KeyControl";
import styles from "./SongSheet.module.css";

/** Tempo, meter and key of the song — one cluster in the middle of the top bar. */
export function SongSheet() {
  return (
    <div className={styles.sheet} role="group" aria-label="Song sheet">
      <TempoControl />
      <span className={styles.divider} aria-hidden="true" />
      <TimeSignatureControl />
      <span className={styles.divider} aria-hidden="true" />
      <KeyControl />
    </div>
  );
}
