import type * as Y from "yjs";
import { CLIP_FIELDS, CLIP_PEDAL_FIELD, DEFAULT_CLIP_NAME, type PedalRange } from "./arrangement-fields";
import { validateClipName, validateEnd, validateLength, validateNoteInit, validateTick } from "./arrangement-validate";
import {
  clipEntries,
  compareClips,
  findClip,
  insertClip,
  noteEntries,
  notesMapOf,
  requireClip,
  requireInstrumentTrack,
  type MidiClip,
  type NoteInit,
} from "./clip-store";
import { ModelError } from "./errors";
import { NOTE_FIELDS } from "./arrangement-fields";
import { transactAs, type Origin } from "./origin";
import { clipsMap, setIfChanged } from "./roots";

export type { MidiClip, Note, NoteInit } from "./clip-store";

export interface AddMidiClipInit {
  trackId: string;
  startTick: number;
  lengthTicks: number;
  name?: string;
  notes?: NoteInit[];
}

/** Every clip on instrument tracks (or on one track), by startTick then id. Orphan clips are skipped. */
export function listClips(doc: Y.Doc, trackId?: string): MidiClip[] {
  return clipEntries(doc)
    .map((e) => e.clip)
    .filter((c) => trackId === undefined || c.trackId === trackId)
    .sort(compareClips);
}

export function getClip(doc: Y.Doc, id: string): MidiClip | null {
  return findClip(doc, id)?.clip ?? null;
}

export function addMidiClip(doc: Y.Doc, init: AddMidiClipInit, origin: Origin): MidiClip {
  if (typeof init !== "object" || init === null)
    throw new ModelError("INVALID_TICK", "A clip needs a track, a start and a length.");
  const trackId = requireInstrumentTrack(doc, init.trackId);
  const startTick = validateTick(init.startTick, "The clip's start");
  const lengthTicks = validateLength(init.lengthTicks, "The clip's length");
  validateEnd(startTick, lengthTicks, "The clip");
  const name = init.name === undefined ? DEFAULT_CLIP_NAME : validateClipName(init.name);
  const notes = (init.notes ?? []).map(validateNoteInit);
  let id = "";
  transactAs(doc, origin, () => {
    id = insertClip(doc, { trackId, name, startTick, lengthTicks }, notes);
  });
  return getClip(doc, id)!;
}

/** Moves a clip in time and/or to another instrument track; its notes move with it. */
export function moveClip(doc: Y.Doc, id: string, to: { startTick?: number; trackId?: string }, origin: Origin): void {
  const { clip, map } = requireClip(doc, id);
  const startTick = to?.startTick === undefined ? clip.startTick : validateTick(to.startTick, "The clip's start");
  validateEnd(startTick, clip.lengthTicks, "The clip");
  const trackId = to?.trackId === undefined ? clip.trackId : requireInstrumentTrack(doc, to.trackId);
  transactAs(doc, origin, () => {
    setIfChanged(map, CLIP_FIELDS.startTick.key, startTick);
    setIfChanged(map, CLIP_FIELDS.trackId.key, trackId);
  });
}

/**
 * Moves a clip's edges. Moving the start keeps the end (unless lengthTicks is given too) and keeps the notes at
 * their absolute time: their relative starts shift, and notes that would start before the new start are
 * deleted (they were trimmed off). Shortening from the end keeps later notes, silent, until it is lengthened.
 */
export function resizeClip(
  doc: Y.Doc,
  id: string,
  edges: { startTick?: number; lengthTicks?: number },
  origin: Origin,
): void {
  const { clip, map } = requireClip(doc, id);
  const startTick = edges?.startTick === undefined ? clip.startTick : validateTick(edges.startTick, "The clip's start");
  let lengthTicks: number;
  if (edges?.lengthTicks !== undefined) lengthTicks = validateLength(edges.lengthTicks, "The clip's length");
  else {
    lengthTicks = clip.startTick + clip.lengthTicks - startTick;
    if (lengthTicks < 1) throw new ModelError("INVALID_LENGTH", "The clip's start must stay before its end.");
  }
  validateEnd(startTick, lengthTicks, "The clip");
  const delta = startTick - clip.startTick;
  const notes = delta === 0 ? [] : noteEntries(map);
  for (const { note } of notes) validateTick(note.startTick - delta < 0 ? 0 : note.startTick - delta, "A note's start");
  transactAs(doc, origin, () => {
    setIfChanged(map, CLIP_FIELDS.startTick.key, startTick);
    setIfChanged(map, CLIP_FIELDS.lengthTicks.key, lengthTicks);
    const notesMap = notesMapOf(map);
    for (const { note, map: noteMap } of notes) {
      const rel = note.startTick - delta;
      if (rel < 0) notesMap?.delete(note.id);
      else noteMap.set(NOTE_FIELDS.startTick.key, rel);
    }
  });
}

/** Renames a clip (one line, trimmed; the same limits as at creation). */
export function renameClip(doc: Y.Doc, id: string, name: string, origin: Origin): void {
  const { map } = requireClip(doc, id);
  const valid = validateClipName(name);
  transactAs(doc, origin, () => setIfChanged(map, CLIP_FIELDS.name.key, valid));
}

export function deleteClip(doc: Y.Doc, id: string, origin: Origin): void {
  requireClip(doc, id);
  transactAs(doc, origin, () => clipsMap(doc).delete(id));
}

/** A copy (name, notes) placed right after the original on the same track. */
export function duplicateClip(doc: Y.Doc, id: string, origin: Origin): MidiClip {
  const { clip, map } = requireClip(doc, id);
  const startTick = clip.startTick + clip.lengthTicks;
  validateEnd(startTick, clip.lengthTicks, "The copy");
  const notes = noteEntries(map).map((e) => e.note);
  let copyId = "";
  transactAs(doc, origin, () => {
    copyId = insertClip(
      doc,
      { trackId: clip.trackId, name: clip.name, startTick, lengthTicks: clip.lengthTicks, pedal: clip.pedal },
      notes,
    );
  });
  return getClip(doc, copyId)!;
}

/**
 * Sets the clip's sustain pedal ranges (relative to the clip start; sorted, non-overlapping, start < end),
 * replacing the previous ones; an empty list removes the pedal.
 */
export function setClipPedal(doc: Y.Doc, clipId: string, ranges: readonly PedalRange[], origin: Origin): void {
  if (!CLIP_PEDAL_FIELD.isValid(ranges)) {
    throw new ModelError(
      "INVALID_TICK",
      "Sustain pedal ranges must be whole ticks from the clip start, in order, each ending after it starts and before the next.",
    );
  }
  const found = findClip(doc, clipId);
  if (!found) throw new ModelError("CLIP_NOT_FOUND", "That clip no longer exists.");
  transactAs(doc, origin, () => {
    if (ranges.length === 0) found.map.delete(CLIP_PEDAL_FIELD.key);
    else
      found.map.set(
        CLIP_PEDAL_FIELD.key,
        ranges.map((r) => ({ startTick: r.startTick, endTick: r.endTick })),
      );
  });
}
