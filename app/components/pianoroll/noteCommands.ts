import { addNotes, deleteNotes, moveNotes, updateNotes, type Note, type NoteInit } from "@bandspace/model";
import type { Commit } from "./editorTypes";

/**
 * What a piano-roll gesture or shortcut asks of the document, as data: the pure reducers return these, and
 * `runNoteCommand` turns each into one model operation (one transaction, one undo step).
 */
export type NoteCommand =
  | {
      kind: "add";
      notes: NoteInit[];
      /** Select the new notes afterwards. */
      selectAdded: boolean;
      /** A drawn note's length becomes the length of the next one drawn. */
      rememberLength?: number;
    }
  | { kind: "move"; ids: string[]; ticks: number; pitch: number }
  | { kind: "update"; patches: ({ id: string } & Partial<NoteInit>)[] }
  | { kind: "delete"; ids: string[] };

/** Applies one command; returns the notes it added (add only; undefined when the edit was refused). */
export function runNoteCommand(cmd: NoteCommand, clipId: string, commit: Commit): Note[] | undefined {
  switch (cmd.kind) {
    case "add":
      return commit((doc, origin) => addNotes(doc, clipId, cmd.notes, origin));
    case "move":
      commit((doc, origin) => moveNotes(doc, clipId, cmd.ids, { ticks: cmd.ticks, pitch: cmd.pitch }, origin));
      return undefined;
    case "update":
      commit((doc, origin) => updateNotes(doc, clipId, cmd.patches, origin));
      return undefined;
    case "delete":
      commit((doc, origin) => deleteNotes(doc, clipId, cmd.ids, origin));
      return undefined;
  }
}
