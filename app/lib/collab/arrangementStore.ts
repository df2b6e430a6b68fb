import type * as Y from "yjs";
import {
  getClip,
  listClips,
  listNotes,
  listSections,
  listTempoChanges,
  observeArrangement,
  readLoopRange,
  readTempoMap,
  type ArrangementChange,
  type MidiClip,
  type Note,
  type Section,
  type TempoChange,
  type TempoMap,
} from "@bandspace/model";
import { ValueStore, jsonEqual } from "./store";

export type { MidiClip, Note, Section, TempoChange, TempoMap };

const NO_CLIPS: readonly MidiClip[] = Object.freeze([]);
const NO_NOTES: readonly Note[] = Object.freeze([]);

/**
 * React's (and the timeline's) view of the arrangement: immutable, and shared where nothing changed — a
 * track's clip array, a clip object and a clip's note array keep their identity until they change, so
 * memoised lanes and clip blocks skip re-rendering.
 */
export interface ArrangementView {
  tempoMap: TempoMap;
  tempoChanges: readonly TempoChange[];
  sections: readonly Section[];
  loop: { startTick: number; endTick: number };
  clips: ReadonlyMap<string, MidiClip>;
  /** Clips of each instrument track by start tick (tracks without clips are absent: use `clipsOf`). */
  clipsByTrack: ReadonlyMap<string, readonly MidiClip[]>;
  /** Notes of each clip (for the mini previews). */
  notes: ReadonlyMap<string, readonly Note[]>;
  /** The end of the last clip or section (ticks), 0 when empty. */
  contentEndTick: number;
}

export function clipsOf(view: ArrangementView, trackId: string): readonly MidiClip[] {
  return view.clipsByTrack.get(trackId) ?? NO_CLIPS;
}

export function notesOf(view: ArrangementView, clipId: string): readonly Note[] {
  return view.notes.get(clipId) ?? NO_NOTES;
}

export interface ArrangementStore {
  get: () => ArrangementView;
  subscribe: (listener: () => void) => () => void;
  destroy: () => void;
}

const byStart = (a: MidiClip, b: MidiClip) => a.startTick - b.startTick || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function groupByTrack(clips: Iterable<MidiClip>): Map<string, MidiClip[]> {
  const map = new Map<string, MidiClip[]>();
  for (const c of clips) {
    const list = map.get(c.trackId);
    if (list) list.push(c);
    else map.set(c.trackId, [c]);
  }
  for (const list of map.values()) list.sort(byStart);
  return map;
}

function contentEnd(clips: ReadonlyMap<string, MidiClip>, sections: readonly Section[]): number {
  let end = 0;
  for (const c of clips.values()) end = Math.max(end, c.startTick + c.lengthTicks);
  for (const s of sections) end = Math.max(end, s.startTick + s.lengthTicks);
  return end;
}

function readAll(doc: Y.Doc): ArrangementView {
  const clipList = listClips(doc);
  const clips = new Map(clipList.map((c) => [c.id, c]));
  const notes = new Map<string, readonly Note[]>();
  for (const c of clipList) notes.set(c.id, listNotes(doc, c.id));
  const sections = listSections(doc);
  return {
    tempoMap: readTempoMap(doc),
    tempoChanges: listTempoChanges(doc),
    sections,
    loop: readLoopRange(doc),
    clips,
    clipsByTrack: groupByTrack(clipList),
    notes,
    contentEndTick: contentEnd(clips, sections),
  };
}

/** Applies one transaction's diff to the previous view, re-reading only what changed. */
function applyChange(doc: Y.Doc, prev: ArrangementView, c: ArrangementChange): ArrangementView {
  let next = prev;
  const patch = (fields: Partial<ArrangementView>) => {
    next = { ...next, ...fields };
  };

  if (c.tempo) {
    const tempoChanges = listTempoChanges(doc);
    patch({
      tempoMap: readTempoMap(doc),
      tempoChanges: jsonEqual(tempoChanges, prev.tempoChanges) ? prev.tempoChanges : tempoChanges,
    });
  }
  if (c.loop) {
    const loop = readLoopRange(doc);
    if (!jsonEqual(loop, prev.loop)) patch({ loop });
  }
  let sectionsChanged = false;
  if (c.sections) {
    const old = new Map(prev.sections.map((s) => [s.id, s]));
    const sections = listSections(doc).map((s) => {
      const o = old.get(s.id);
      return o && jsonEqual(o, s) ? o : s;
    });
    if (sections.length !== prev.sections.length || sections.some((s, i) => s !== prev.sections[i])) {
      patch({ sections });
      sectionsChanged = true;
    }
  }

  const touched = new Set<string>([...c.clipsAdded, ...c.clipsRemoved, ...c.clipsUpdated]);
  const noteIds = new Set(c.notesChanged);
  if (c.tracks.length > 0) {
    // A track added, removed or changed kind decides which clips are shown (clips of deleted or audio tracks
    // are not): compare the clip list of the changed tracks with the view.
    const changed = new Set(c.tracks);
    const now = new Set(
      listClips(doc)
        .filter((cl) => changed.has(cl.trackId))
        .map((cl) => cl.id),
    );
    for (const cl of prev.clips.values()) if (changed.has(cl.trackId) && !now.has(cl.id)) touched.add(cl.id);
    for (const id of now) if (!prev.clips.has(id)) touched.add(id);
  }
  if (touched.size > 0 || noteIds.size > 0) {
    const clips = new Map(prev.clips);
    const notes = new Map(prev.notes);
    const dirtyTracks = new Set<string>();
    for (const id of touched) {
      const before = clips.get(id);
      const after = getClip(doc, id);
      if (before) dirtyTracks.add(before.trackId);
      if (after) {
        dirtyTracks.add(after.trackId);
        clips.set(id, before && jsonEqual(before, after) ? before : after);
        if (!before) noteIds.add(id);
      } else {
        clips.delete(id);
        notes.delete(id);
      }
    }
    for (const id of noteIds) if (clips.has(id)) notes.set(id, listNotes(doc, id));

    const clipsByTrack = new Map(prev.clipsByTrack);
    if (dirtyTracks.size > 0) {
      const regrouped = groupByTrack([...clips.values()].filter((cl) => dirtyTracks.has(cl.trackId)));
      for (const t of dirtyTracks) {
        const list = regrouped.get(t);
        if (list) clipsByTrack.set(t, list);
        else clipsByTrack.delete(t);
      }
    }
    patch({ clips, notes, clipsByTrack });
  }
  if (next !== prev && (touched.size > 0 || sectionsChanged))
    patch({ contentEndTick: contentEnd(next.clips, next.sections) });
  return next;
}

/**
 * Follows the song doc's arrangement (tempo map, sections, loop range, clips, notes) through
 * `observeArrangement` diffs. Components never read Y types; they read this snapshot and call model functions.
 */
export function createArrangementStore(doc: Y.Doc): ArrangementStore {
  const store = new ValueStore<ArrangementView>(readAll(doc), (a, b) => a === b);
  const unobserve = observeArrangement(doc, (change) => {
    try {
      store.set(applyChange(doc, store.get(), change));
    } catch (err) {
      // A partially synced or repaired document: start over from a full read.
      console.warn("Arrangement view re-read after", err);
      store.set(readAll(doc));
    }
  });
  return { get: store.get, subscribe: store.subscribe, destroy: unobserve };
}
