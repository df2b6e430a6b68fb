import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  EFFECTS,
  MASTER_STRIP_ID,
  addAutomationPoint,
  addBus,
  addInsert,
  addSend,
  addTrack,
  applyInsertPreset,
  checkSongInvariants,
  compareArrangements,
  coerceParam,
  createUndoManager,
  deleteAutomationPoints,
  deleteBus,
  deleteTrack,
  ensureAutomationLane,
  formatParam,
  moveInsert,
  observeMix,
  readMix,
  removeInsert,
  repairSongDoc,
  setAutomationLaneEnabled,
  setInsertBypass,
  setInsertParam,
  setSendLevel,
  setStripOutput,
  setStripTrim,
  setStripVolume,
  updateAutomationPoints,
  type MixChange,
  type Origin,
} from "@bandspace/model";
import { laneValueAt } from "@bandspace/audio-engine/pure";
import { USER, expectOneTransaction, expectRejected } from "./helpers/doc-spy";

const BASS = "bass000000000001";
const DRUMS = "drums00000000001";

function session() {
  const doc = new Y.Doc();
  addTrack(doc, { id: BASS, name: "Bass" }, USER);
  addTrack(doc, { id: DRUMS, name: "Drums" }, USER);
  return doc;
}

const sync = (a: Y.Doc, b: Y.Doc) => {
  const ua = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const ub = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, ua, { kind: "remote" });
  Y.applyUpdate(a, ub, { kind: "remote" });
};

const fork = (doc: Y.Doc) => {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
};

describe("effect parameter tables", () => {
  it("declare every parameter with a unit, a range holding its default, and presets inside the ranges", () => {
    expect(EFFECTS.map((e) => e.id)).toEqual([
      "eq",
      "compressor",
      "multiband",
      "gate",
      "reverb",
      "delay",
      "chorus",
      "saturation",
      "limiter",
      "truePeakLimiter",
      "utility",
    ]);
    for (const effect of EFFECTS) {
      expect(effect.presets.length, effect.id).toBeGreaterThanOrEqual(2);
      const ids = effect.params.map((p) => p.id);
      expect(new Set(ids).size, `${effect.id} ids unique`).toBe(ids.length);
      for (const p of effect.params) {
        expect(p.min, `${effect.id}.${p.id}`).toBeLessThan(p.max);
        expect(coerceParam(p, p.default), `${effect.id}.${p.id} default`).toBe(p.default);
        expect(formatParam(p, p.default).length).toBeGreaterThan(0);
      }
      for (const preset of effect.presets) {
        for (const [id, value] of Object.entries(preset.params)) {
          const spec = effect.params.find((p) => p.id === id);
          expect(spec, `${effect.id} preset ${preset.name} names ${id}`).toBeDefined();
          expect(coerceParam(spec!, value), `${effect.id} preset ${preset.name}.${id}`).toBe(value);
        }
      }
    }
  });

  it("format values with their units", () => {
    const eq = EFFECTS[0];
    const freq = eq.params.find((p) => p.id === "b3Freq")!;
    const gain = eq.params.find((p) => p.id === "b3Gain")!;
    expect(formatParam(freq, 1500)).toBe("1.50 kHz");
    expect(formatParam(gain, -3)).toBe("−3.0 dB");
    const ratio = EFFECTS[1].params.find((p) => p.id === "ratio")!;
    expect(formatParam(ratio, 4)).toBe("4.0:1");
  });
});

describe("inserts", () => {
  it("are added, reordered, bypassed, edited and removed as single transactions with a total order per strip", () => {
    const doc = session();
    const eq = expectOneTransaction(doc, USER, () => addInsert(doc, BASS, "eq", {}, USER)).result;
    const comp = addInsert(doc, BASS, "compressor", {}, USER);
    const gate = addInsert(doc, BASS, "gate", { index: 0 }, USER);
    addInsert(doc, DRUMS, "reverb", {}, USER);
    const order = () =>
      readMix(doc)
        .inserts.get(BASS)!
        .map((i) => i.effect);
    expect(order()).toEqual(["gate", "eq", "compressor"]);
    expectOneTransaction(doc, USER, () => moveInsert(doc, gate, 2, USER));
    expect(order()).toEqual(["eq", "compressor", "gate"]);
    expect(
      readMix(doc)
        .inserts.get(DRUMS)!
        .map((i) => i.effect),
    ).toEqual(["reverb"]);

    setInsertBypass(doc, comp, true, USER);
    setInsertParam(doc, eq, "b2Gain", 3, USER);
    setInsertParam(doc, eq, "b3Freq", 99999, USER); // dragged past the end: clamped
    const read = readMix(doc).inserts.get(BASS)!;
    expect(read[0].params.b2Gain).toBe(3);
    expect(read[0].params.b3Freq).toBe(20000);
    expect(read[1].bypass).toBe(true);
    expectRejected(doc, "INVALID_PARAM", () => setInsertParam(doc, eq, "nonsense", 1, USER));
    expectRejected(doc, "INVALID_PARAM", () => setInsertParam(doc, eq, "b2Gain", Number.NaN, USER));
    expectRejected(doc, "INVALID_EFFECT", () => addInsert(doc, BASS, "fuzzbox" as never, {}, USER));
    expectRejected(doc, "STRIP_NOT_FOUND", () => addInsert(doc, "nosuchstrip00000", "eq", {}, USER));

    applyInsertPreset(doc, comp, "Vocal level", USER);
    const c = readMix(doc).inserts.get(BASS)![1];
    expect([c.params.threshold, c.params.ratio, c.params.makeup, c.params.mix]).toEqual([-20, 4, 4, 100]);

    removeInsert(doc, comp, USER);
    expect(order()).toEqual(["eq", "gate"]);
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("keep one order after two people insert at the same slot concurrently (repair re-keys ties)", () => {
    const a = session();
    addInsert(a, BASS, "eq", {}, USER);
    const b = fork(a);
    const x = addInsert(a, BASS, "compressor", { index: 1 }, USER);
    const y = addInsert(b, BASS, "delay", { index: 1 }, { kind: "user", userId: "other" });
    sync(a, b);
    const ids = (d: Y.Doc) =>
      readMix(d)
        .inserts.get(BASS)!
        .map((i) => i.id);
    expect(ids(a)).toEqual(ids(b));
    expect(ids(a)).toContain(x);
    expect(ids(a)).toContain(y);
    repairSongDoc(a);
    repairSongDoc(b);
    sync(a, b);
    expect(checkSongInvariants(a)).toEqual([]);
    expect(ids(a)).toEqual(ids(b));
  });
});

describe("buses, sends and routing", () => {
  it("refuse a route or send that would loop, naming the strips", () => {
    const doc = session();
    const drumsBus = addBus(doc, { name: "Drum bus" }, USER);
    const verb = addBus(doc, { name: "Reverb" }, USER);
    setStripOutput(doc, DRUMS, drumsBus, USER);
    addSend(doc, drumsBus, verb, { levelDb: -12 }, USER);
    const e = expectRejected(doc, "ROUTING_CYCLE", () => setStripOutput(doc, verb, drumsBus, USER));
    expect(e.message).toContain("Reverb → Drum bus → Reverb");
    expectRejected(doc, "ROUTING_CYCLE", () => addSend(doc, verb, drumsBus, {}, USER));
    expectRejected(doc, "INVALID_SEND", () => addSend(doc, drumsBus, verb, {}, USER));
    expectRejected(doc, "BUS_NOT_FOUND", () => setStripOutput(doc, BASS, BASS, USER));
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("break a loop made concurrently (A→B and B→A) the same way on every replica, and repair writes it down", () => {
    const a = new Y.Doc();
    const busA = addBus(a, { id: "busa000000000001", name: "A" }, USER);
    const busB = addBus(a, { id: "busb000000000001", name: "B" }, USER);
    const b = fork(a);
    setStripOutput(a, busA, busB, USER);
    setStripOutput(b, busB, busA, { kind: "user", userId: "other" });
    sync(a, b);
    // Stored: a loop. Readers on both sides: the output of the lower id kept, the other ignored.
    expect(checkSongInvariants(a).map((v) => v.invariant)).toContain("mix-routing");
    const outputs = (d: Y.Doc) =>
      readMix(d)
        .strips.filter((s) => s.kind === "bus")
        .map((s) => [s.name, s.output]);
    expect(outputs(a)).toEqual([
      ["A", busB],
      ["B", null],
    ]);
    expect(outputs(b)).toEqual(outputs(a));
    repairSongDoc(a);
    repairSongDoc(b);
    sync(a, b);
    expect(checkSongInvariants(a)).toEqual([]);
    expect(checkSongInvariants(b)).toEqual([]);
    expect(outputs(b)).toEqual([
      ["A", busB],
      ["B", null],
    ]);
    expect(repairSongDoc(a)).toBe(false);
  });

  it("deleting a bus removes its sends, inserts and lanes and routes its sources back to the master", () => {
    const doc = session();
    const bus = addBus(doc, { name: "Drum bus" }, USER);
    setStripOutput(doc, DRUMS, bus, USER);
    const send = addSend(doc, BASS, bus, { levelDb: -6, pre: true }, USER);
    setSendLevel(doc, send, -9, USER);
    expect(readMix(doc).sends.get(BASS)).toEqual([{ id: send, from: BASS, to: bus, levelDb: -9, pre: true }]);
    addInsert(doc, bus, "compressor", {}, USER);
    ensureAutomationLane(doc, bus, "volume", USER);
    expectOneTransaction(doc, USER, () => deleteBus(doc, bus, USER));
    const mix = readMix(doc);
    expect(mix.strips.find((s) => s.id === DRUMS)!.output).toBeNull();
    expect(mix.sends.size).toBe(0);
    expect(mix.inserts.has(bus)).toBe(false);
    expect(mix.lanes).toEqual([]);
    expect(doc.getMap("inserts").size + doc.getMap("sends").size + doc.getMap("automation").size).toBe(0);
  });

  it("an insert added to a track someone deleted at the same time is an orphan: hidden, then deleted by repair", () => {
    const a = session();
    const b = fork(a);
    deleteTrack(a, BASS, USER);
    addInsert(b, BASS, "eq", {}, { kind: "user", userId: "other" });
    sync(a, b);
    expect(readMix(a).inserts.has(BASS)).toBe(false);
    expect(checkSongInvariants(a).map((v) => v.invariant)).toContain("mix-references");
    repairSongDoc(a);
    sync(a, b);
    expect(checkSongInvariants(b)).toEqual([]);
    expect(b.getMap("inserts").size).toBe(0);
  });

  it("a document from before the mixer reads as an empty mix with a master strip", () => {
    const doc = session();
    const mix = readMix(doc);
    expect(mix.strips.map((s) => s.kind)).toEqual(["track", "track", "master"]);
    expect(mix.strips[2]).toMatchObject({ id: MASTER_STRIP_ID, volumeDb: 0, trim: 0, output: null });
    expect(mix.inserts.size + mix.sends.size + mix.lanes.length).toBe(0);
  });
});

describe("automation", () => {
  it("keeps breakpoints ordered and in range, evaluates the lane, and can be switched off", () => {
    const doc = session();
    const key = ensureAutomationLane(doc, BASS, "volume", USER);
    expect(ensureAutomationLane(doc, BASS, "volume", USER)).toBe(key);
    const p1 = addAutomationPoint(doc, key, { tick: 3840, value: 0 }, USER);
    addAutomationPoint(doc, key, { tick: 0, value: -20 }, USER);
    addAutomationPoint(doc, key, { tick: 7680, value: 99, shape: "step" }, USER);
    const lane = () => readMix(doc).lanes.find((l) => l.key === key)!;
    expect(lane().points.map((p) => [p.tick, p.value])).toEqual([
      [0, -20],
      [3840, 0],
      [7680, 6],
    ]);
    expect(laneValueAt(lane(), 1920, -99)).toBeCloseTo(-10, 9);
    updateAutomationPoints(doc, key, [{ id: p1, tick: 9000 }], USER);
    expect(lane().points.map((p) => p.tick)).toEqual([0, 7680, 9000]);
    setAutomationLaneEnabled(doc, key, false, USER);
    expect(laneValueAt(lane(), 1920, -3)).toBe(-3);
    deleteAutomationPoints(doc, key, [p1], USER);
    expect(lane().points.length).toBe(2);
    expectRejected(doc, "INVALID_TICK", () => addAutomationPoint(doc, key, { tick: -1, value: 0 }, USER));
    expectRejected(doc, "INVALID_AUTOMATION", () => ensureAutomationLane(doc, BASS, "param:nothing:here", USER));
  });

  it("automates effect parameters and bypass, and removing the effect removes its lanes", () => {
    const doc = session();
    const eq = addInsert(doc, BASS, "eq", {}, USER);
    const gainLane = ensureAutomationLane(doc, BASS, `param:${eq}:b3Gain`, USER);
    addAutomationPoint(doc, gainLane, { tick: 0, value: 50 }, USER);
    expect(readMix(doc).lanes[0].points[0].value).toBe(24);
    ensureAutomationLane(doc, BASS, `bypass:${eq}`, USER);
    expect(readMix(doc).lanes.length).toBe(2);
    removeInsert(doc, eq, USER);
    expect(readMix(doc).lanes).toEqual([]);
  });

  it("two people creating the same lane at once end with one lane", () => {
    const a = session();
    const b = fork(a);
    ensureAutomationLane(a, BASS, "pan", USER);
    ensureAutomationLane(b, BASS, "pan", { kind: "user", userId: "other" });
    sync(a, b);
    expect(readMix(a).lanes.length).toBe(1);
    expect(readMix(b).lanes).toEqual(readMix(a).lanes);
  });
});

describe("undo, compare and change tags", () => {
  it("each person's undo takes back only their own mixer edits", () => {
    const doc = session();
    const alice: Origin = { kind: "user", userId: "alice" };
    const bob: Origin = { kind: "user", userId: "bob" };
    const undoAlice = createUndoManager(doc, alice, 0);
    const eq = addInsert(doc, BASS, "eq", {}, bob);
    setInsertParam(doc, eq, "b2Gain", 3, alice);
    setInsertParam(doc, eq, "b4Gain", -2, bob);
    const bus = addBus(doc, { name: "Verb" }, alice);
    setStripVolume(doc, bus, -4, alice);
    undoAlice.undo();
    undoAlice.undo();
    undoAlice.undo();
    const mix = readMix(doc);
    expect(mix.strips.some((s) => s.kind === "bus")).toBe(false);
    expect(mix.inserts.get(BASS)![0].params).toMatchObject({ b2Gain: 0, b4Gain: -2 });
  });

  it("compare lists mix changes in words", () => {
    const doc = session();
    const eq = addInsert(doc, BASS, "eq", {}, USER);
    const version = fork(doc);
    setInsertParam(doc, eq, "b2Gain", 3, USER);
    const verb = addBus(doc, { name: "Reverb" }, USER);
    addSend(doc, DRUMS, verb, { levelDb: -12 }, USER);
    setStripTrim(doc, BASS, -2, USER);
    const c = compareArrangements(version, doc);
    expect(c.identical).toBe(false);
    expect(c.mixDetails).toEqual([
      "Bass: trim 0.0 dB → −2.0 dB",
      "Bus “Reverb” added",
      "EQ on Bass: band 2 (Low shelf) gain 0.0 dB → +3.0 dB",
      "Drums: send to Reverb added (−12.0 dB, post-fader)",
    ]);
  });

  it("tags a knob turn as one parameter and a new insert as its strip's chain only", () => {
    const doc = session();
    const eq = addInsert(doc, BASS, "eq", {}, USER);
    const seen: MixChange[] = [];
    const stop = observeMix(doc, (c) => seen.push(c));
    setInsertParam(doc, eq, "b3Gain", 2, USER);
    addInsert(doc, DRUMS, "compressor", {}, USER);
    setStripVolume(doc, MASTER_STRIP_ID, -3, USER);
    stop();
    expect(seen.length).toBe(3);
    expect([...seen[0].params.entries()].map(([k, v]) => [k, [...v]])).toEqual([[eq, ["b3Gain"]]]);
    expect(seen[0].chains.size + seen[0].levels.size).toBe(0);
    expect([...seen[1].chains]).toEqual([DRUMS]);
    expect([...seen[2].levels]).toEqual([MASTER_STRIP_ID]);
    expect(seen.every((c) => !c.routing)).toBe(true);
  });
});
