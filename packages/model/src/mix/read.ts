import * as Y from "yjs";
import { TRACK_FIELDS } from "../fields";
import { compareByOrderThenId } from "../fractional-index";
import { LIMITS } from "../schema";
import { tracksMap, type EntityMap } from "../roots";
import { coerceParam, effectSpec, type EffectId, type ParamSpec } from "./effects";
import {
  BUS_FIELDS,
  INSERT_FIELDS,
  LANE_FIELDS,
  MASTER_STRIP_ID,
  SEGMENT_SHAPES,
  SEND_FIELDS,
  STRIP_FIELDS,
  automationMap,
  busesMap,
  insertsMap,
  masterMap,
  sendsMap,
  type SegmentShape,
  type StoredPoint,
} from "./fields";
import { resolveRouting, type RoutingEdge } from "./routing";

export type StripKind = "track" | "bus" | "master";

export interface StripMix {
  volumeDb: number;
  pan: number;
  mute: boolean;
  trim: number;
  phase: boolean;
  /** Bus id, or null for the master (always null on the master strip itself). */
  output: string | null;
  soloSafe: boolean;
}

export interface Strip extends StripMix {
  id: string;
  kind: StripKind;
  name: string;
  color: string;
  order: string;
}

export interface Insert {
  id: string;
  strip: string;
  effect: EffectId;
  order: string;
  bypass: boolean;
  sidechain: string | null;
  /** Every parameter of the effect (stored or default), within its spec. */
  params: Record<string, number>;
}

export interface Send {
  id: string;
  from: string;
  to: string;
  levelDb: number;
  pre: boolean;
}

export interface Breakpoint extends StoredPoint {
  id: string;
}

export interface AutomationLane {
  key: string;
  strip: string;
  target: string;
  enabled: boolean;
  /** Ordered by (tick, id). */
  points: Breakpoint[];
}

export interface MixState {
  /** Tracks in track order, then buses in bus order, then the master. */
  strips: Strip[];
  /** Inserts per strip, in slot order. */
  inserts: Map<string, Insert[]>;
  /** Sends that play (valid and loop-free), by sending strip. */
  sends: Map<string, Send[]>;
  lanes: AutomationLane[];
  /** Outputs and sends the readers ignore because they would close a loop (repair removes them). */
  droppedRouting: RoutingEdge[];
}

const BUS_COLOR = "#8a94a6";

function readStripMix(map: EntityMap, kind: StripKind): StripMix {
  const f = STRIP_FIELDS;
  return {
    volumeDb: f.volumeDb.coerce(map.get(f.volumeDb.key)),
    pan: f.pan.coerce(map.get(f.pan.key)),
    mute: f.mute.coerce(map.get(f.mute.key)),
    trim: f.trim.coerce(map.get(f.trim.key)),
    phase: f.phase.coerce(map.get(f.phase.key)),
    output: kind === "master" ? null : f.output.coerce(map.get(f.output.key)),
    soloSafe: kind === "bus" && f.soloSafe.coerce(map.get(f.soloSafe.key)),
  };
}

export function listBuses(doc: Y.Doc): Strip[] {
  const out: Strip[] = [];
  busesMap(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const map = value as EntityMap;
    out.push({
      id,
      kind: "bus",
      name: BUS_FIELDS.name.coerce(map.get(BUS_FIELDS.name.key)),
      color: TRACK_FIELDS.color.isValid(map.get(TRACK_FIELDS.color.key))
        ? (map.get(TRACK_FIELDS.color.key) as string)
        : BUS_COLOR,
      order: TRACK_FIELDS.order.coerce(map.get(TRACK_FIELDS.order.key)),
      ...readStripMix(map, "bus"),
    });
  });
  return out.sort(compareByOrderThenId);
}

export function readMasterStrip(doc: Y.Doc): Strip {
  return {
    id: MASTER_STRIP_ID,
    kind: "master",
    name: "Master",
    color: "#e6e9ef",
    order: "",
    ...readStripMix(masterMap(doc), "master"),
  };
}

function trackStrips(doc: Y.Doc): Strip[] {
  const out: Strip[] = [];
  tracksMap(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const map = value as EntityMap;
    out.push({
      id,
      kind: "track",
      name: TRACK_FIELDS.name.coerce(map.get(TRACK_FIELDS.name.key)),
      color: TRACK_FIELDS.color.coerce(map.get(TRACK_FIELDS.color.key), { id }),
      order: TRACK_FIELDS.order.coerce(map.get(TRACK_FIELDS.order.key)),
      ...readStripMix(map, "track"),
    });
  });
  return out.sort(compareByOrderThenId);
}

/** One strip's level controls and routing field, read from its own map only (cheap: for a knob move). */
export function readStripLevels(doc: Y.Doc, id: string): StripMix | null {
  if (id === MASTER_STRIP_ID) return readStripMix(masterMap(doc), "master");
  const track = tracksMap(doc).get(id);
  if (track instanceof Y.Map) return readStripMix(track as EntityMap, "track");
  const bus = busesMap(doc).get(id);
  return bus instanceof Y.Map ? readStripMix(bus as EntityMap, "bus") : null;
}

/** The inserts of one strip in slot order. */
export function readStripInserts(doc: Y.Doc, strip: string): Insert[] {
  const out: Insert[] = [];
  insertsMap(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map) || value.get(INSERT_FIELDS.strip.key) !== strip) return;
    const insert = readInsert(id, value as EntityMap);
    if (insert) out.push(insert);
  });
  return out.sort(compareByOrderThenId);
}

/** One insert by id (null if gone or unknown). */
export function readInsertById(doc: Y.Doc, id: string): Insert | null {
  const value = insertsMap(doc).get(id);
  return value instanceof Y.Map ? readInsert(id, value as EntityMap) : null;
}

/** Every stored insert whose strip exists and whose effect is known, in slot order per strip. */
export function readInserts(doc: Y.Doc, stripIds: ReadonlySet<string>): Map<string, Insert[]> {
  const out = new Map<string, Insert[]>();
  insertsMap(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const insert = readInsert(id, value as EntityMap);
    if (!insert || !stripIds.has(insert.strip)) return;
    const list = out.get(insert.strip);
    if (list) list.push(insert);
    else out.set(insert.strip, [insert]);
  });
  for (const list of out.values()) list.sort(compareByOrderThenId);
  return out;
}

export function readInsert(id: string, map: EntityMap): Insert | null {
  const effect = INSERT_FIELDS.effect.coerce(map.get(INSERT_FIELDS.effect.key));
  if (!effect) return null;
  const stored = map.get(INSERT_FIELDS.params.key);
  const params: Record<string, number> = {};
  for (const spec of effectSpec(effect).params) {
    params[spec.id] = coerceParam(spec, stored instanceof Y.Map ? stored.get(spec.id) : undefined);
  }
  return {
    id,
    strip: INSERT_FIELDS.strip.coerce(map.get(INSERT_FIELDS.strip.key)),
    effect,
    order: TRACK_FIELDS.order.coerce(map.get(TRACK_FIELDS.order.key)),
    bypass: INSERT_FIELDS.bypass.coerce(map.get(INSERT_FIELDS.bypass.key)),
    sidechain: effect === "compressor" ? INSERT_FIELDS.sidechain.coerce(map.get(INSERT_FIELDS.sidechain.key)) : null,
    params,
  };
}

function readSend(id: string, map: EntityMap): Send {
  return {
    id,
    from: SEND_FIELDS.from.coerce(map.get(SEND_FIELDS.from.key)),
    to: SEND_FIELDS.to.coerce(map.get(SEND_FIELDS.to.key)),
    levelDb: SEND_FIELDS.levelDb.coerce(map.get(SEND_FIELDS.levelDb.key)),
    pre: SEND_FIELDS.pre.coerce(map.get(SEND_FIELDS.pre.key)),
  };
}

/** The routing edges as stored, keeping only those between strips that exist (outputs to buses that exist). */
export function routingEdges(strips: readonly Strip[], sends: readonly Send[]): RoutingEdge[] {
  const buses = new Set(strips.filter((s) => s.kind === "bus").map((s) => s.id));
  const sources = new Set(strips.filter((s) => s.kind !== "master").map((s) => s.id));
  const edges: RoutingEdge[] = [];
  for (const s of strips)
    if (s.output && buses.has(s.output)) edges.push({ kind: "output", id: s.id, from: s.id, to: s.output });
  for (const s of sends)
    if (sources.has(s.from) && buses.has(s.to)) edges.push({ kind: "send", id: s.id, from: s.from, to: s.to });
  return edges;
}

export function readAllSends(doc: Y.Doc): Send[] {
  const out: Send[] = [];
  sendsMap(doc).forEach((value, id) => {
    if (value instanceof Y.Map) out.push(readSend(id, value as EntityMap));
  });
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The value range of an automation target on a strip, or null if the target names nothing that exists. */
export function targetRange(
  target: string,
  inserts: ReadonlyMap<string, Insert>,
  sends: ReadonlyMap<string, Send>,
): { min: number; max: number; spec?: ParamSpec } | null {
  if (target === "volume") return { min: LIMITS.volumeMinDb, max: LIMITS.volumeMaxDb };
  if (target === "pan") return { min: -1, max: 1 };
  if (target === "mute") return { min: 0, max: 1 };
  const [kind, id, paramId] = target.split(":");
  if (kind === "send" && id && sends.has(id)) return { min: LIMITS.volumeMinDb, max: LIMITS.volumeMaxDb };
  if (kind === "bypass" && id && inserts.has(id)) return { min: 0, max: 1 };
  if (kind === "param" && id && paramId) {
    const insert = inserts.get(id);
    const spec = insert ? effectSpec(insert.effect).params.find((p) => p.id === paramId) : undefined;
    if (spec && spec.automatable) return { min: spec.min, max: spec.max, spec };
  }
  return null;
}

export function coercePoint(raw: unknown, range: { min: number; max: number; spec?: ParamSpec }): StoredPoint {
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Partial<Record<keyof StoredPoint, unknown>>;
  const tick =
    typeof r.tick === "number" && Number.isFinite(r.tick)
      ? Math.min(LIMITS.maxTick, Math.max(0, Math.round(r.tick)))
      : 0;
  const rawValue = typeof r.value === "number" && Number.isFinite(r.value) ? r.value : range.min;
  const value = range.spec
    ? coerceParam(range.spec, rawValue)
    : Number(Math.min(range.max, Math.max(range.min, rawValue)).toFixed(4));
  const shape = SEGMENT_SHAPES.includes(r.shape as SegmentShape) ? (r.shape as SegmentShape) : "linear";
  const tension =
    typeof r.tension === "number" && Number.isFinite(r.tension)
      ? Number(Math.min(1, Math.max(-1, r.tension)).toFixed(3))
      : 0;
  return { tick, value, shape, tension };
}

/** Reads the whole mix as every peer sees it: orphans skipped, loops broken, values in range. */
export function readMix(doc: Y.Doc): MixState {
  const strips = [...trackStrips(doc), ...listBuses(doc), readMasterStrip(doc)];
  const stripIds = new Set(strips.map((s) => s.id));
  const inserts = readInserts(doc, stripIds);
  const allSends = readAllSends(doc);
  const { kept, dropped } = resolveRouting(routingEdges(strips, allSends));
  const keptOutputs = new Set(kept.filter((e) => e.kind === "output").map((e) => e.id));
  const keptSends = new Set(kept.filter((e) => e.kind === "send").map((e) => e.id));
  for (const s of strips) if (s.output !== null && !keptOutputs.has(s.id)) s.output = null;
  const sends = new Map<string, Send[]>();
  for (const s of allSends) {
    if (!keptSends.has(s.id)) continue;
    const list = sends.get(s.from);
    if (list) list.push(s);
    else sends.set(s.from, [s]);
  }
  const insertById = new Map([...inserts.values()].flat().map((i) => [i.id, i]));
  const sendById = new Map(allSends.filter((s) => keptSends.has(s.id)).map((s) => [s.id, s]));
  const lanes: AutomationLane[] = [];
  automationMap(doc).forEach((value, key) => {
    if (!(value instanceof Y.Map)) return;
    const lane = readLane(key, value as EntityMap, stripIds, insertById, sendById);
    if (lane) lanes.push(lane);
  });
  lanes.sort((a, b) => (a.key < b.key ? -1 : 1));
  return { strips, inserts, sends, lanes, droppedRouting: dropped };
}

export function readLane(
  key: string,
  map: EntityMap,
  stripIds: ReadonlySet<string>,
  inserts: ReadonlyMap<string, Insert>,
  sends: ReadonlyMap<string, Send>,
): AutomationLane | null {
  const strip = LANE_FIELDS.strip.coerce(map.get(LANE_FIELDS.strip.key));
  const target = LANE_FIELDS.target.coerce(map.get(LANE_FIELDS.target.key));
  if (!stripIds.has(strip)) return null;
  const range = targetRange(target, inserts, sends);
  if (!range) return null;
  const stored = map.get(LANE_FIELDS.points.key);
  const points: Breakpoint[] = [];
  if (stored instanceof Y.Map) stored.forEach((raw, id) => points.push({ id, ...coercePoint(raw, range) }));
  points.sort((a, b) => a.tick - b.tick || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { key, strip, target, enabled: LANE_FIELDS.enabled.coerce(map.get(LANE_FIELDS.enabled.key)), points };
}

export function stripById(mix: MixState, id: string): Strip | undefined {
  return mix.strips.find((s) => s.id === id);
}
