"use client";

import { memo, type CSSProperties } from "react";
import type { Note } from "@bandspace/model";
import { pitchToY, tickToX, type RollScale } from "./geometry";
import styles from "./PianoRoll.module.css";

/** One note rectangle: velocity as brightness, a bandmate's selection as an outline in their colour. */
export const NoteView = memo(function NoteView({
  note,
  scale,
  selected,
  dragging,
  ghost,
  label,
  remote,
}: {
  note: Note;
  scale: RollScale;
  selected: boolean;
  dragging: boolean;
  /** A preview (a note being drawn or copied), not a note in the document. */
  ghost?: boolean;
  label: string;
  remote?: { name: string; color: string };
}) {
  const x = tickToX(note.startTick, scale);
  const w = Math.max(3, note.durationTicks * scale.ppt - 1);
  const v = note.velocity / 127;
  const className = [
    styles.note,
    selected && styles.noteSelected,
    dragging && styles.noteDragging,
    ghost && styles.noteGhost,
    remote && styles.noteRemote,
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <div
      className={className}
      style={
        {
          transform: `translate(${x}px, ${pitchToY(note.pitch, scale)}px)`,
          width: w,
          height: scale.rowH - 1,
          "--vel": `${Math.round(35 + v * 65)}%`,
          ...(remote ? { "--remote": remote.color } : {}),
        } as CSSProperties
      }
      data-testid={ghost ? "note-preview" : "note"}
      data-note-id={ghost ? undefined : note.id}
      data-pitch={note.pitch}
      data-start-tick={note.startTick}
      data-duration-ticks={note.durationTicks}
      data-velocity={note.velocity}
      data-selected={selected ? "true" : undefined}
      data-remote-selected-by={remote?.name}
      title={ghost ? undefined : `${label} · velocity ${note.velocity}${remote ? ` · selected by ${remote.name}` : ""}`}
    >
      {w > 26 && scale.rowH >= 10 && <span className={styles.noteLabel}>{label}</span>}
    </div>
  );
});
