import * as Y from "yjs";
import { ModelError } from "../errors";
import { randomId } from "../ids";
import { transactAs, type Origin } from "../origin";
import { setIfChanged, type EntityMap } from "../roots";
import { LIMITS } from "../schema";
import { LANE_FIELDS, SEGMENT_SHAPES, automationMap, laneKey, type SegmentShape } from "./fields";
import { coercePoint, readMix, targetRange, type AutomationLane } from "./read";
import { requireStrip } from "./strips";

/**
 * Automation lanes and their breakpoints. A lane drives one target of one strip: "volume", "pan", "mute",
 * "send:<sendId>", "param:<insertId>:<paramId>" or "bypass:<insertId>". Positions are ticks, so automation
 * follows tempo changes; values are in the target's own unit (dB, −1…1, 0/1, the parameter's unit).
 */

function rangeFor(doc: Y.Doc, strip: string, target: string) {
  const mix = readMix(doc);
  const inserts = new Map([...(mix.inserts.get(strip) ?? [])].map((i) => [i.id, i]));
  const sends = new Map([...(mix.sends.get(strip) ?? [])].map((s) => [s.id, s]));
  const range = targetRange(target, inserts, sends);
  if (!range) throw new ModelError("INVALID_AUTOMATION", "That control cannot be automated on this channel.");
  return range;
}

function requireLane(doc: Y.Doc, key: string): EntityMap {
  const value = typeof key === "string" ? automationMap(doc).get(key) : undefined;
  if (!(value instanceof Y.Map)) throw new ModelError("LANE_NOT_FOUND", "That automation lane was removed.");
  return value as EntityMap;
}

function pointsOf(lane: EntityMap): Y.Map<unknown> {
  let points = lane.get(LANE_FIELDS.points.key);
  if (!(points instanceof Y.Map)) lane.set(LANE_FIELDS.points.key, (points = new Y.Map<unknown>()));
  return points as Y.Map<unknown>;
}

/** The lane for a strip's target, created if needed. Returns its key. */
export function ensureAutomationLane(doc: Y.Doc, strip: string, target: string, origin: Origin): string {
  requireStrip(doc, strip);
  rangeFor(doc, strip, target);
  const key = laneKey(strip, target);
  transactAs(doc, origin, () => {
    const root = automationMap(doc);
    if (root.get(key) instanceof Y.Map) return;
    const map: EntityMap = new Y.Map<unknown>();
    root.set(key, map);
    map.set(LANE_FIELDS.strip.key, strip);
    map.set(LANE_FIELDS.target.key, target);
    map.set(LANE_FIELDS.points.key, new Y.Map<unknown>());
  });
  return key;
}

export function setAutomationLaneEnabled(doc: Y.Doc, key: string, enabled: boolean, origin: Origin): void {
  if (typeof enabled !== "boolean") throw new ModelError("INVALID_AUTOMATION", "A lane is on or off.");
  const lane = requireLane(doc, key);
  transactAs(doc, origin, () => setIfChanged(lane, LANE_FIELDS.enabled.key, enabled));
}

export function removeAutomationLane(doc: Y.Doc, key: string, origin: Origin): void {
  requireLane(doc, key);
  transactAs(doc, origin, () => automationMap(doc).delete(key));
}

export interface PointInit {
  tick: number;
  value: number;
  shape?: SegmentShape;
  tension?: number;
}

function validatePoint(doc: Y.Doc, lane: EntityMap, init: PointInit) {
  if (!Number.isInteger(init.tick) || init.tick < 0 || init.tick > LIMITS.maxTick) {
    throw new ModelError("INVALID_TICK", "A breakpoint sits at a whole tick from the song start.");
  }
  if (typeof init.value !== "number" || !Number.isFinite(init.value)) {
    throw new ModelError("INVALID_AUTOMATION", "A breakpoint's value must be a number.");
  }
  if (init.shape !== undefined && !SEGMENT_SHAPES.includes(init.shape)) {
    throw new ModelError("INVALID_AUTOMATION", "A segment is linear, curved or a step.");
  }
  const range = rangeFor(doc, lane.get(LANE_FIELDS.strip.key) as string, lane.get(LANE_FIELDS.target.key) as string);
  return coercePoint(init, range);
}

/** Adds a breakpoint (value clamped into the target's range). Returns its id. */
export function addAutomationPoint(doc: Y.Doc, key: string, init: PointInit, origin: Origin): string {
  const lane = requireLane(doc, key);
  const point = validatePoint(doc, lane, init);
  const existing = lane.get(LANE_FIELDS.points.key);
  if (existing instanceof Y.Map && existing.size >= LIMITS.automationPointsMax) {
    throw new ModelError("INVALID_AUTOMATION", `A lane holds at most ${LIMITS.automationPointsMax} breakpoints.`);
  }
  const id = randomId();
  transactAs(doc, origin, () => pointsOf(lane).set(id, point));
  return id;
}

/** Moves (or reshapes) breakpoints: each one write of its whole value. One transaction for a box-selection drag. */
export function updateAutomationPoints(
  doc: Y.Doc,
  key: string,
  updates: ReadonlyArray<{ id: string } & Partial<PointInit>>,
  origin: Origin,
): void {
  const lane = requireLane(doc, key);
  const points = lane.get(LANE_FIELDS.points.key);
  const planned = updates.map((u) => {
    const current = points instanceof Y.Map ? (points.get(u.id) as PointInit | undefined) : undefined;
    if (!current) throw new ModelError("POINT_NOT_FOUND", "That breakpoint was removed.");
    return [u.id, validatePoint(doc, lane, { ...current, ...u })] as const;
  });
  transactAs(doc, origin, () => {
    const map = pointsOf(lane);
    for (const [id, p] of planned) setIfChanged(map, id, p);
  });
}

export function deleteAutomationPoints(doc: Y.Doc, key: string, ids: readonly string[], origin: Origin): void {
  const lane = requireLane(doc, key);
  transactAs(doc, origin, () => {
    const map = pointsOf(lane);
    for (const id of ids) map.delete(id);
  });
}

export function getAutomationLane(doc: Y.Doc, strip: string, target: string): AutomationLane | null {
  return readMix(doc).lanes.find((l) => l.key === laneKey(strip, target)) ?? null;
}
