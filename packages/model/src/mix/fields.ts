import * as Y from "yjs";
import { coerceSingleLine, isSingleLine, type FieldSpec } from "../fields";
import { isValidId } from "../ids";
import { DEFAULT_TRACK_MIX, TRACK_MIX_FIELDS } from "../mixer-fields";
import type { EntityMap } from "../roots";
import { LIMITS, ROOT } from "../schema";
import { isEffectId, type EffectId } from "./effects";

/**
 * The mix beyond a track's fader, pan and mute (mixer-fields.ts), as stored:
 *
 *   tracks      trackId → Y.Map { …, trim, phase, output }                       (strip fields, absent = default)
 *   buses       busId → Y.Map { name, color, order, createdAt, volumeDb, pan, mute, trim, phase, output, soloSafe }
 *   mixMaster   Y.Map { volumeDb, pan, mute, trim, phase }                        (the master strip)
 *   inserts     insertId → Y.Map { strip, effect, order, bypass, sidechain, params: Y.Map paramId → number }
 *   sends       sendId → Y.Map { from, to, levelDb, pre }
 *   automation  laneKey ("<strip>~<target>") → Y.Map { strip, target, enabled,
 *                                                   points: Y.Map pointId → { tick, value, shape, tension } }
 *
 * Why: inserts, sends and lanes live in root maps with a strip field (like clips with their trackId), so a
 * strip's deletion and a concurrent insert both survive as an orphan that readers skip and repair deletes;
 * each parameter is its own key so two people turning two knobs of one EQ both win; a breakpoint is one plain
 * value so a drag (tick and value) is one write; a lane's key is derived from what it automates, so two people
 * creating "volume of Bass" at once end with one lane, not two.
 */
export const MASTER_STRIP_ID = "master";

export function busesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.buses);
}
export function insertsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.inserts);
}
export function sendsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.sends);
}
export function automationMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.automation);
}
export function masterMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.mixMaster);
}

const stepped = (value: number, step: number, decimals: number) =>
  Number((Math.round(value / step) * step).toFixed(decimals));
const clampDb = (raw: unknown, min: number, max: number, fallback: number) =>
  typeof raw === "number" && Number.isFinite(raw) ? stepped(Math.min(max, Math.max(min, raw)), 0.1, 1) : fallback;

/** A strip reference: "master", or a track or bus id. */
export const isStripRef = (raw: unknown): raw is string => raw === MASTER_STRIP_ID || isValidId(raw);

export const STRIP_FIELDS = {
  ...TRACK_MIX_FIELDS,
  trim: {
    key: "trim",
    doc: `Input trim before the inserts, dB ${LIMITS.trimMinDb}..${LIMITS.trimMaxDb} step 0.1. Absent: 0.`,
    isValid: (raw: unknown): raw is number => clampDb(raw, LIMITS.trimMinDb, LIMITS.trimMaxDb, NaN) === raw,
    coerce: (raw: unknown) => clampDb(raw, LIMITS.trimMinDb, LIMITS.trimMaxDb, 0),
  } satisfies FieldSpec<number>,
  phase: {
    key: "phase",
    doc: "Polarity inverted. Absent: normal.",
    isValid: (raw: unknown): raw is boolean => typeof raw === "boolean",
    coerce: (raw: unknown) => raw === true,
  } satisfies FieldSpec<boolean>,
  output: {
    key: "output",
    doc: "Where the strip's output goes: a bus id, or null/absent for the master. Never on the master strip.",
    isValid: (raw: unknown): raw is string | null => raw === null || isValidId(raw),
    coerce: (raw: unknown) => (isValidId(raw) ? raw : null),
  } satisfies FieldSpec<string | null>,
  soloSafe: {
    key: "soloSafe",
    doc: "Buses only: keeps playing when other strips are soloed (a reverb return). Absent: false.",
    isValid: (raw: unknown): raw is boolean => typeof raw === "boolean",
    coerce: (raw: unknown) => raw === true,
  } satisfies FieldSpec<boolean>,
} as const;

export const DEFAULT_BUS_NAME = "Bus";

export const BUS_FIELDS = {
  name: {
    key: "name",
    doc: `Bus name, one trimmed line 1..${LIMITS.busNameMaxLength}.`,
    isValid: (raw: unknown): raw is string => isSingleLine(raw, LIMITS.busNameMaxLength),
    coerce: (raw: unknown) => coerceSingleLine(raw, LIMITS.busNameMaxLength, DEFAULT_BUS_NAME),
  } satisfies FieldSpec<string>,
} as const;

export const INSERT_FIELDS = {
  strip: {
    key: "strip",
    doc: "The strip the effect sits on: a track id, a bus id or 'master'.",
    isValid: isStripRef,
    coerce: (raw: unknown) => (isStripRef(raw) ? raw : ""),
  } satisfies FieldSpec<string>,
  effect: {
    key: "effect",
    doc: "Which effect (an id from EFFECTS). Never changes after the insert is made.",
    isValid: isEffectId,
    coerce: (raw: unknown): EffectId | null => (isEffectId(raw) ? raw : null),
  } satisfies FieldSpec<EffectId | null>,
  bypass: {
    key: "bypass",
    doc: "Bypassed: the signal passes the slot untouched (latency is still compensated). Absent: active.",
    isValid: (raw: unknown): raw is boolean => typeof raw === "boolean",
    coerce: (raw: unknown) => raw === true,
  } satisfies FieldSpec<boolean>,
  sidechain: {
    key: "sidechain",
    doc: "Compressor only: the strip whose signal drives the detector, or null/absent for its own input.",
    isValid: (raw: unknown): raw is string | null => raw === null || isStripRef(raw),
    coerce: (raw: unknown) => (isValidId(raw) ? raw : null),
  } satisfies FieldSpec<string | null>,
  params: { key: "params" },
} as const;

export const SEND_FIELDS = {
  from: {
    key: "from",
    doc: "The sending strip (a track or bus id).",
    isValid: isValidId,
    coerce: (raw: unknown) => (isValidId(raw) ? raw : ""),
  } satisfies FieldSpec<string>,
  to: {
    key: "to",
    doc: "The receiving bus id.",
    isValid: isValidId,
    coerce: (raw: unknown) => (isValidId(raw) ? raw : ""),
  } satisfies FieldSpec<string>,
  levelDb: {
    key: "levelDb",
    doc: `Send level dB ${LIMITS.volumeMinDb}..${LIMITS.volumeMaxDb} step 0.1. Absent: 0.`,
    isValid: (raw: unknown): raw is number => clampDb(raw, LIMITS.volumeMinDb, LIMITS.volumeMaxDb, NaN) === raw,
    coerce: (raw: unknown) => clampDb(raw, LIMITS.volumeMinDb, LIMITS.volumeMaxDb, DEFAULT_TRACK_MIX.volumeDb),
  } satisfies FieldSpec<number>,
  pre: {
    key: "pre",
    doc: "Pre-fader: taken before the strip's fader (and pan), so the fader does not change it. Absent: post.",
    isValid: (raw: unknown): raw is boolean => typeof raw === "boolean",
    coerce: (raw: unknown) => raw === true,
  } satisfies FieldSpec<boolean>,
} as const;

export const LANE_FIELDS = {
  strip: INSERT_FIELDS.strip,
  target: {
    key: "target",
    doc: "What the lane drives: volume | pan | mute | send:<sendId> | param:<insertId>:<paramId> | bypass:<insertId>.",
    isValid: (raw: unknown): raw is string => typeof raw === "string" && raw.length > 0 && raw.length <= 80,
    coerce: (raw: unknown) => (typeof raw === "string" ? raw : ""),
  } satisfies FieldSpec<string>,
  enabled: {
    key: "enabled",
    doc: "Off: the knob holds its own value and the points are kept. Absent: on.",
    isValid: (raw: unknown): raw is boolean => typeof raw === "boolean",
    coerce: (raw: unknown) => raw !== false,
  } satisfies FieldSpec<boolean>,
  points: { key: "points" },
} as const;

/**
 * How the segment from a breakpoint to the next travels: a line, a curve bent by its tension (−1…1), or a step.
 * The same three shapes packages/dsp's automation curve evaluates (the model declares them, it does not import DSP).
 */
export type SegmentShape = "linear" | "curve" | "step";
export const SEGMENT_SHAPES: readonly SegmentShape[] = ["linear", "curve", "step"];

/** A breakpoint as stored: one plain value. */
export interface StoredPoint {
  tick: number;
  value: number;
  shape: SegmentShape;
  tension: number;
}

export function laneKey(strip: string, target: string): string {
  return `${strip}~${target}`;
}

/** The Y.Map of a strip: a track's map, a bus's map, or the master root. Null if it does not exist. */
export function stripEntity(doc: Y.Doc, strip: string, tracks: Y.Map<unknown>): EntityMap | null {
  if (strip === MASTER_STRIP_ID) return masterMap(doc);
  const value = tracks.get(strip) ?? busesMap(doc).get(strip);
  return value instanceof Y.Map ? (value as EntityMap) : null;
}
