import type * as Y from "yjs";
import { ModelError } from "../errors";
import { transactAs, type Origin } from "../origin";
import { clipsMap, setIfChanged } from "../roots";
import { CLIP_FIELDS, NOTE_FIELDS } from "../arrangement-fields";
import { validateClipName, validateEnd, validateLength, validateNoteInit, validateTick } from "../arrangement-validate";
import {
  insertClip,
  insertNote,
  noteEntries,
  notesMapOf,
  requireClip,
  requireInstrumentTrack,
  type MidiClip,
  type NoteInit,
} from "../clip-store";
import { getClip } from "../clips";

/**
 * Editing MIDI clips like audio clips (issue 19): split at a tick, glue clips of one track, copy/paste at a tick on
 * any instrument track. Trimming is resizeClip (notes keep their place in time). Notes keep their absolute time
 * through every one of these, so what plays does not change unless a note is cut at a clip's end.
 */

/**
 * Splits a clip at `tick`: the left keeps the id and the notes that start before the split (a note held across it
 * is cut at the split, as it would be at any clip end); the right gets the notes from the split on.
 */
export function splitMidiClip(
  doc: Y.Doc,
  clipId: string,
  tick: number,
  origin: Origin,
): { left: MidiClip; right: MidiClip } {
  const { clip, map } = requireClip(doc, clipId);
  const at = validateTick(tick, "The split point");
  const rel = at - clip.startTick;
  if (rel < 1 || rel >= clip.lengthTicks)
    throw new ModelError("INVALID_EDIT", "Split inside the clip, not at or beyond its edges.");
  const notes = noteEntries(map);
  let rightId = "";
  transactAs(doc, origin, () => {
    setIfChanged(map, CLIP_FIELDS.lengthTicks.key, rel);
    const moved: NoteInit[] = [];
    const notesMap = notesMapOf(map);
    for (const { note, map: noteMap } of notes) {
      if (note.startTick >= rel) {
        moved.push({ ...note, startTick: note.startTick - rel });
        notesMap?.delete(note.id);
      } else if (note.startTick + note.durationTicks > rel) {
        noteMap.set(NOTE_FIELDS.durationTicks.key, rel - note.startTick);
      }
    }
    rightId = insertClip(
      doc,
      { trackId: clip.trackId, name: clip.name, startTick: at, lengthTicks: clip.lengthTicks - rel },
      moved.map((n) => validateNoteInit(n)),
    );
  });
  return { left: getClip(doc, clipId)!, right: getClip(doc, rightId)! };
}

/** The notes a clip plays, relative to `origin` ticks, cut at the clip's end (silent notes past it are left out). */
function audibleNotes(clip: MidiClip, notes: ReturnType<typeof noteEntries>, origin: number): NoteInit[] {
  return notes
    .map((e) => e.note)
    .filter((n) => n.startTick < clip.lengthTicks)
    .map((n) => ({
      pitch: n.pitch,
      velocity: n.velocity,
      startTick: clip.startTick - origin + n.startTick,
      durationTicks: Math.min(n.durationTicks, clip.lengthTicks - n.startTick),
    }));
}

/** Glues clips of one instrument track into the first: it spans them all and holds every note they played. */
export function glueMidiClips(doc: Y.Doc, clipIds: readonly string[], origin: Origin): MidiClip {
  const targets = [...new Set(clipIds ?? [])].map((id) => requireClip(doc, id));
  if (targets.length < 2) throw new ModelError("INVALID_EDIT", "Select at least two clips to glue.");
  targets.sort((a, b) => a.clip.startTick - b.clip.startTick || (a.clip.id < b.clip.id ? -1 : 1));
  const first = targets[0];
  if (targets.some((t) => t.clip.trackId !== first.clip.trackId))
    throw new ModelError("INVALID_EDIT", "Only clips on one track can be glued.");
  const start = first.clip.startTick;
  const end = Math.max(...targets.map((t) => t.clip.startTick + t.clip.lengthTicks));
  const notes = targets.flatMap((t) => audibleNotes(t.clip, noteEntries(t.map), start)).map((n) => validateNoteInit(n));
  transactAs(doc, origin, () => {
    setIfChanged(first.map, CLIP_FIELDS.lengthTicks.key, end - start);
    const notesMap = notesMapOf(first.map);
    notesMap?.clear();
    if (notesMap) for (const n of notes) insertNote(notesMap, n);
    for (const t of targets.slice(1)) clipsMap(doc).delete(t.clip.id);
  });
  return getClip(doc, first.clip.id)!;
}

/** What copy puts on the clipboard: plain data, positions relative to the earliest clip. */
export interface MidiClipboard {
  kind: "midi-clips";
  clips: { trackId: string; name: string; relTick: number; lengthTicks: number; notes: NoteInit[] }[];
  spanTicks: number;
}

export function copyMidiClips(doc: Y.Doc, clipIds: readonly string[]): MidiClipboard {
  const targets = [...new Set(clipIds ?? [])].map((id) => requireClip(doc, id));
  if (targets.length === 0) throw new ModelError("INVALID_EDIT", "Select clips to copy.");
  const first = Math.min(...targets.map((t) => t.clip.startTick));
  const last = Math.max(...targets.map((t) => t.clip.startTick + t.clip.lengthTicks));
  return {
    kind: "midi-clips",
    spanTicks: last - first,
    clips: targets.map(({ clip, map }) => ({
      trackId: clip.trackId,
      name: clip.name,
      relTick: clip.startTick - first,
      lengthTicks: clip.lengthTicks,
      notes: noteEntries(map).map(({ note: { id: _id, ...rest } }) => rest),
    })),
  };
}

/** Pastes clips at `tick`, on `trackId` (all of them) or on the tracks they came from; everything is validated. */
export function pasteMidiClips(
  doc: Y.Doc,
  clipboard: MidiClipboard,
  at: { tick: number; trackId?: string },
  origin: Origin,
): MidiClip[] {
  if (clipboard?.kind !== "midi-clips" || !Array.isArray(clipboard.clips) || clipboard.clips.length === 0)
    throw new ModelError("INVALID_CLIPBOARD", "There are no MIDI clips on the clipboard.");
  const tick = validateTick(at?.tick, "The paste position");
  const target = at.trackId === undefined ? undefined : requireInstrumentTrack(doc, at.trackId);
  const plans = clipboard.clips.map((c) => {
    const startTick = validateTick(tick + c.relTick, "A pasted clip's start");
    const lengthTicks = validateLength(c.lengthTicks, "A pasted clip's length");
    validateEnd(startTick, lengthTicks, "A pasted clip");
    return {
      fields: {
        trackId: target ?? requireInstrumentTrack(doc, c.trackId),
        name: validateClipName(c.name),
        startTick,
        lengthTicks,
      },
      notes: (c.notes ?? []).map((n) => validateNoteInit(n)),
    };
  });
  const ids: string[] = [];
  transactAs(doc, origin, () => {
    for (const p of plans) ids.push(insertClip(doc, p.fields, p.notes));
  });
  return ids.map((id) => getClip(doc, id)!);
}
