import * as Y from "yjs";
import { CLIP_FIELDS, CLIP_NOTES_KEY, CLIP_PEDAL_FIELD, NOTE_FIELDS, type PedalRange } from "./arrangement-fields";
import type { ValidNoteInit } from "./arrangement-validate";
import { ModelError } from "./errors";
import { TRACK_FIELDS } from "./fields";
import { randomId } from "./ids";
import { clipsMap, entityAt, tracksMap, type EntityMap } from "./roots";
import { instrumentTrackIds } from "./tracks";

/** Storage of MIDI clips and their notes, shared by clips.ts, notes.ts, sections and MIDI import. */

export interface MidiClip {
  id: string;
  /** The instrument track it plays on. */
  trackId: string;
  name: string;
  /** Ticks from the song start. */
  startTick: number;
  /** Ticks, ≥ 1. Notes starting at or after it are kept but silent; a longer note is cut at the clip end. */
  lengthTicks: number;
  /** Sustain pedal ranges relative to the clip start; present only when the clip has any (CLIP_PEDAL_FIELD). */
  pedal?: PedalRange[];
}

export interface Note {
  id: string;
  /** MIDI note number 0..127. */
  pitch: number;
  /** Ticks, ≥ 0, relative to the clip's start. */
  startTick: number;
  /** Ticks, ≥ 1. */
  durationTicks: number;
  /** 1..127. */
  velocity: number;
}

export type NoteInit = Omit<Note, "id">;

export function readClip(id: string, map: EntityMap): MidiClip {
  const ctx = { id };
  return {
    id,
    trackId: CLIP_FIELDS.trackId.coerce(map.get(CLIP_FIELDS.trackId.key)),
    name: CLIP_FIELDS.name.coerce(map.get(CLIP_FIELDS.name.key)),
    startTick: CLIP_FIELDS.startTick.coerce(map.get(CLIP_FIELDS.startTick.key), ctx),
    lengthTicks: CLIP_FIELDS.lengthTicks.coerce(map.get(CLIP_FIELDS.lengthTicks.key), ctx),
    ...pedalOf(map),
  };
}

function pedalOf(map: EntityMap): { pedal?: PedalRange[] } {
  const raw = map.get(CLIP_PEDAL_FIELD.key);
  if (raw === undefined) return {};
  const pedal = CLIP_PEDAL_FIELD.coerce(raw);
  return pedal.length > 0 ? { pedal } : {};
}

export const compareClips = (a: MidiClip, b: MidiClip) =>
  a.startTick - b.startTick || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every clip readers show (not orphans), with its map. */
export function clipEntries(doc: Y.Doc): { clip: MidiClip; map: EntityMap }[] {
  const tracks = instrumentTrackIds(doc);
  const out: { clip: MidiClip; map: EntityMap }[] = [];
  clipsMap(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const clip = readClip(id, value as EntityMap);
    if (tracks.has(clip.trackId)) out.push({ clip, map: value as EntityMap });
  });
  return out;
}

export function findClip(doc: Y.Doc, id: string): { clip: MidiClip; map: EntityMap } | null {
  const map = typeof id === "string" ? entityAt(clipsMap(doc), id) : null;
  if (!map) return null;
  const clip = readClip(id, map);
  return instrumentTrackIds(doc).has(clip.trackId) ? { clip, map } : null;
}

export function requireClip(doc: Y.Doc, id: string): { clip: MidiClip; map: EntityMap } {
  const found = findClip(doc, id);
  if (!found) throw new ModelError("CLIP_NOT_FOUND", "That clip no longer exists — someone may have deleted it.");
  return found;
}

export function requireInstrumentTrack(doc: Y.Doc, trackId: unknown): string {
  const map = typeof trackId === "string" ? entityAt(tracksMap(doc), trackId) : null;
  if (!map) throw new ModelError("TRACK_NOT_FOUND", "That track no longer exists — someone may have deleted it.");
  if (TRACK_FIELDS.kind.coerce(map.get(TRACK_FIELDS.kind.key)) !== "instrument") {
    throw new ModelError("NOT_AN_INSTRUMENT_TRACK", "MIDI clips go on instrument tracks; this is an audio track.");
  }
  return trackId as string;
}

/** The clip's notes map, or null if a buggy peer stored something else (readers then show no notes). */
export function notesMapOf(clipMap: EntityMap): Y.Map<unknown> | null {
  const notes = clipMap.get(CLIP_NOTES_KEY);
  return notes instanceof Y.Map ? (notes as Y.Map<unknown>) : null;
}

export function readNote(id: string, map: EntityMap): Note {
  const ctx = { id };
  return {
    id,
    pitch: NOTE_FIELDS.pitch.coerce(map.get(NOTE_FIELDS.pitch.key)),
    startTick: NOTE_FIELDS.startTick.coerce(map.get(NOTE_FIELDS.startTick.key), ctx),
    durationTicks: NOTE_FIELDS.durationTicks.coerce(map.get(NOTE_FIELDS.durationTicks.key)),
    velocity: NOTE_FIELDS.velocity.coerce(map.get(NOTE_FIELDS.velocity.key)),
  };
}

export const compareNotes = (a: Note, b: Note) =>
  a.startTick - b.startTick || a.pitch - b.pitch || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function noteEntries(clipMap: EntityMap): { note: Note; map: EntityMap }[] {
  const notes = notesMapOf(clipMap);
  const out: { note: Note; map: EntityMap }[] = [];
  notes?.forEach((value, id) => {
    if (value instanceof Y.Map) out.push({ note: readNote(id, value as EntityMap), map: value as EntityMap });
  });
  return out;
}

/** Writes a note into a notes map; returns its id. Values must be valid already. */
export function insertNote(notes: Y.Map<unknown>, note: ValidNoteInit): string {
  const id = randomId();
  const map: EntityMap = new Y.Map<unknown>();
  notes.set(id, map);
  map.set(NOTE_FIELDS.pitch.key, note.pitch);
  map.set(NOTE_FIELDS.startTick.key, note.startTick);
  map.set(NOTE_FIELDS.durationTicks.key, note.durationTicks);
  map.set(NOTE_FIELDS.velocity.key, note.velocity);
  return id;
}

/** Writes a new clip with its notes; returns the clip id. Values must be valid already. */
export function insertClip(
  doc: Y.Doc,
  fields: { trackId: string; name: string; startTick: number; lengthTicks: number; pedal?: readonly PedalRange[] },
  notes: readonly ValidNoteInit[],
): string {
  const id = randomId();
  const map: EntityMap = new Y.Map<unknown>();
  clipsMap(doc).set(id, map);
  map.set(CLIP_FIELDS.trackId.key, fields.trackId);
  map.set(CLIP_FIELDS.name.key, fields.name);
  map.set(CLIP_FIELDS.startTick.key, fields.startTick);
  map.set(CLIP_FIELDS.lengthTicks.key, fields.lengthTicks);
  if (fields.pedal && fields.pedal.length > 0)
    map.set(
      CLIP_PEDAL_FIELD.key,
      fields.pedal.map((r) => ({ ...r })),
    );
  const notesMap = new Y.Map<unknown>();
  map.set(CLIP_NOTES_KEY, notesMap);
  for (const note of notes) insertNote(notesMap, note);
  return id;
}
