import * as Y from "yjs";
import { TRACK_FIELDS } from "../fields";
import type { InvariantViolation } from "../invariants";
import { tracksMap } from "../roots";
import { effectSpec, isEffectId, isValidParam } from "./effects";
import {
  BUS_FIELDS,
  INSERT_FIELDS,
  LANE_FIELDS,
  SEGMENT_SHAPES,
  SEND_FIELDS,
  STRIP_FIELDS,
  automationMap,
  busesMap,
  insertsMap,
  sendsMap,
} from "./fields";
import { LIMITS } from "../schema";

/** The mix invariants of schema.ts, checked on the stored values (an oracle for the operations and repair). */
export function checkMixInvariants(doc: Y.Doc, out: InvariantViolation[]): void {
  const tracks = tracksMap(doc);
  const buses = busesMap(doc);
  const isBus = (id: unknown) => typeof id === "string" && buses.get(id) instanceof Y.Map;
  const exists = (id: unknown) =>
    id === "master" || isBus(id) || (typeof id === "string" && tracks.get(id) instanceof Y.Map);
  const bad = (invariant: InvariantViolation["invariant"], message: string) => out.push({ invariant, message });

  const edges = new Map<string, string[]>();
  const edge = (from: string, to: string) => edges.set(from, [...(edges.get(from) ?? []), to]);
  const strip = (map: Y.Map<unknown>, id: string) => {
    for (const spec of [STRIP_FIELDS.trim, STRIP_FIELDS.phase, STRIP_FIELDS.output, STRIP_FIELDS.soloSafe]) {
      const raw = map.get(spec.key);
      if (raw !== undefined && !spec.isValid(raw))
        bad("mix-fields", `strip ${id}.${spec.key} is ${JSON.stringify(raw)}`);
    }
    const output = map.get(STRIP_FIELDS.output.key);
    if (typeof output === "string") {
      if (!isBus(output) || output === id)
        bad("mix-routing", `strip ${id} outputs to ${output}, which is no other bus`);
      else edge(id, output);
    }
  };
  tracks.forEach((v, id) => v instanceof Y.Map && strip(v, id));
  buses.forEach((v, id) => {
    if (!(v instanceof Y.Map)) return bad("mix-fields", `buses.${id} is not a Y.Map`);
    strip(v, id);
    if (!BUS_FIELDS.name.isValid((v as Y.Map<unknown>).get(BUS_FIELDS.name.key)))
      bad("mix-fields", `bus ${id} has an invalid name`);
    if (!TRACK_FIELDS.order.isValid((v as Y.Map<unknown>).get(TRACK_FIELDS.order.key)))
      bad("mix-fields", `bus ${id} has an invalid order key`);
  });

  const ordersByStrip = new Map<string, Set<string>>();
  insertsMap(doc).forEach((v, id) => {
    if (!(v instanceof Y.Map)) return bad("mix-fields", `inserts.${id} is not a Y.Map`);
    const effect = (v as Y.Map<unknown>).get(INSERT_FIELDS.effect.key);
    const at = (v as Y.Map<unknown>).get(INSERT_FIELDS.strip.key);
    if (!isEffectId(effect)) return bad("mix-fields", `insert ${id} has unknown effect ${JSON.stringify(effect)}`);
    if (!exists(at)) return bad("mix-references", `insert ${id} sits on missing strip ${JSON.stringify(at)}`);
    const params = (v as Y.Map<unknown>).get(INSERT_FIELDS.params.key);
    if (!(params instanceof Y.Map)) return bad("mix-fields", `insert ${id} has no params map`);
    const specs = effectSpec(effect).params;
    params.forEach((raw, paramId) => {
      const spec = specs.find((p) => p.id === paramId);
      if (!spec || !isValidParam(spec, raw)) bad("mix-fields", `insert ${id}.${paramId} is ${JSON.stringify(raw)}`);
    });
    const order = (v as Y.Map<unknown>).get(TRACK_FIELDS.order.key);
    const seen = ordersByStrip.get(at as string) ?? new Set<string>();
    ordersByStrip.set(at as string, seen);
    if (!TRACK_FIELDS.order.isValid(order) || seen.has(order))
      bad("insert-order", `insert ${id} order ${JSON.stringify(order)} is invalid or tied`);
    else seen.add(order);
  });

  sendsMap(doc).forEach((v, id) => {
    if (!(v instanceof Y.Map)) return bad("mix-fields", `sends.${id} is not a Y.Map`);
    const from = (v as Y.Map<unknown>).get(SEND_FIELDS.from.key);
    const to = (v as Y.Map<unknown>).get(SEND_FIELDS.to.key);
    if (from === "master" || !exists(from) || !isBus(to))
      return bad("mix-references", `send ${id} ${String(from)} → ${String(to)} is an orphan`);
    for (const spec of [SEND_FIELDS.levelDb, SEND_FIELDS.pre]) {
      const raw = (v as Y.Map<unknown>).get(spec.key);
      if (raw !== undefined && !spec.isValid(raw))
        bad("mix-fields", `send ${id}.${spec.key} is ${JSON.stringify(raw)}`);
    }
    edge(from as string, to as string);
  });

  // Any cycle over outputs and sends: depth-first with colours.
  const colour = new Map<string, 1 | 2>();
  const visit = (node: string): boolean => {
    colour.set(node, 1);
    for (const next of edges.get(node) ?? []) {
      if (colour.get(next) === 1) return true;
      if (!colour.has(next) && visit(next)) return true;
    }
    colour.set(node, 2);
    return false;
  };
  for (const node of edges.keys())
    if (!colour.has(node) && visit(node)) bad("mix-routing", `the routing through ${node} loops`);

  automationMap(doc).forEach((v, key) => {
    if (!(v instanceof Y.Map)) return bad("mix-fields", `automation.${key} is not a Y.Map`);
    if (!exists((v as Y.Map<unknown>).get(LANE_FIELDS.strip.key)))
      return bad("mix-references", `lane ${key} is on a missing strip`);
    const points = (v as Y.Map<unknown>).get(LANE_FIELDS.points.key);
    if (!(points instanceof Y.Map)) return bad("automation-points", `lane ${key} has no points map`);
    points.forEach((raw, id) => {
      const p = raw as { tick?: unknown; value?: unknown; shape?: unknown; tension?: unknown } | null;
      const ok =
        typeof p === "object" &&
        p !== null &&
        Number.isInteger(p.tick) &&
        (p.tick as number) >= 0 &&
        (p.tick as number) <= LIMITS.maxTick &&
        typeof p.value === "number" &&
        Number.isFinite(p.value) &&
        SEGMENT_SHAPES.includes(p.shape as never) &&
        typeof p.tension === "number" &&
        Math.abs(p.tension) <= 1;
      if (!ok) bad("automation-points", `lane ${key} point ${id} is ${JSON.stringify(raw)}`);
    });
  });
}
