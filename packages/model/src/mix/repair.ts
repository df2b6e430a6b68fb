import * as Y from "yjs";
import { TRACK_FIELDS } from "../fields";
import type { RepairWrite } from "../repair";
import { sameValue, tracksMap, type EntityMap } from "../roots";
import { orderedEntries, planOrderKeys, type OrderedEntry } from "../track-order";
import { coerceParam, effectSpec, isEffectId, isValidParam } from "./effects";
import {
  BUS_FIELDS,
  INSERT_FIELDS,
  LANE_FIELDS,
  SEND_FIELDS,
  STRIP_FIELDS,
  automationMap,
  busesMap,
  insertsMap,
  masterMap,
  sendsMap,
} from "./fields";
import { coercePoint, readMix, targetRange } from "./read";

/**
 * The mix part of repairSongDoc: deterministic writes that make the stored mix what readers already show —
 * fields clamped, orphans (inserts, sends, lanes of strips that are gone) deleted, tied insert order keys
 * re-keyed per strip, and routing loops broken by the same rule the readers use (routing.ts), so two peers
 * that routed A→B and B→A at once both remove the same edge.
 */
export function planMixRepair(doc: Y.Doc, writes: RepairWrite[]): void {
  const tracks = tracksMap(doc);
  const buses = busesMap(doc);
  const stripFields = [
    STRIP_FIELDS.volumeDb,
    STRIP_FIELDS.pan,
    STRIP_FIELDS.mute,
    STRIP_FIELDS.trim,
    STRIP_FIELDS.phase,
  ];
  const fixStrip = (map: EntityMap, name: string, withOutput: boolean) => {
    for (const spec of withOutput ? [...stripFields, STRIP_FIELDS.output] : stripFields) {
      const raw = map.get(spec.key);
      if (raw !== undefined && !spec.isValid(raw))
        writes.push({ map, key: spec.key, value: spec.coerce(raw), reason: `${name}.${spec.key} invalid` });
    }
    const out = map.get(STRIP_FIELDS.output.key);
    if (withOutput && typeof out === "string" && !(buses.get(out) instanceof Y.Map)) {
      writes.push({ map, key: STRIP_FIELDS.output.key, value: null, reason: `${name}.output names no bus` });
    }
  };
  // Track strip fields beyond fader/pan/mute (those are the "track-mix" invariant, repaired by the track rules).
  tracks.forEach((v, id) => {
    if (v instanceof Y.Map) fixStrip(v as EntityMap, `track ${id}`, true);
  });
  fixStrip(masterMap(doc), "master", false);

  buses.forEach((v, id) => {
    if (!(v instanceof Y.Map)) {
      writes.push({ map: buses, key: id, delete: true, reason: `buses.${id} is not a Y.Map` });
      return;
    }
    const map = v as EntityMap;
    fixStrip(map, `bus ${id}`, true);
    const name = map.get(BUS_FIELDS.name.key);
    if (!BUS_FIELDS.name.isValid(name))
      writes.push({
        map,
        key: BUS_FIELDS.name.key,
        value: BUS_FIELDS.name.coerce(name),
        reason: `bus ${id}.name invalid`,
      });
    const soloSafe = map.get(STRIP_FIELDS.soloSafe.key);
    if (soloSafe !== undefined && !STRIP_FIELDS.soloSafe.isValid(soloSafe))
      writes.push({
        map,
        key: STRIP_FIELDS.soloSafe.key,
        value: soloSafe === true,
        reason: `bus ${id}.soloSafe invalid`,
      });
  });
  planOrder(orderedEntries(buses), writes, "bus");

  const stripExists = (id: unknown) =>
    id === "master" || (typeof id === "string" && (tracks.get(id) instanceof Y.Map || buses.get(id) instanceof Y.Map));

  const inserts = insertsMap(doc);
  const byStrip = new Map<string, OrderedEntry[]>();
  inserts.forEach((v, id) => {
    if (!(v instanceof Y.Map))
      return void writes.push({ map: inserts, key: id, delete: true, reason: `inserts.${id} is not a Y.Map` });
    const map = v as EntityMap;
    const effect = map.get(INSERT_FIELDS.effect.key);
    const strip = map.get(INSERT_FIELDS.strip.key);
    if (!isEffectId(effect) || !stripExists(strip)) {
      return void writes.push({
        map: inserts,
        key: id,
        delete: true,
        reason: `insert ${id} is an orphan or unknown effect`,
      });
    }
    const bypass = map.get(INSERT_FIELDS.bypass.key);
    if (bypass !== undefined && typeof bypass !== "boolean")
      writes.push({
        map,
        key: INSERT_FIELDS.bypass.key,
        value: bypass === true,
        reason: `insert ${id}.bypass invalid`,
      });
    const sidechain = map.get(INSERT_FIELDS.sidechain.key);
    if (sidechain !== undefined && sidechain !== null && !stripExists(sidechain))
      writes.push({ map, key: INSERT_FIELDS.sidechain.key, value: null, reason: `insert ${id}.sidechain gone` });
    const params = map.get(INSERT_FIELDS.params.key);
    if (!(params instanceof Y.Map)) {
      writes.push({
        map,
        key: INSERT_FIELDS.params.key,
        value: new Y.Map<unknown>(),
        reason: `insert ${id}.params missing`,
      });
    } else {
      const specs = new Map(effectSpec(effect).params.map((p) => [p.id, p]));
      params.forEach((raw, paramId) => {
        const spec = specs.get(paramId);
        if (!spec)
          writes.push({ map: params, key: paramId, delete: true, reason: `insert ${id} has no param ${paramId}` });
        else if (!isValidParam(spec, raw))
          writes.push({
            map: params,
            key: paramId,
            value: coerceParam(spec, raw),
            reason: `insert ${id}.${paramId} out of range`,
          });
      });
    }
    const entry = { id, order: TRACK_FIELDS.order.coerce(map.get(TRACK_FIELDS.order.key)), map };
    const list = byStrip.get(strip as string);
    if (list) list.push(entry);
    else byStrip.set(strip as string, [entry]);
  });
  for (const list of byStrip.values())
    planOrder(
      list.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1)),
      writes,
      "insert",
    );

  const sends = sendsMap(doc);
  sends.forEach((v, id) => {
    if (!(v instanceof Y.Map))
      return void writes.push({ map: sends, key: id, delete: true, reason: `sends.${id} is not a Y.Map` });
    const map = v as EntityMap;
    const from = map.get(SEND_FIELDS.from.key);
    const to = map.get(SEND_FIELDS.to.key);
    if (from === "master" || !stripExists(from) || typeof to !== "string" || !(buses.get(to) instanceof Y.Map)) {
      return void writes.push({ map: sends, key: id, delete: true, reason: `send ${id} is an orphan` });
    }
    for (const spec of [SEND_FIELDS.levelDb, SEND_FIELDS.pre]) {
      const raw = map.get(spec.key);
      if (raw !== undefined && !spec.isValid(raw))
        writes.push({ map, key: spec.key, value: spec.coerce(raw), reason: `send ${id}.${spec.key} invalid` });
    }
  });

  // Routing loops: the readers already ignore the dropped edges; write that down.
  const mix = readMix(doc);
  for (const edge of mix.droppedRouting) {
    if (edge.kind === "send")
      writes.push({ map: sends, key: edge.id, delete: true, reason: `send ${edge.id} closes a loop` });
    else {
      const map = (tracks.get(edge.id) ?? buses.get(edge.id)) as EntityMap;
      writes.push({ map, key: STRIP_FIELDS.output.key, value: null, reason: `${edge.id}.output closes a loop` });
    }
  }

  const lanes = automationMap(doc);
  const insertById = new Map([...mix.inserts.values()].flat().map((i) => [i.id, i]));
  const sendById = new Map([...mix.sends.values()].flat().map((s) => [s.id, s]));
  lanes.forEach((v, key) => {
    if (!(v instanceof Y.Map))
      return void writes.push({ map: lanes, key, delete: true, reason: `automation.${key} is not a Y.Map` });
    const map = v as EntityMap;
    const strip = map.get(LANE_FIELDS.strip.key);
    const target = LANE_FIELDS.target.coerce(map.get(LANE_FIELDS.target.key));
    const stripInserts = new Map([...insertById].filter(([, i]) => i.strip === strip));
    const stripSends = new Map([...sendById].filter(([, s]) => s.from === strip));
    const range = stripExists(strip) ? targetRange(target, stripInserts, stripSends) : null;
    if (!range) return void writes.push({ map: lanes, key, delete: true, reason: `lane ${key} drives nothing` });
    const enabled = map.get(LANE_FIELDS.enabled.key);
    if (enabled !== undefined && typeof enabled !== "boolean")
      writes.push({
        map,
        key: LANE_FIELDS.enabled.key,
        value: enabled !== false,
        reason: `lane ${key}.enabled invalid`,
      });
    const points = map.get(LANE_FIELDS.points.key);
    if (!(points instanceof Y.Map))
      return void writes.push({
        map,
        key: LANE_FIELDS.points.key,
        value: new Y.Map<unknown>(),
        reason: `lane ${key}.points missing`,
      });
    points.forEach((raw, id) => {
      const fixed = coercePoint(raw, range);
      if (!sameValue(raw, fixed))
        writes.push({ map: points, key: id, value: fixed, reason: `lane ${key} point ${id} invalid` });
    });
  });
}

function planOrder(entries: OrderedEntry[], writes: RepairWrite[], what: string): void {
  const plan = planOrderKeys(entries);
  entries.forEach((entry, pos) => {
    if (plan.runOf[pos] >= 0)
      writes.push({
        map: entry.map,
        key: TRACK_FIELDS.order.key,
        value: plan.keys[pos],
        reason: `${what} ${entry.id}.order tied or invalid`,
      });
  });
}
