import * as Y from "yjs";
import { ModelError } from "../errors";
import { TRACK_FIELDS } from "../fields";
import { randomId } from "../ids";
import { transactAs, type Origin } from "../origin";
import { setIfChanged, type EntityMap } from "../roots";
import { LIMITS } from "../schema";
import { keyForIndex, orderedEntries, type OrderedEntry } from "../track-order";
import { coerceParam, effectSpec, isEffectId, type EffectId } from "./effects";
import { INSERT_FIELDS, LANE_FIELDS, automationMap, insertsMap, isStripRef } from "./fields";
import { requireStrip } from "./strips";

/** Insert effects on a strip: add from the menu, reorder, bypass, remove, set parameters, load presets. */

function requireInsert(doc: Y.Doc, insertId: string): EntityMap {
  const value = typeof insertId === "string" ? insertsMap(doc).get(insertId) : undefined;
  if (!(value instanceof Y.Map))
    throw new ModelError("INSERT_NOT_FOUND", "That effect was removed — someone may have just taken it out.");
  return value as EntityMap;
}

/** The insert entries of one strip in slot order (an OrderedEntry list for fractional keys). */
function slotsOf(doc: Y.Doc, strip: string): OrderedEntry[] {
  return orderedEntries(insertsMap(doc)).filter((e) => e.map.get(INSERT_FIELDS.strip.key) === strip);
}

export interface AddInsertInit {
  /** Slot to insert at, 0..count (default: the end). */
  index?: number;
  /** A preset name from the effect's table. */
  preset?: string;
}

export function addInsert(doc: Y.Doc, strip: string, effect: EffectId, init: AddInsertInit, origin: Origin): string {
  if (!isEffectId(effect))
    throw new ModelError("INVALID_EFFECT", "That effect does not exist in this version of Bandspace.");
  if (!isStripRef(strip)) throw new ModelError("STRIP_NOT_FOUND", "That channel no longer exists.");
  requireStrip(doc, strip);
  const slots = slotsOf(doc, strip);
  if (slots.length >= LIMITS.insertsMax) {
    throw new ModelError("TOO_MANY_INSERTS", `A channel holds at most ${LIMITS.insertsMax} effects.`);
  }
  const index = init.index ?? slots.length;
  if (!Number.isInteger(index) || index < 0 || index > slots.length) {
    throw new ModelError("INVALID_INDEX", `An effect slot is a whole number from 0 to ${slots.length}.`);
  }
  const spec = effectSpec(effect);
  const preset = init.preset === undefined ? undefined : spec.presets.find((p) => p.name === init.preset);
  if (init.preset !== undefined && !preset)
    throw new ModelError("INVALID_PARAM", `${spec.name} has no preset “${init.preset}”.`);
  const id = randomId();
  transactAs(doc, origin, () => {
    const order = keyForIndex(slots, index);
    const map: EntityMap = new Y.Map<unknown>();
    insertsMap(doc).set(id, map);
    map.set(INSERT_FIELDS.strip.key, strip);
    map.set(INSERT_FIELDS.effect.key, effect);
    map.set(TRACK_FIELDS.order.key, order);
    const params = new Y.Map<unknown>();
    map.set(INSERT_FIELDS.params.key, params);
    // Only what differs from the defaults is stored: a default the table later improves reaches old mixes.
    for (const [paramId, value] of Object.entries(preset?.params ?? {})) {
      const p = spec.params.find((s) => s.id === paramId);
      if (p) params.set(paramId, coerceParam(p, value));
    }
  });
  return id;
}

/** Moves an insert to slot `toIndex` of its strip (its final position, 0..count−1). */
export function moveInsert(doc: Y.Doc, insertId: string, toIndex: number, origin: Origin): void {
  const map = requireInsert(doc, insertId);
  const slots = slotsOf(doc, map.get(INSERT_FIELDS.strip.key) as string);
  if (!Number.isInteger(toIndex) || toIndex < 0 || toIndex > slots.length - 1) {
    throw new ModelError("INVALID_INDEX", `An effect slot is a whole number from 0 to ${slots.length - 1}.`);
  }
  const from = slots.findIndex((e) => e.id === insertId);
  if (from === toIndex) return;
  transactAs(doc, origin, () => {
    const others = slots.filter((e) => e.id !== insertId);
    map.set(TRACK_FIELDS.order.key, keyForIndex(others, toIndex));
  });
}

export function setInsertBypass(doc: Y.Doc, insertId: string, bypass: boolean, origin: Origin): void {
  if (typeof bypass !== "boolean") throw new ModelError("INVALID_PARAM", "Bypass is on or off.");
  const map = requireInsert(doc, insertId);
  transactAs(doc, origin, () => setIfChanged(map, INSERT_FIELDS.bypass.key, bypass));
}

/** Removes an insert and the automation lanes that drive it. */
export function removeInsert(doc: Y.Doc, insertId: string, origin: Origin): void {
  requireInsert(doc, insertId);
  transactAs(doc, origin, () => {
    insertsMap(doc).delete(insertId);
    deleteLanesTargeting(doc, (target) => target === `bypass:${insertId}` || target.startsWith(`param:${insertId}:`));
  });
}

export function deleteLanesTargeting(doc: Y.Doc, matches: (target: string) => boolean): void {
  const root = automationMap(doc);
  const doomed: string[] = [];
  root.forEach((v, key) => {
    if (v instanceof Y.Map && matches(String(v.get(LANE_FIELDS.target.key)))) doomed.push(key);
  });
  for (const key of doomed) root.delete(key);
}

/** Sets one parameter. Values outside the range are clamped (a knob dragged past its end); junk is refused. */
export function setInsertParam(doc: Y.Doc, insertId: string, paramId: string, value: number, origin: Origin): void {
  const map = requireInsert(doc, insertId);
  const effect = map.get(INSERT_FIELDS.effect.key);
  const spec = isEffectId(effect) ? effectSpec(effect).params.find((p) => p.id === paramId) : undefined;
  if (!spec) throw new ModelError("INVALID_PARAM", `This effect has no parameter “${String(paramId)}”.`);
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new ModelError("INVALID_PARAM", `${spec.label} must be a number${spec.unit ? ` in ${spec.unit}` : ""}.`);
  }
  const stored = coerceParam(spec, value);
  transactAs(doc, origin, () => {
    let params = map.get(INSERT_FIELDS.params.key);
    if (!(params instanceof Y.Map)) map.set(INSERT_FIELDS.params.key, (params = new Y.Map<unknown>()));
    setIfChanged(params as Y.Map<unknown>, paramId, stored);
  });
}

/** Loads a named preset: every parameter goes to the preset's value or the default. One undo step. */
export function applyInsertPreset(doc: Y.Doc, insertId: string, presetName: string, origin: Origin): void {
  const map = requireInsert(doc, insertId);
  const effect = map.get(INSERT_FIELDS.effect.key);
  if (!isEffectId(effect)) throw new ModelError("INVALID_EFFECT", "That effect is unknown.");
  const spec = effectSpec(effect);
  const preset = spec.presets.find((p) => p.name === presetName);
  if (!preset) throw new ModelError("INVALID_PARAM", `${spec.name} has no preset “${presetName}”.`);
  transactAs(doc, origin, () => {
    let params = map.get(INSERT_FIELDS.params.key);
    if (!(params instanceof Y.Map)) map.set(INSERT_FIELDS.params.key, (params = new Y.Map<unknown>()));
    for (const p of spec.params)
      setIfChanged(params as Y.Map<unknown>, p.id, coerceParam(p, preset.params[p.id] ?? p.default));
  });
}

/** Compressor only: drive the detector from another strip (null: its own input). */
export function setInsertSidechain(doc: Y.Doc, insertId: string, source: string | null, origin: Origin): void {
  const map = requireInsert(doc, insertId);
  if (map.get(INSERT_FIELDS.effect.key) !== "compressor") {
    throw new ModelError("INVALID_PARAM", "Only a compressor has a side-chain input.");
  }
  if (source !== null) requireStrip(doc, source);
  if (source === map.get(INSERT_FIELDS.strip.key))
    throw new ModelError("INVALID_PARAM", "A side-chain comes from another channel.");
  transactAs(doc, origin, () => setIfChanged(map, INSERT_FIELDS.sidechain.key, source));
}
