"use client";

import type * as Y from "yjs";
import {
  getClip,
  getTrack,
  listNotes,
  observeArrangement,
  readTempoMap,
  type MidiClip,
  type Note,
  type TempoMap,
  type Track,
} from "@bandspace/model";
import { useDocStore } from "./docStore";

export interface ClipView {
  clip: MidiClip | null;
  track: Track | null;
  notes: Note[];
  map: TempoMap;
}

function read(doc: Y.Doc, clipId: string): ClipView {
  const clip = getClip(doc, clipId);
  return {
    clip,
    track: clip ? getTrack(doc, clip.trackId) : null,
    notes: clip ? listNotes(doc, clipId) : [],
    map: readTempoMap(doc),
  };
}

function sameNote(a: Note, b: Note): boolean {
  return (
    a.pitch === b.pitch &&
    a.startTick === b.startTick &&
    a.durationTicks === b.durationTicks &&
    a.velocity === b.velocity
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Keeps unchanged notes (and the tempo map) as the same objects, so memoised note views skip re-rendering. */
function share(prev: ClipView, next: ClipView): ClipView {
  const clip = sameJson(prev.clip, next.clip) ? prev.clip : next.clip;
  const track = sameJson(prev.track, next.track) ? prev.track : next.track;
  const map =
    prev.map.ticksPerBar === next.map.ticksPerBar && sameJson(prev.map.segments(), next.map.segments())
      ? prev.map
      : next.map;
  const byId = new Map(prev.notes.map((n) => [n.id, n]));
  let same = prev.notes.length === next.notes.length;
  const notes = next.notes.map((n, i) => {
    const old = byId.get(n.id);
    const kept = old && sameNote(old, n) ? old : n;
    if (kept !== prev.notes[i]) same = false;
    return kept;
  });
  if (clip === prev.clip && track === prev.track && map === prev.map && same) return prev;
  return { clip, track, map, notes: same ? prev.notes : notes };
}

/** The clip, its track, its notes and the tempo map, live (re-read through the model on relevant changes). */
export function useClip(doc: Y.Doc, clipId: string): ClipView {
  return useDocStore(
    doc,
    `clip:${clipId}`,
    (d) => read(d, clipId),
    (d, notify) =>
      observeArrangement(d, (c) => {
        if (
          c.tempo ||
          c.tracks.length > 0 ||
          c.notesChanged.includes(clipId) ||
          c.clipsUpdated.includes(clipId) ||
          c.clipsRemoved.includes(clipId) ||
          c.clipsAdded.includes(clipId)
        ) {
          notify();
        }
      }),
    share,
  );
}
