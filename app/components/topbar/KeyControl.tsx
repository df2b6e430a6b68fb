"use client";

import { KEY_MODES, PITCH_CLASS_NAMES, setKey, type KeyMode, type PitchClassName } from "@bandspace/model";
import { useSong } from "../../lib/collab/useSong";
import { useStudio } from "../studio/StudioContext";
import sheet from "./SongSheet.module.css";
import styles from "./KeyControl.module.css";

/** "F#" → "F♯", "Bb" → "B♭" for display; the stored spelling stays ASCII. */
export function prettyTonic(tonic: string): string {
  return tonic.length === 2 ? tonic[0] + (tonic[1] === "#" ? "♯" : "♭") : tonic;
}

/** The key: tonic and major/minor, two compact selects. */
export function KeyControl() {
  const { connection, canEditSong, edit } = useStudio();
  const { song } = useSong(connection);
  const { tonic, mode } = song.key;

  const apply = (next: { tonic: PitchClassName; mode: KeyMode }) => {
    if (next.tonic === tonic && next.mode === mode) return;
    edit((doc, origin) => setKey(doc, next, origin));
  };

  return (
    <div className={sheet.cell} role="group" aria-label="Key" data-testid="key" data-value={`${tonic} ${mode}`}>
      <span className={sheet.label} aria-hidden="true">
        Key
      </span>
      <select
        className={`${styles.select} ${styles.tonic}`}
        value={tonic}
        aria-label="Key tonic"
        disabled={!canEditSong}
        data-testid="key-tonic"
        onChange={(e) => apply({ tonic: e.target.value as PitchClassName, mode })}
      >
        {PITCH_CLASS_NAMES.map((t) => (
          <option key={t} value={t}>
            {prettyTonic(t)}
          </option>
        ))}
      </select>
      <select
        className={styles.select}
        value={mode}
        aria-label="Key mode"
        disabled={!canEditSong}
        data-testid="key-mode"
        onChange={(e) => apply({ tonic, mode: e.target.value as KeyMode })}
      >
        {KEY_MODES.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
    </div>
  );
}
