"use client";

import type { MidiClip, TempoMap } from "@bandspace/model";
import { Icon } from "../common/Icon";
import styles from "./ClipEditor.module.css";

/** The editor's footer: note and selection counts, where the clip is, and the keys for the current mode. */
export function ClipEditorStatus({
  clip,
  map,
  mode,
  readOnly,
  noteCount,
  selectedCount,
}: {
  clip: MidiClip;
  map: TempoMap;
  mode: "steps" | "roll";
  readOnly: boolean;
  noteCount: number;
  selectedCount: number;
}) {
  return (
    <div className={styles.footer} data-testid="clip-editor-status">
      <span className="tabular">
        {noteCount} {noteCount === 1 ? "note" : "notes"}
        {selectedCount > 0 && <> · {selectedCount} selected</>}
      </span>
      <span className={styles.footerSep} />
      <span className="tabular">
        {map.formatPosition(clip.startTick)} · {Math.round((clip.lengthTicks / map.ticksPerBar) * 100) / 100} bars
      </span>
      <span className={styles.spacer} />
      {readOnly ? (
        <span className={styles.hint}>
          <Icon name="eye" size={12} /> View only — click keys or notes to listen
        </span>
      ) : mode === "roll" ? (
        <span className={styles.hint}>
          <kbd>Del</kbd> delete · <kbd>↑↓</kbd> semitone · <kbd>⇧↑↓</kbd> octave · <kbd>←→</kbd> grid ·{" "}
          <kbd>Ctrl D</kbd> duplicate · <kbd>Alt</kbd> no snap · right-click deletes
        </span>
      ) : (
        <span className={styles.hint}>
          Click a step to toggle · drag to paint · <kbd>⇧</kbd> accent · <kbd>Alt</kbd> ghost · click a drum to hear it
        </span>
      )}
    </div>
  );
}
