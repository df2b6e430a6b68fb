import * as Y from "yjs";
import { coerceIntIn, isIntIn } from "../arrangement-fields";
import { LIMITS, ROOT } from "../schema";
import type { EntityMap } from "../roots";
import { isEntityId, isTakeId } from "../takes/fields";

/**
 * Comp segments (issue 19), as data: on a track, for one recording (group), which take plays in a tick range.
 *
 *   compSegments  Y.Map segmentId → Y.Map { trackId, groupId, takeId, startTick, endTick, crossfadeTicks }
 *
 * While a recording has comp segments on its track they, not the recording's clip, decide what plays there: each
 * segment plays its take at the take's recorded position (lanes line up), and where two segments meet the later
 * one starts `crossfadeTicks` early, centred on the boundary, and the two crossfade (equal-power: different passes
 * are uncorrelated). One Y.Map per segment keyed by id, so peers comping different ranges merge; overlaps a merge
 * leaves are cut by readers and repair the same way (comp.ts normalizeComp).
 */

export const COMP_LIMITS = {
  /** Default boundary crossfade: 1/32 of a quarter note (≈ 16 ms at 120 BPM), short enough not to smear. */
  defaultCrossfadeTicks: 30,
  /** A boundary crossfade up to a whole note. */
  maxCrossfadeTicks: 3840,
} as const;

const idSpec = (key: string, doc: string) => ({
  key,
  doc,
  isValid: isEntityId,
  coerce: (raw: unknown) => (typeof raw === "string" ? raw : ""),
});

const tickSpec = (key: string, doc: string, min: number, max: number, fallback: number) => ({
  key,
  doc,
  isValid: (raw: unknown): raw is number => isIntIn(raw, min, max),
  coerce: (raw: unknown) => coerceIntIn(raw, min, max, fallback),
});

export const COMP_SEGMENT_FIELDS = {
  trackId: idSpec("trackId", "The audio track whose lanes are comped."),
  groupId: idSpec("groupId", "The recording (its take lanes) the segment chooses from."),
  takeId: {
    key: "takeId",
    doc: "The take (pass) that plays in this range.",
    isValid: isTakeId,
    coerce: (raw: unknown) => (typeof raw === "string" ? raw : ""),
  },
  startTick: tickSpec("startTick", "Start of the range, in ticks.", 0, LIMITS.maxTick, 0),
  endTick: tickSpec("endTick", "End of the range (exclusive), in ticks; after startTick.", 1, LIMITS.maxTick, 1),
  crossfadeTicks: tickSpec(
    "crossfadeTicks",
    "Length of the crossfade at this segment's start, where it meets the previous segment.",
    0,
    COMP_LIMITS.maxCrossfadeTicks,
    COMP_LIMITS.defaultCrossfadeTicks,
  ),
} as const;

export interface CompSegment {
  id: string;
  trackId: string;
  groupId: string;
  takeId: string;
  startTick: number;
  endTick: number;
  crossfadeTicks: number;
}

export function compSegmentsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.compSegments);
}

export function readCompSegment(id: string, map: EntityMap): CompSegment {
  const f = COMP_SEGMENT_FIELDS;
  return {
    id,
    trackId: f.trackId.coerce(map.get(f.trackId.key)),
    groupId: f.groupId.coerce(map.get(f.groupId.key)),
    takeId: f.takeId.coerce(map.get(f.takeId.key)),
    startTick: f.startTick.coerce(map.get(f.startTick.key)),
    endTick: f.endTick.coerce(map.get(f.endTick.key)),
    crossfadeTicks: f.crossfadeTicks.coerce(map.get(f.crossfadeTicks.key)),
  };
}

export const compareCompSegments = (a: CompSegment, b: CompSegment) =>
  a.startTick - b.startTick || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every stored segment as a Y.Map, read as is (normalizeComp decides what of it counts). */
export function compSegmentEntries(doc: Y.Doc): { segment: CompSegment; map: EntityMap }[] {
  const out: { segment: CompSegment; map: EntityMap }[] = [];
  compSegmentsMap(doc).forEach((value, id) => {
    if (value instanceof Y.Map) out.push({ segment: readCompSegment(id, value as EntityMap), map: value as EntityMap });
  });
  return out;
}
