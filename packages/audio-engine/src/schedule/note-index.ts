import type * as Y from "yjs";
import {
  getClip,
  listClips,
  listNotes,
  type ArrangementChange,
  type MidiClip,
  type Note,
  type PedalRange,
  type TempoMap,
} from "@bandspace/model";
import type { Seconds, Ticks } from "../units";

/** One note the engine will play, with its exact times from the TempoMap (the contract's shape). */
export interface ScheduledNote {
  clipId: string;
  noteId: string;
  trackId: string;
  pitch: number;
  velocity: number;
  /** Timeline seconds of the note's start (TempoMap of its absolute tick). */
  time: Seconds;
  /** Seconds from start to end, both through the TempoMap (a note spanning a tempo change is exact). */
  duration: Seconds;
}

/** A stretch of the arrangement in ticks, `toTick` exclusive. */
export interface TickWindow {
  fromTick: Ticks;
  toTick: Ticks;
}

/** A note at its absolute position: clip start + note start, cut at the clip's end. */
export interface IndexedNote {
  clipId: string;
  noteId: string;
  trackId: string;
  pitch: number;
  velocity: number;
  startTick: Ticks;
  endTick: Ticks;
}

interface ClipEntry {
  clip: MidiClip;
  /** The clip's notes as stored (relative ticks), kept so that a move or resize needs no re-read. */
  notes: readonly Note[];
  /** Absolute notes inside the clip, sorted by startTick. */
  abs: IndexedNote[];
}

/** What one `applyChange` had to read from the document. */
export interface NoteIndexUpdate {
  clipsRead: number;
  notesRead: number;
}

/**
 * The notes of the arrangement by clip, in absolute ticks, for the look-ahead scheduler. Built once from the
 * document, then kept current clip by clip from `observeArrangement` changes (a moved clip recomputes its own
 * notes without reading them; a notes change re-reads only that clip). Pure: no audio, runs in Node.
 */
export class NoteIndex {
  private readonly clips = new Map<string, ClipEntry>();

  /**
   * The index of the document's clips, or only of the clips that overlap `window` (ticks, end exclusive): an
   * offline segment indexes the stretch it renders, so its memory and the notes it reads do not grow with the
   * song's length. Clips are tested, not notes: a clip inside the window brings all its notes.
   */
  static fromDoc(doc: Y.Doc, window?: TickWindow): NoteIndex {
    const index = new NoteIndex();
    for (const clip of listClips(doc)) {
      if (window && (clip.startTick >= window.toTick || clip.startTick + clip.lengthTicks <= window.fromTick)) continue;
      index.setClip(clip, listNotes(doc, clip.id));
    }
    return index;
  }

  get clipCount(): number {
    return this.clips.size;
  }

  get noteCount(): number {
    let n = 0;
    for (const e of this.clips.values()) n += e.abs.length;
    return n;
  }

  has(clipId: string): boolean {
    return this.clips.has(clipId);
  }

  /** Adds or replaces a clip with its notes. */
  setClip(clip: MidiClip, notes: readonly Note[]): void {
    this.clips.set(clip.id, { clip, notes, abs: absoluteNotes(clip, notes) });
  }

  /** The clip moved, was resized or changed track: recompute its absolute notes from the stored relative ones. */
  updateClip(clip: MidiClip): void {
    const entry = this.clips.get(clip.id);
    if (!entry) throw new Error(`NoteIndex.updateClip: unknown clip ${clip.id}`);
    this.setClip(clip, entry.notes);
  }

  setNotes(clipId: string, notes: readonly Note[]): void {
    const entry = this.clips.get(clipId);
    if (!entry) throw new Error(`NoteIndex.setNotes: unknown clip ${clipId}`);
    this.setClip(entry.clip, notes);
  }

  removeClip(clipId: string): void {
    this.clips.delete(clipId);
  }

  /** Follows one transaction's diff, reading only the clips it names. */
  applyChange(
    doc: Y.Doc,
    change: Pick<ArrangementChange, "clipsAdded" | "clipsRemoved" | "clipsUpdated" | "notesChanged">,
  ): NoteIndexUpdate {
    let clipsRead = 0;
    let notesRead = 0;
    for (const id of change.clipsRemoved) this.removeClip(id);
    const reread = new Set<string>([...change.clipsAdded, ...change.notesChanged]);
    for (const id of change.clipsUpdated) {
      if (reread.has(id)) continue;
      const clip = getClip(doc, id);
      clipsRead++;
      if (!clip) this.removeClip(id);
      else if (this.clips.has(id)) this.updateClip(clip);
      else reread.add(id);
    }
    for (const id of reread) {
      const clip = getClip(doc, id);
      clipsRead++;
      if (!clip) {
        this.removeClip(id);
        continue;
      }
      const notes = listNotes(doc, id);
      notesRead += notes.length;
      this.setClip(clip, notes);
    }
    return { clipsRead, notesRead };
  }

  /** Notes whose absolute start tick is in [fromTick, toTick), clip by clip (not sorted across clips). */
  notesStartingIn(fromTick: Ticks, toTick: Ticks, out: IndexedNote[] = []): IndexedNote[] {
    if (!(toTick > fromTick)) return out;
    for (const { clip, abs } of this.clips.values()) {
      if (clip.startTick >= toTick || clip.startTick + clip.lengthTicks <= fromTick || abs.length === 0) continue;
      for (let i = lowerBound(abs, fromTick); i < abs.length && abs[i].startTick < toTick; i++) out.push(abs[i]);
    }
    return out;
  }

  /**
   * The earliest absolute start tick ≥ `tick` of any note, or null when no note starts there or later. Lets an
   * offline render hand the scheduler long stretches where nothing is played (one binary search per clip).
   */
  firstStartAtOrAfter(tick: Ticks): Ticks | null {
    let first: Ticks | null = null;
    for (const { clip, abs } of this.clips.values()) {
      if (abs.length === 0 || clip.startTick + clip.lengthTicks <= tick) continue;
      const i = lowerBound(abs, tick);
      if (i < abs.length && (first === null || abs[i].startTick < first)) first = abs[i].startTick;
    }
    return first;
  }

  /**
   * Notes whose start, in timeline seconds through `map`, is in [fromSeconds, toSeconds), sorted by time, then
   * track, pitch and note id. The membership test is made in seconds on the TempoMap's own value, so adjacent
   * windows [a, b) and [b, c) share every note exactly once.
   */
  window(map: TempoMap, fromSeconds: Seconds, toSeconds: Seconds): ScheduledNote[] {
    if (!(toSeconds > fromSeconds)) return [];
    // Candidates by tick with a one-tick margin; the exact decision is made in seconds below.
    const fromTick = Math.floor(map.secondsToTicks(Math.max(0, fromSeconds))) - 1;
    const toTick = Math.ceil(map.secondsToTicks(Math.max(0, toSeconds))) + 1;
    const out: ScheduledNote[] = [];
    for (const n of this.notesStartingIn(fromTick, toTick)) {
      const time = map.ticksToSeconds(n.startTick);
      if (time < fromSeconds || time >= toSeconds) continue;
      out.push({
        clipId: n.clipId,
        noteId: n.noteId,
        trackId: n.trackId,
        pitch: n.pitch,
        velocity: n.velocity,
        time,
        duration: map.ticksToSeconds(n.endTick) - time,
      });
    }
    return out.sort(compareScheduled);
  }
}

export function compareScheduled(a: ScheduledNote, b: ScheduledNote): number {
  return a.time - b.time || cmp(a.trackId, b.trackId) || a.pitch - b.pitch || cmp(a.noteId, b.noteId);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The clip's notes at their absolute ticks, as the instruments play them: a note released while the clip's
 * sustain pedal is down keeps sounding until the pedal lifts, or until the same pitch is struck again (a piano
 * damper only re-strikes the string), never past the clip end.
 */
function absoluteNotes(clip: MidiClip, notes: readonly Note[]): IndexedNote[] {
  const clipEnd = clip.startTick + clip.lengthTicks;
  const pedal = clip.pedal ?? [];
  const nextStrike = pedal.length > 0 ? nextStrikeOf(notes) : null;
  const abs: IndexedNote[] = [];
  for (const n of notes) {
    if (n.startTick >= clip.lengthTicks) continue; // outside the clip's window: not played
    const startTick = clip.startTick + n.startTick;
    let release = n.startTick + n.durationTicks;
    if (nextStrike) {
      const held = pedalRangeAt(pedal, release);
      if (held) release = Math.max(release, Math.min(held.endTick, nextStrike.get(n) ?? Infinity));
    }
    abs.push({
      clipId: clip.id,
      noteId: n.id,
      trackId: clip.trackId,
      pitch: n.pitch,
      velocity: n.velocity,
      startTick,
      endTick: Math.min(clip.startTick + release, clipEnd),
    });
  }
  return abs.sort((a, b) => a.startTick - b.startTick);
}

/** The pedal range holding `tick` (down at or before it, up after it), if any. */
function pedalRangeAt(ranges: readonly PedalRange[], tick: number): PedalRange | null {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = ranges[mid];
    if (tick < r.startTick) hi = mid - 1;
    else if (tick >= r.endTick) lo = mid + 1;
    else return r;
  }
  return null;
}

/** For each note, the start of the next note of the same pitch in the clip (relative ticks). */
function nextStrikeOf(notes: readonly Note[]): Map<Note, number> {
  const byPitch = new Map<number, Note[]>();
  for (const n of notes) {
    const list = byPitch.get(n.pitch);
    if (list) list.push(n);
    else byPitch.set(n.pitch, [n]);
  }
  const out = new Map<Note, number>();
  for (const list of byPitch.values()) {
    list.sort((a, b) => a.startTick - b.startTick);
    // Walk backwards remembering the next later start: notes struck together do not cut each other.
    let later = Infinity;
    let laterGroup = Infinity;
    for (let i = list.length - 1; i >= 0; i--) {
      const start = list[i].startTick;
      if (start < laterGroup) {
        later = laterGroup;
        laterGroup = start;
      }
      if (later !== Infinity) out.set(list[i], later);
    }
  }
  return out;
}

/** First index whose startTick ≥ tick. */
function lowerBound(abs: readonly IndexedNote[], tick: number): number {
  let lo = 0;
  let hi = abs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (abs[mid].startTick < tick) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
