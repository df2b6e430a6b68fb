import * as Y from "yjs";
import {
  EFFECTS,
  addAutomationPoint,
  addBus,
  addInsert,
  addSend,
  deleteBus,
  ensureAutomationLane,
  isModelError,
  listTracks,
  moveInsert,
  readMix,
  removeInsert,
  removeSend,
  setInsertBypass,
  setInsertParam,
  setSendLevel,
  setStripOutput,
  setStripVolume,
  updateAutomationPoints,
  coerceParam,
  effectSpec,
  type Origin,
} from "@bandspace/model";
import type { Rng } from "./doc-spy";
import type { Peer } from "./fuzz-network";

/**
 * Random mixer edits for the convergence fuzz. Routing ops may be refused (a loop, a duplicate send): a refusal
 * is a correct answer, logged as such. Concurrent routes between buses on different peers are what the fuzz is
 * after — the readers must break the loop the same way everywhere, and repair must write that down.
 */
export function randomMixEdit(rng: Rng, peer: Peer, origin: Origin, makeId: (rng: Rng) => string): string {
  const doc = peer.doc;
  const mix = readMix(doc);
  const buses = mix.strips.filter((s) => s.kind === "bus");
  const sources = mix.strips.filter((s) => s.kind !== "master");
  const inserts = [...mix.inserts.values()].flat();
  const sends = [...mix.sends.values()].flat();
  const roll = rng.int(100);
  const refused = (fn: () => unknown, what: string) => {
    try {
      fn();
      return `${peer.name} ${what}`;
    } catch (e) {
      if (isModelError(e, "ROUTING_CYCLE") || isModelError(e, "INVALID_SEND"))
        return `${peer.name} ${what} refused (${e.code})`;
      throw e;
    }
  };
  if (roll < 14 || buses.length < 2) {
    const id = addBus(doc, { id: makeId(rng) }, origin);
    return `${peer.name} addBus ${id}`;
  }
  if (roll < 34) {
    // Bus to bus mostly: that is where loops can form.
    const from = rng.chance(0.7) ? rng.pick(buses) : rng.pick(sources);
    const to = rng.chance(0.15) ? null : rng.pick(buses);
    if (to && to.id === from.id) return `${peer.name} skip self-route`;
    return refused(
      () => setStripOutput(doc, from.id, to?.id ?? null, origin),
      `setStripOutput ${from.id} -> ${to?.id ?? "master"}`,
    );
  }
  if (roll < 46) {
    const from = rng.pick(sources);
    const to = rng.pick(buses);
    if (to.id === from.id) return `${peer.name} skip self-send`;
    return refused(
      () => addSend(doc, from.id, to.id, { levelDb: -rng.int(30), pre: rng.chance(0.3) }, origin),
      `addSend ${from.id} -> ${to.id}`,
    );
  }
  if (roll < 50 && sends.length > 0) {
    const s = rng.pick(sends);
    setSendLevel(doc, s.id, -rng.int(600) / 10, origin);
    return `${peer.name} setSendLevel ${s.id}`;
  }
  if (roll < 53 && sends.length > 0) {
    const s = rng.pick(sends);
    removeSend(doc, s.id, origin);
    return `${peer.name} removeSend ${s.id}`;
  }
  if (roll < 57) {
    const b = rng.pick(buses);
    deleteBus(doc, b.id, origin);
    return `${peer.name} deleteBus ${b.id}`;
  }
  if (roll < 67) {
    const strip = rng.pick(mix.strips);
    const effect = rng.pick(EFFECTS).id;
    const count = mix.inserts.get(strip.id)?.length ?? 0;
    if (count >= 16) return `${peer.name} skip full strip`;
    const id = addInsert(doc, strip.id, effect as never, { index: rng.int(count + 1) }, origin);
    return `${peer.name} addInsert ${effect} ${id} on ${strip.id}`;
  }
  if (roll < 72 && inserts.length > 0) {
    const ins = rng.pick(inserts);
    const count = mix.inserts.get(ins.strip)!.length;
    const to = rng.int(count);
    moveInsert(doc, ins.id, to, origin);
    const after = readMix(doc)
      .inserts.get(ins.strip)!
      .findIndex((i) => i.id === ins.id);
    if (after !== to) throw new Error(`postcondition failed: moveInsert left ${ins.id} at ${after}, not ${to}`);
    return `${peer.name} moveInsert ${ins.id} -> ${to}`;
  }
  if (roll < 82 && inserts.length > 0) {
    const ins = rng.pick(inserts);
    const spec = rng.pick(effectSpec(ins.effect).params);
    const value = spec.min + (rng.int(1001) / 1000) * (spec.max - spec.min) * 1.2;
    setInsertParam(doc, ins.id, spec.id, value, origin);
    const stored = readMix(doc)
      .inserts.get(ins.strip)!
      .find((i) => i.id === ins.id)!.params[spec.id];
    if (stored !== coerceParam(spec, value)) throw new Error(`postcondition failed: setInsertParam stored ${stored}`);
    return `${peer.name} setInsertParam ${ins.id}.${spec.id} ${value}`;
  }
  if (roll < 85 && inserts.length > 0) {
    const ins = rng.pick(inserts);
    setInsertBypass(doc, ins.id, rng.chance(0.5), origin);
    return `${peer.name} setInsertBypass ${ins.id}`;
  }
  if (roll < 88 && inserts.length > 0) {
    const ins = rng.pick(inserts);
    removeInsert(doc, ins.id, origin);
    return `${peer.name} removeInsert ${ins.id}`;
  }
  if (roll < 94) {
    const strip = rng.pick(mix.strips);
    const key = ensureAutomationLane(doc, strip.id, "volume", origin);
    const lane = readMix(doc).lanes.find((l) => l.key === key)!;
    if (lane.points.length > 0 && rng.chance(0.4)) {
      const p = rng.pick(lane.points);
      updateAutomationPoints(doc, key, [{ id: p.id, tick: rng.int(20000), value: -rng.int(60) }], origin);
      return `${peer.name} movePoint ${key}`;
    }
    addAutomationPoint(
      doc,
      key,
      {
        tick: rng.int(20000),
        value: -rng.int(60),
        shape: rng.pick(["linear", "curve", "step"] as const),
        tension: rng.int(21) / 10 - 1,
      },
      origin,
    );
    return `${peer.name} addPoint ${key}`;
  }
  if (roll < 97) {
    const tracks = listTracks(doc);
    if (tracks.length === 0) return `${peer.name} skip volume`;
    setStripVolume(doc, rng.pick(tracks).id, -rng.int(600) / 10, origin);
    return `${peer.name} setStripVolume`;
  }
  // A rogue peer writing around the operations: a loop straight into the doc, a parameter out of range.
  const a = rng.pick(buses);
  const b = rng.pick(buses.filter((x) => x.id !== a.id));
  doc.transact(() => {
    doc.getMap<Y.Map<unknown>>("buses").get(a.id)!.set("output", b.id);
    doc.getMap<Y.Map<unknown>>("buses").get(b.id)!.set("output", a.id);
    if (inserts.length > 0) {
      const ins = rng.pick(inserts);
      const params = doc.getMap<Y.Map<unknown>>("inserts").get(ins.id)?.get("params");
      if (params instanceof Y.Map) params.set(effectSpec(ins.effect).params[0].id, 1e9);
    }
  }, "rogue");
  return `${peer.name} rogue loop ${a.id} <-> ${b.id}`;
}

/** What readers show of the mix, comparable across peers. */
export function mixSnapshot(doc: Y.Doc) {
  const mix = readMix(doc);
  return {
    strips: mix.strips,
    inserts: [...mix.inserts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
    sends: [...mix.sends.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
    lanes: mix.lanes,
  };
}

/** Readers never show a loop, a parameter out of range, or unordered breakpoints. */
export function mixReaderProblems(doc: Y.Doc): string[] {
  const problems: string[] = [];
  const mix = readMix(doc);
  const next = new Map<string, string[]>();
  for (const s of mix.strips) if (s.output) next.set(s.id, [...(next.get(s.id) ?? []), s.output]);
  for (const list of mix.sends.values()) for (const s of list) next.set(s.from, [...(next.get(s.from) ?? []), s.to]);
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
    (next.get(from) ?? []).some((n) => n === to || (!seen.has(n) && (seen.add(n), reaches(n, to, seen))));
  for (const s of mix.strips) if (reaches(s.id, s.id)) problems.push(`readers show a loop through ${s.id}`);
  for (const list of mix.inserts.values()) {
    for (const ins of list) {
      for (const spec of effectSpec(ins.effect).params) {
        if (coerceParam(spec, ins.params[spec.id]) !== ins.params[spec.id])
          problems.push(`${ins.id}.${spec.id} out of range`);
      }
    }
  }
  for (const lane of mix.lanes) {
    for (let i = 1; i < lane.points.length; i++)
      if (lane.points[i].tick < lane.points[i - 1].tick) problems.push(`${lane.key} unordered`);
  }
  return problems;
}
