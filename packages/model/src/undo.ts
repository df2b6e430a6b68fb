import * as Y from "yjs";
import { assertOrigin, type Origin } from "./origin";
import { clipsMap, sectionsMap, songMap, tempoChangesMap, tracksMap, transportMap } from "./roots";
import { audioClipsMap } from "./takes/store";
import { compSegmentsMap } from "./edit/comp-fields";
import { automationMap, busesMap, insertsMap, masterMap, sendsMap } from "./mix/fields";

/** Edits by one person closer together than this are one undo step (a burst from one gesture, e.g. an import). */
export const UNDO_CAPTURE_MS = 400;

/**
 * Per-person undo for a song doc: a Yjs UndoManager over every arrangement root (song sheet, tracks, tempo
 * changes, sections with their lyrics and chords, clips with their notes, audio clips and which take each plays, their
 * trims, fades and comp choices, the loop range, the whole mix; not the register of recorded takes, which only ever
 * grows and is kept for versions) that tracks only
 * transactions made with this person's `origin` object — so Undo takes back what *I* did, never a bandmate's
 * edit, and an undo is itself an ordinary change everyone receives. The origin must be the very object passed
 * to the model operations (Yjs matches tracked origins by identity).
 */
export function createUndoManager(
  doc: Y.Doc,
  origin: Extract<Origin, { kind: "user" }>,
  captureTimeout = UNDO_CAPTURE_MS,
): Y.UndoManager {
  assertOrigin(origin);
  const scope = [
    songMap(doc),
    tracksMap(doc),
    tempoChangesMap(doc),
    sectionsMap(doc),
    clipsMap(doc),
    audioClipsMap(doc),
    compSegmentsMap(doc),
    transportMap(doc),
    // The mix (issue #17): buses, inserts with their parameters, sends, automation, the master strip.
    busesMap(doc),
    insertsMap(doc),
    sendsMap(doc),
    automationMap(doc),
    masterMap(doc),
  ];
  return new Y.UndoManager(scope, { trackedOrigins: new Set([origin]), captureTimeout });
}

/**
 * Runs `fn` — which may make several transactions, e.g. a large MIDI import applied in chunks that each stay under
 * the server's message limit — as exactly one undo step of `manager`, however long it takes: the capture window
 * is a time, so on a slow machine the chunks would otherwise fall into several steps. The steps before and after
 * stay separate.
 */
export function asOneUndoStep<T>(manager: Y.UndoManager | null, fn: () => T): T {
  if (!manager) return fn();
  const window = manager.captureTimeout;
  manager.stopCapturing(); // never merge into the step before
  manager.captureTimeout = Number.POSITIVE_INFINITY;
  try {
    return fn();
  } finally {
    manager.captureTimeout = window;
    manager.stopCapturing(); // nor the step after into this one
  }
}
