"use client";

import { memo } from "react";
import { isBlackKey, pitchName } from "./geometry";
import styles from "./PianoRoll.module.css";

/**
 * The piano keyboard down the left of the roll, one row per MIDI pitch (127 at the top). Click a key to hear
 * it; the row under the pointer is lit. For drum clips the mapped rows show the drum's name.
 */
export const Keyboard = memo(function Keyboard({
  rowH,
  width,
  hoverPitch,
  drumNames,
  onAudition,
}: {
  rowH: number;
  width: number;
  hoverPitch: number | null;
  drumNames: ReadonlyMap<number, string> | null;
  onAudition: (pitch: number) => void;
}) {
  const keys = [];
  for (let pitch = 127; pitch >= 0; pitch--) {
    const black = isBlackKey(pitch);
    const isC = pitch % 12 === 0;
    const drum = drumNames?.get(pitch);
    const label = drum ?? (isC ? pitchName(pitch) : rowH >= 16 && !black ? pitchName(pitch) : "");
    keys.push(
      <div
        key={pitch}
        className={`${styles.key} ${black ? styles.keyBlack : styles.keyWhite} ${isC ? styles.keyC : ""} ${
          pitch % 12 === 5 ? styles.keyF : ""
        } ${hoverPitch === pitch ? styles.keyHover : ""} ${drum ? styles.keyDrum : ""}`}
        style={{ height: rowH }}
        data-testid="piano-key"
        data-pitch={pitch}
        title={drum ? `${drum} (${pitchName(pitch)})` : pitchName(pitch)}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.preventDefault();
          onAudition(pitch);
        }}
      >
        {black && !drum && <span className={styles.blackBody} />}
        {label && rowH >= 9 && <span className={styles.keyLabel}>{label}</span>}
      </div>,
    );
  }
  return (
    <div className={styles.keyboard} style={{ width }} aria-label="Keyboard — click a key to hear it">
      {keys}
    </div>
  );
});
