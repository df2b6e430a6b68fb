import type * as Y from "yjs";
import { listClips, type MidiClip } from "./clips";
import { listNotes } from "./notes";
import { getSectionText, listSections, type Section } from "./sections";
import { readSong, type SongSheet } from "./song";
import { listMeterChanges, listTempoChanges } from "./tempo-changes";
import { listTracks, type Track } from "./tracks";
import { readLoopRange } from "./loop";
import { compareMixes } from "./mix/compare";

/**
 * "What changed between this version and now": a pure comparison of two song docs, read through the
 * model's readers (so both sides are the values people see, defaults and repairs included). Entities are
 * matched by id — a track deleted and re-added is "removed" + "added", as the band did it.
 *
 * The mix (fader, pan, mute per track) is reported apart from `tracks`: "the bass got louder" is a different
 * kind of change from "the bass track was renamed", and the history shows them under their own heading.
 */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface EntityRef {
  id: string;
  name: string;
}

export interface ChangedEntity extends EntityRef {
  changes: FieldChange[];
}

export interface EntityDiff {
  added: EntityRef[];
  removed: EntityRef[];
  changed: ChangedEntity[];
}

export interface ArrangementComparison {
  /** Title, tempo, time signature, key. */
  song: FieldChange[];
  /** Tempo changes by bar (bpm before/after; null = none). */
  tempoChanges: FieldChange[];
  tracks: EntityDiff;
  /** Tracks on both sides whose volumeDb, pan or mute differ. */
  mixer: ChangedEntity[];
  /** Everything else in the mix (buses, inserts and their parameters, sends, routing, automation), one line each. */
  mixDetails: string[];
  clips: EntityDiff;
  sections: EntityDiff;
  loop: FieldChange | null;
  /** True when nothing above differs. */
  identical: boolean;
}

const SONG_KEYS: (keyof SongSheet)[] = ["title", "tempoBpm", "timeSignature", "key"];

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function fieldChanges<T extends object>(before: T, after: T, keys: (keyof T)[]): FieldChange[] {
  const out: FieldChange[] = [];
  for (const k of keys) {
    if (!same(before[k], after[k])) out.push({ field: String(k), before: before[k], after: after[k] });
  }
  return out;
}

function diffEntities<T extends { id: string; name: string }>(
  before: T[],
  after: T[],
  changesOf: (b: T, a: T) => FieldChange[],
): EntityDiff {
  const beforeById = new Map(before.map((e) => [e.id, e]));
  const afterById = new Map(after.map((e) => [e.id, e]));
  const diff: EntityDiff = { added: [], removed: [], changed: [] };
  for (const a of after) {
    const b = beforeById.get(a.id);
    if (!b) diff.added.push({ id: a.id, name: a.name });
    else {
      const changes = changesOf(b, a);
      if (changes.length > 0) diff.changed.push({ id: a.id, name: a.name, changes });
    }
  }
  for (const b of before) if (!afterById.has(b.id)) diff.removed.push({ id: b.id, name: b.name });
  return diff;
}

const TRACK_KEYS: (keyof Track)[] = ["name", "color", "kind", "instrument", "order"];
const MIX_KEYS: (keyof Track)[] = ["volumeDb", "pan", "mute"];
const CLIP_KEYS: (keyof MidiClip)[] = ["name", "trackId", "startTick", "lengthTicks"];
const SECTION_KEYS: (keyof Section)[] = ["name", "color", "startTick", "lengthTicks"];

/** Notes compared by id and value; reported as one "notes" change with counts. */
function noteChanges(beforeDoc: Y.Doc, afterDoc: Y.Doc, clipId: string): FieldChange[] {
  const before = listNotes(beforeDoc, clipId);
  const after = listNotes(afterDoc, clipId);
  const b = new Map(before.map((n) => [n.id, n]));
  const a = new Map(after.map((n) => [n.id, n]));
  let added = 0;
  let removed = 0;
  let changed = 0;
  for (const [id, n] of a) {
    const old = b.get(id);
    if (!old) added++;
    else if (!same(old, n)) changed++;
  }
  for (const id of b.keys()) if (!a.has(id)) removed++;
  if (added + removed + changed === 0) return [];
  return [{ field: "notes", before: before.length, after: { count: after.length, added, removed, changed } }];
}

function sectionTextChanges(beforeDoc: Y.Doc, afterDoc: Y.Doc, id: string): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of ["lyrics", "chords"] as const) {
    const b = getSectionText(beforeDoc, id, field).toString();
    const a = getSectionText(afterDoc, id, field).toString();
    if (a !== b) out.push({ field, before: b, after: a });
  }
  return out;
}

export function compareArrangements(before: Y.Doc, after: Y.Doc): ArrangementComparison {
  const song = fieldChanges(readSong(before), readSong(after), SONG_KEYS);

  // Tempo changes by position ("bar 9", or "bar 9.5" inside a bar), then meter changes ("meter at bar 5").
  const label = (t: { bar: number }) => `bar ${Math.round(t.bar * 1000) / 1000}`;
  const tempoValue = (t: { bpm: number; ramp: boolean }) => (t.ramp ? `ramp to ${t.bpm}` : t.bpm);
  const tcBefore = new Map(listTempoChanges(before).map((t) => [t.tick, t]));
  const tcAfter = new Map(listTempoChanges(after).map((t) => [t.tick, t]));
  const ticks = [...new Set([...tcBefore.keys(), ...tcAfter.keys()])].sort((x, y) => x - y);
  const tempoChanges: FieldChange[] = [];
  for (const tick of ticks) {
    const b = tcBefore.get(tick);
    const a = tcAfter.get(tick);
    const bv = b ? tempoValue(b) : null;
    const av = a ? tempoValue(a) : null;
    if (av !== bv) tempoChanges.push({ field: label((a ?? b)!), before: bv, after: av });
  }
  const mBefore = new Map(listMeterChanges(before).map((m) => [m.bar, `${m.numerator}/${m.denominator}`]));
  const mAfter = new Map(listMeterChanges(after).map((m) => [m.bar, `${m.numerator}/${m.denominator}`]));
  for (const bar of [...new Set([...mBefore.keys(), ...mAfter.keys()])].sort((x, y) => x - y)) {
    const b = mBefore.get(bar) ?? null;
    const a = mAfter.get(bar) ?? null;
    if (a !== b) tempoChanges.push({ field: `meter at bar ${bar}`, before: b, after: a });
  }

  const tracksBefore = listTracks(before);
  const tracksAfter = listTracks(after);
  const tracks = diffEntities(tracksBefore, tracksAfter, (b, a) => fieldChanges(b, a, TRACK_KEYS));
  const mixer = diffEntities(tracksBefore, tracksAfter, (b, a) => fieldChanges(b, a, MIX_KEYS)).changed;
  const clips = diffEntities(listClips(before), listClips(after), (b, a) => [
    ...fieldChanges(b, a, CLIP_KEYS),
    ...noteChanges(before, after, a.id),
  ]);
  const sections = diffEntities(listSections(before), listSections(after), (b, a) => [
    ...fieldChanges(b, a, SECTION_KEYS),
    ...sectionTextChanges(before, after, a.id),
  ]);
  const mixDetails = compareMixes(before, after);
  const loopBefore = readLoopRange(before);
  const loopAfter = readLoopRange(after);
  const loop = same(loopBefore, loopAfter) ? null : { field: "loopRange", before: loopBefore, after: loopAfter };

  const empty = (d: EntityDiff) => d.added.length + d.removed.length + d.changed.length === 0;
  return {
    song,
    tempoChanges,
    tracks,
    mixer,
    mixDetails,
    clips,
    sections,
    loop,
    identical:
      song.length === 0 &&
      tempoChanges.length === 0 &&
      empty(tracks) &&
      mixer.length === 0 &&
      mixDetails.length === 0 &&
      empty(clips) &&
      empty(sections) &&
      loop === null,
  };
}

/** One line per kind of change, for a compact summary ("2 tracks added", "Tempo 120 → 96 BPM" …). */
export function summarizeComparison(c: ArrangementComparison): string[] {
  const lines: string[] = [];
  for (const ch of c.song) {
    if (ch.field === "tempoBpm") lines.push(`Tempo ${String(ch.before)} → ${String(ch.after)} BPM`);
    else if (ch.field === "title") lines.push(`Title “${String(ch.before)}” → “${String(ch.after)}”`);
    else if (ch.field === "timeSignature") {
      const f = (v: unknown) =>
        `${(v as { numerator: number }).numerator}/${(v as { denominator: number }).denominator}`;
      lines.push(`Time signature ${f(ch.before)} → ${f(ch.after)}`);
    } else if (ch.field === "key") {
      const f = (v: unknown) => `${(v as { tonic: string }).tonic} ${(v as { mode: string }).mode}`;
      lines.push(`Key ${f(ch.before)} → ${f(ch.after)}`);
    }
  }
  if (c.tempoChanges.length > 0) lines.push(`${plural(c.tempoChanges.length, "tempo change")} differ`);
  const entity = (d: EntityDiff, noun: string) => {
    if (d.added.length) lines.push(`${plural(d.added.length, noun)} added`);
    if (d.removed.length) lines.push(`${plural(d.removed.length, noun)} removed`);
    if (d.changed.length) lines.push(`${plural(d.changed.length, noun)} changed`);
  };
  entity(c.tracks, "track");
  if (c.mixer.length) lines.push(`Mix changed on ${plural(c.mixer.length, "track")}`);
  if (c.mixDetails.length)
    lines.push(`${plural(c.mixDetails.length, "mix change")} (effects, buses, sends, automation)`);
  entity(c.clips, "clip");
  entity(c.sections, "section");
  if (c.loop) lines.push("Loop range moved");
  return lines;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
