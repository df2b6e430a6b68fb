import * as Y from "yjs";
import { ModelError } from "../errors";
import { randomId } from "../ids";
import { transactAs, type Origin } from "../origin";
import { entityAt, setIfChanged, type EntityMap } from "../roots";
import { applyRepairWrites, type RepairWrite } from "../repair";
import { validateTick } from "../arrangement-validate";
import { readTempoMap } from "../tempo-changes";
import type { TempoMap } from "../timeline/tempo-map";
import { insertAudioClip } from "../takes/operations";
import { audioClipEntries, audioClipsMap, audioTrackIds, findTake, NO_FADES, type AudioClip } from "../takes/store";
import {
  COMP_LIMITS,
  COMP_SEGMENT_FIELDS,
  compareCompSegments,
  compSegmentEntries,
  compSegmentsMap,
  type CompSegment,
} from "./comp-fields";
import { framesBetween } from "./time";

/**
 * Comping (issue 19): choosing, per range of a track's take lanes, which take plays. A swipe on a lane is one
 * `compTake`; it cuts what it covers out of the segments already there, so a recording's segments stay ordered and
 * apart. Concurrent swipes can still merge into overlaps; `normalizeComp` resolves them the same way on every peer
 * (by start, then id: a later segment starts where the one before it ends), readers show that and repair writes it.
 */

const groupKey = (s: { trackId: string; groupId: string }) => `${s.trackId}\u0000${s.groupId}`;

/**
 * The comp as readers show it, and the repair writes that would make the stored segments exactly that: segments of
 * a missing take, of a take from another recording or track, or on a track that is not an audio track are dropped;
 * invalid fields are coerced; overlaps are cut (or the later segment dropped when nothing of it is left).
 */
export function normalizeComp(doc: Y.Doc): { segments: CompSegment[]; writes: RepairWrite[] } {
  const writes: RepairWrite[] = [];
  const root = compSegmentsMap(doc);
  root.forEach((value, id) => {
    if (!(value instanceof Y.Map))
      writes.push({ map: root, key: id, delete: true, reason: `compSegments.${id} not a map` });
  });
  const tracks = audioTrackIds(doc);
  const groups = new Map<string, { segment: CompSegment; map: EntityMap }[]>();
  for (const entry of compSegmentEntries(doc)) {
    const s = entry.segment;
    const take = findTake(doc, s.takeId);
    if (!tracks.has(s.trackId) || !take || take.trackId !== s.trackId || take.groupId !== s.groupId) {
      writes.push({ map: root, key: s.id, delete: true, reason: `comp segment ${s.id} plays no take of its lanes` });
      continue;
    }
    if (s.endTick <= s.startTick) {
      writes.push({ map: root, key: s.id, delete: true, reason: `comp segment ${s.id} is empty` });
      continue;
    }
    const list = groups.get(groupKey(s)) ?? [];
    list.push(entry);
    groups.set(groupKey(s), list);
  }
  const segments: CompSegment[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => compareCompSegments(a.segment, b.segment));
    let end = -1;
    for (const { segment, map } of list) {
      if (segment.endTick <= end) {
        writes.push({ map: root, key: segment.id, delete: true, reason: `comp segment ${segment.id} overlapped away` });
        continue;
      }
      const kept = { ...segment, startTick: Math.max(segment.startTick, end) };
      for (const spec of Object.values(COMP_SEGMENT_FIELDS)) {
        const value = kept[spec.key as keyof CompSegment];
        if (map.get(spec.key) !== value)
          writes.push({ map, key: spec.key, value, reason: `comp segment ${segment.id}.${spec.key}` });
      }
      segments.push(kept);
      end = kept.endTick;
    }
  }
  segments.sort((a, b) => (a.trackId < b.trackId ? -1 : a.trackId > b.trackId ? 1 : 0) || compareCompSegments(a, b));
  return { segments, writes };
}

/** A track's comp segments (every recording's), ordered, never overlapping within a recording. */
export function listCompSegments(doc: Y.Doc, trackId?: string): CompSegment[] {
  return normalizeComp(doc).segments.filter((s) => trackId === undefined || s.trackId === trackId);
}

function writeSegment(map: EntityMap, s: Omit<CompSegment, "id">): void {
  for (const key of Object.keys(COMP_SEGMENT_FIELDS) as (keyof typeof COMP_SEGMENT_FIELDS)[])
    setIfChanged(map, COMP_SEGMENT_FIELDS[key].key, s[key]);
}

function insertSegment(doc: Y.Doc, s: Omit<CompSegment, "id">): string {
  const id = randomId();
  const map: EntityMap = new Y.Map<unknown>();
  compSegmentsMap(doc).set(id, map);
  writeSegment(map, s);
  return id;
}

/**
 * Makes `takeId` play from `startTick` to `endTick` on its track's lanes (a swipe on a lane). What other segments
 * of the recording had in that range is cut out of them. Returns the new segment.
 */
export function compTake(
  doc: Y.Doc,
  range: { takeId: string; startTick: number; endTick: number },
  origin: Origin,
): CompSegment {
  const take = typeof range?.takeId === "string" ? findTake(doc, range.takeId) : null;
  if (!take) throw new ModelError("TAKE_NOT_FOUND", "That take is not in this session any more.");
  const startTick = validateTick(range.startTick, "The comp range's start");
  const endTick = validateTick(range.endTick, "The comp range's end");
  if (endTick <= startTick) throw new ModelError("INVALID_EDIT", "Swipe across a range to comp it.");
  const { segments, writes } = normalizeComp(doc);
  const existing = segments.filter((s) => s.trackId === take.trackId && s.groupId === take.groupId);
  let id = "";
  transactAs(doc, origin, () => {
    // Store the comp as readers see it first: a merged overlap not yet repaired could otherwise hide the new swipe.
    applyRepairWrites(writes);
    const root = compSegmentsMap(doc);
    for (const s of existing) {
      const map = entityAt(root, s.id);
      if (!map || s.endTick <= startTick || s.startTick >= endTick) continue;
      if (s.startTick >= startTick && s.endTick <= endTick) root.delete(s.id);
      else if (s.startTick < startTick && s.endTick > endTick) {
        writeSegment(map, { ...s, endTick: startTick });
        insertSegment(doc, { ...s, startTick: endTick });
      } else if (s.startTick < startTick) writeSegment(map, { ...s, endTick: startTick });
      else writeSegment(map, { ...s, startTick: endTick });
    }
    id = insertSegment(doc, {
      trackId: take.trackId,
      groupId: take.groupId,
      takeId: take.id,
      startTick,
      endTick,
      crossfadeTicks: COMP_LIMITS.defaultCrossfadeTicks,
    });
  });
  return listCompSegments(doc, take.trackId).find((s) => s.id === id)!;
}

function requireSegment(doc: Y.Doc, id: string): { segment: CompSegment; map: EntityMap } {
  const map = typeof id === "string" ? entityAt(compSegmentsMap(doc), id) : null;
  const segment = map ? listCompSegments(doc).find((s) => s.id === id) : undefined;
  if (!map || !segment)
    throw new ModelError("COMP_SEGMENT_NOT_FOUND", "That comp choice no longer exists — someone may have changed it.");
  return { segment, map };
}

/** Lengthens or shortens the crossfade where this segment meets the one before it. */
export function setCompCrossfade(doc: Y.Doc, segmentId: string, crossfadeTicks: number, origin: Origin): void {
  const { map } = requireSegment(doc, segmentId);
  if (!COMP_SEGMENT_FIELDS.crossfadeTicks.isValid(crossfadeTicks))
    throw new ModelError("INVALID_FADE", `A comp crossfade is 0..${COMP_LIMITS.maxCrossfadeTicks} ticks.`);
  transactAs(doc, origin, () => setIfChanged(map, COMP_SEGMENT_FIELDS.crossfadeTicks.key, crossfadeTicks));
}

/** Removes one comp choice (that range goes back to the recording's clip if no segment is left). */
export function removeCompSegment(doc: Y.Doc, segmentId: string, origin: Origin): void {
  requireSegment(doc, segmentId);
  transactAs(doc, origin, () => compSegmentsMap(doc).delete(segmentId));
}

/**
 * The clips a recording's comp plays, as ordinary clips would be: each segment's take at its recorded position,
 * the later of two meeting segments starting half its crossfade early and the earlier running the other half late
 * (their overlap is the crossfade, as for any two overlapping clips). Ids are "comp-<segment id>".
 */
export function compClips(doc: Y.Doc, tempo: TempoMap, segments: readonly CompSegment[], gainDb: number): AudioClip[] {
  const out: AudioClip[] = [];
  segments.forEach((s, i) => {
    const take = findTake(doc, s.takeId);
    if (!take) return;
    const prev = segments[i - 1];
    const next = segments[i + 1];
    const lead = prev && prev.endTick === s.startTick ? Math.floor(s.crossfadeTicks / 2) : 0;
    const tail = next && next.startTick === s.endTick ? next.crossfadeTicks - Math.floor(next.crossfadeTicks / 2) : 0;
    const startTick = Math.max(s.startTick - lead, take.startTick);
    const offsetFrames = framesBetween(tempo, take.startTick, startTick, take.sampleRate);
    const lengthFrames = Math.min(
      framesBetween(tempo, startTick, s.endTick + tail, take.sampleRate),
      take.frames - offsetFrames,
    );
    if (offsetFrames >= take.frames || lengthFrames < 1) return;
    out.push({
      id: `comp-${s.id}`,
      trackId: s.trackId,
      groupId: s.groupId,
      takeId: s.takeId,
      startTick,
      offsetFrames,
      lengthFrames,
      gainDb,
      ...NO_FADES,
    });
  });
  return out;
}

/** The gain of a comped recording: its (first) clip's on that track, 0 dB if it has none. */
export function compGainDb(clips: readonly AudioClip[], trackId: string, groupId: string): number {
  return clips.find((c) => c.trackId === trackId && c.groupId === groupId)?.gainDb ?? 0;
}

/**
 * Flatten comp: the recording's comp becomes ordinary clips (exactly what it played), replacing the recording's
 * clips on that track, and its segments are removed. Returns the new clips.
 */
export function flattenComp(doc: Y.Doc, trackId: string, groupId: string, origin: Origin): AudioClip[] {
  const segments = listCompSegments(doc, trackId).filter((s) => s.groupId === groupId);
  if (segments.length === 0) throw new ModelError("COMP_SEGMENT_NOT_FOUND", "This recording has no comp to flatten.");
  const clips = audioClipEntries(doc)
    .map((e) => e.clip)
    .filter((c) => c.trackId === trackId && c.groupId === groupId)
    .sort((a, b) => a.startTick - b.startTick || (a.id < b.id ? -1 : 1));
  const planned = compClips(doc, readTempoMap(doc), segments, compGainDb(clips, trackId, groupId));
  const ids: string[] = [];
  transactAs(doc, origin, () => {
    for (const c of clips) audioClipsMap(doc).delete(c.id);
    for (const s of segments) compSegmentsMap(doc).delete(s.id);
    for (const { id: _virtual, ...clip } of planned) ids.push(insertAudioClip(doc, clip));
  });
  return audioClipEntries(doc)
    .map((e) => e.clip)
    .filter((c) => ids.includes(c.id))
    .sort((a, b) => a.startTick - b.startTick);
}
