import type * as Y from "yjs";
import type { TempoMap } from "@bandspace/model";
import type { Seconds } from "../units";
import { NoteIndex, type ScheduledNote } from "./note-index";

/**
 * Which notes of the document start in the timeline window [fromSeconds, toSeconds), with their exact times
 * from `map`, sorted by time (then track, pitch, note id). The contract's pure entry point: it reads the whole
 * document, so it is for tests and one-off queries — the engine itself keeps a `NoteIndex` current from diffs
 * and asks it the same question (`NoteIndex.window`, the same code).
 */
export function notesInWindow(doc: Y.Doc, map: TempoMap, fromSeconds: Seconds, toSeconds: Seconds): ScheduledNote[] {
  return NoteIndex.fromDoc(doc).window(map, fromSeconds, toSeconds);
}
