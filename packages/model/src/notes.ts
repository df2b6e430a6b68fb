import type * as Y from "yjs";
import { NOTE_FIELDS } from "./arrangement-fields";
import {
  validateGridTicks,
  validateLength,
  validateNoteInit,
  validatePitch,
  validateTick,
  validateVelocity,
} from "./arrangement-validate";
import {
  compareNotes,
  findClip,
  insertNote,
  noteEntries,
  notesMapOf,
  readNote,
  requireClip,
  type Note,
  type NoteInit,
} from "./clip-store";
import { ModelError } from "./errors";
import { transactAs, type Origin } from "./origin";
import { setIfChanged, type EntityMap } from "./roots";
import { LIMITS } from "./schema";

/** A clip's notes, by startTick, pitch, id. Empty for a clip that does not exist. */
export function listNotes(doc: Y.Doc, clipId: string): Note[] {
  const found = findClip(doc, clipId);
  return found
    ? noteEntries(found.map)
        .map((e) => e.note)
        .sort(compareNotes)
    : [];
}

/** Notes of the clip by id, or NOTE_NOT_FOUND for any id that is not there. */
function requireNotes(clipMap: EntityMap, ids: readonly string[]): Map<string, { note: Note; map: EntityMap }> {
  // Called from UI code with whatever was selected; checked through `unknown` so Array.isArray does not widen
  // `ids` itself to any[].
  const given: unknown = ids;
  if (!Array.isArray(given)) throw new ModelError("NOTE_NOT_FOUND", "Select the notes to change first.");
  const all = new Map(noteEntries(clipMap).map((e) => [e.note.id, e]));
  const out = new Map<string, { note: Note; map: EntityMap }>();
  for (const id of ids) {
    const entry = all.get(id);
    if (!entry)
      throw new ModelError("NOTE_NOT_FOUND", "One of those notes no longer exists — someone may have deleted it.");
    out.set(id, entry);
  }
  return out;
}

function writableNotesMap(clipMap: EntityMap): Y.Map<unknown> {
  const notes = notesMapOf(clipMap);
  if (!notes)
    throw new ModelError("CLIP_NOT_FOUND", "That clip is damaged and cannot take notes until the song is repaired.");
  return notes;
}

/** Adds notes to a clip; returns them (with their new ids) in the order given. */
export function addNotes(doc: Y.Doc, clipId: string, notes: NoteInit[], origin: Origin): Note[] {
  const { map } = requireClip(doc, clipId);
  if (!Array.isArray(notes)) throw new ModelError("INVALID_PITCH", "Give a list of notes to add.");
  const valid = notes.map(validateNoteInit);
  const notesMap = writableNotesMap(map);
  const ids: string[] = [];
  transactAs(doc, origin, () => {
    for (const note of valid) ids.push(insertNote(notesMap, note));
  });
  return ids.map((id) => readNote(id, notesMap.get(id) as EntityMap));
}

/** Sets the given fields of each note. Every id must exist. */
export function updateNotes(
  doc: Y.Doc,
  clipId: string,
  patches: ({ id: string } & Partial<NoteInit>)[],
  origin: Origin,
): void {
  const { map } = requireClip(doc, clipId);
  if (!Array.isArray(patches)) throw new ModelError("NOTE_NOT_FOUND", "Select the notes to change first.");
  const entries = requireNotes(
    map,
    patches.map((p) => p?.id),
  );
  const writes = patches.map((p) => {
    const fields: [string, number][] = [];
    if (p.pitch !== undefined) fields.push([NOTE_FIELDS.pitch.key, validatePitch(p.pitch)]);
    if (p.startTick !== undefined)
      fields.push([NOTE_FIELDS.startTick.key, validateTick(p.startTick, "A note's start")]);
    if (p.durationTicks !== undefined)
      fields.push([NOTE_FIELDS.durationTicks.key, validateLength(p.durationTicks, "A note's duration")]);
    if (p.velocity !== undefined) fields.push([NOTE_FIELDS.velocity.key, validateVelocity(p.velocity)]);
    return { map: entries.get(p.id)!.map, fields };
  });
  transactAs(doc, origin, () => {
    for (const w of writes) for (const [key, value] of w.fields) setIfChanged(w.map, key, value);
  });
}

/** Moves notes by whole ticks and/or semitones. Refused if any note would leave the clip start or 0..127. */
export function moveNotes(
  doc: Y.Doc,
  clipId: string,
  ids: string[],
  delta: { ticks?: number; pitch?: number },
  origin: Origin,
): void {
  const { map } = requireClip(doc, clipId);
  const ticks = delta?.ticks ?? 0;
  const pitch = delta?.pitch ?? 0;
  if (!Number.isInteger(ticks)) throw new ModelError("INVALID_TICK", "Notes move by whole ticks.");
  if (!Number.isInteger(pitch)) throw new ModelError("INVALID_PITCH", "Notes move by whole semitones.");
  const entries = [...requireNotes(map, ids).values()];
  for (const { note } of entries) {
    if (note.startTick + ticks < 0)
      throw new ModelError("INVALID_TICK", "Notes cannot move before the start of their clip.");
    validateTick(note.startTick + ticks, "A note's start");
    if (note.pitch + pitch < 0 || note.pitch + pitch > 127) {
      throw new ModelError("INVALID_PITCH", "That would move a note outside the MIDI range (0 to 127).");
    }
  }
  transactAs(doc, origin, () => {
    for (const { note, map: noteMap } of entries) {
      setIfChanged(noteMap, NOTE_FIELDS.startTick.key, note.startTick + ticks);
      setIfChanged(noteMap, NOTE_FIELDS.pitch.key, note.pitch + pitch);
    }
  });
}

/** Deletes notes; ids that are already gone (deleted by someone else) are skipped. */
export function deleteNotes(doc: Y.Doc, clipId: string, ids: string[], origin: Origin): void {
  const { map } = requireClip(doc, clipId);
  if (!Array.isArray(ids)) throw new ModelError("NOTE_NOT_FOUND", "Select the notes to delete first.");
  const notesMap = notesMapOf(map);
  transactAs(doc, origin, () => {
    for (const id of ids) if (typeof id === "string" && notesMap?.has(id)) notesMap.delete(id);
  });
}

/**
 * Moves note starts to the nearest line of a grid counted from the song start (so notes line up across clips
 * that start off the grid). Durations are kept. `ids` null quantizes every note of the clip.
 */
export function quantizeNotes(
  doc: Y.Doc,
  clipId: string,
  ids: string[] | null,
  gridTicks: number,
  origin: Origin,
): void {
  const { clip, map } = requireClip(doc, clipId);
  const grid = validateGridTicks(gridTicks);
  const entries = ids === null ? noteEntries(map) : [...requireNotes(map, ids).values()];
  transactAs(doc, origin, () => {
    for (const { note, map: noteMap } of entries) {
      const absolute = clip.startTick + note.startTick;
      let snapped = Math.round(absolute / grid) * grid;
      if (snapped < clip.startTick) snapped += grid;
      if (snapped - clip.startTick > LIMITS.maxTick) snapped -= grid;
      setIfChanged(noteMap, NOTE_FIELDS.startTick.key, snapped - clip.startTick);
    }
  });
}
