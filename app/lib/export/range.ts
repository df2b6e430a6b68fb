/** What an export covers, in ticks: the whole song (to the end of its last sound), the loop, or a selection. */
import type * as Y from "yjs";
import {
  getAudioClip,
  getClip,
  getTake,
  listAudioClips,
  listClips,
  listSections,
  readLoopRange,
  readTempoMap,
} from "@bandspace/model";

export type RangeKind = "song" | "loop" | "selection";

export interface ExportRange {
  fromTick: number;
  toTick: number;
  /** Seconds rendered after `toTick` for reverb and release tails (the whole song only). */
  tailSeconds: number;
}

/** Release and effect tails after the last note of the song. */
export const SONG_TAIL_SECONDS = 3;

/** The tick where the last clip (MIDI or audio) ends; 0 for an empty song. */
export function songEndTick(doc: Y.Doc): number {
  const map = readTempoMap(doc);
  let end = 0;
  for (const c of listClips(doc)) end = Math.max(end, c.startTick + c.lengthTicks);
  for (const a of listAudioClips(doc)) {
    const take = getTake(doc, a.takeId);
    if (!take) continue;
    const startSeconds = map.ticksToSeconds(a.startTick);
    end = Math.max(end, Math.ceil(map.secondsToTicks(startSeconds + a.lengthFrames / take.sampleRate)));
  }
  return end;
}

/** What the timeline has selected: clips (MIDI or audio) or sections, by id (the arrangement UI's selection). */
export type TimelineSelection = { kind: "clip" | "section"; ids: readonly string[] } | null;

/**
 * The span of the selected clips or sections, in ticks: from the earliest start to the latest end (an audio
 * clip's end from its frames at its take's rate); null when nothing selected still exists.
 */
export function selectionSpan(doc: Y.Doc, selection: TimelineSelection): { fromTick: number; toTick: number } | null {
  if (!selection || selection.ids.length === 0) return null;
  const map = readTempoMap(doc);
  let from = Infinity;
  let to = -Infinity;
  const add = (a: number, b: number) => {
    from = Math.min(from, a);
    to = Math.max(to, b);
  };
  if (selection.kind === "section") {
    const ids = new Set(selection.ids);
    for (const s of listSections(doc)) if (ids.has(s.id)) add(s.startTick, s.startTick + s.lengthTicks);
  } else {
    for (const id of selection.ids) {
      const midi = getClip(doc, id);
      if (midi) {
        add(midi.startTick, midi.startTick + midi.lengthTicks);
        continue;
      }
      const audio = getAudioClip(doc, id);
      const take = audio && getTake(doc, audio.takeId);
      if (!audio || !take) continue;
      const end = map.ticksToSeconds(audio.startTick) + audio.lengthFrames / take.sampleRate;
      add(audio.startTick, Math.ceil(map.secondsToTicks(end)));
    }
  }
  return to > from ? { fromTick: from, toTick: to } : null;
}

export function exportRange(
  doc: Y.Doc,
  kind: RangeKind,
  selection: { fromTick: number; toTick: number } | null,
): ExportRange | null {
  if (kind === "loop") {
    const loop = readLoopRange(doc);
    return { fromTick: loop.startTick, toTick: loop.endTick, tailSeconds: 0 };
  }
  if (kind === "selection") {
    return selection && selection.toTick > selection.fromTick ? { ...selection, tailSeconds: 0 } : null;
  }
  const end = songEndTick(doc);
  return end > 0 ? { fromTick: 0, toTick: end, tailSeconds: SONG_TAIL_SECONDS } : null;
}

export function rangeSeconds(doc: Y.Doc, r: ExportRange): number {
  const map = readTempoMap(doc);
  return map.ticksToSeconds(r.toTick) - map.ticksToSeconds(r.fromTick) + r.tailSeconds;
}
