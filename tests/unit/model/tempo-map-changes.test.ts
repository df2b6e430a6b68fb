import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  checkSongInvariants,
  initSongDoc,
  listMeterChanges,
  listTempoChanges,
  moveMeterChange,
  moveTempoChange,
  readSchemaVersion,
  readTempoMap,
  removeMeterChange,
  removeTempoChange,
  setMeterChange,
  setTempo,
  setTempoChange,
  snapTicks,
  TempoMap,
} from "@bandspace/model";
import { makeRng } from "./helpers/doc-spy";
import { USER, expectOneTransaction, expectRejected } from "./helpers/doc-spy";

const FOUR_FOUR = { numerator: 4, denominator: 4 };

/** Seconds of a linear-in-ticks ramp, integrated numerically (Simpson, fine steps): an independent check of the closed form. */
function integrateRamp(b0: number, b1: number, lengthTicks: number, ticksPerBeat: number, upTo: number): number {
  const n = 200_000;
  const h = upTo / n;
  const f = (t: number) => 60 / (ticksPerBeat * (b0 + ((b1 - b0) * t) / lengthTicks));
  let sum = f(0) + f(upTo);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return (sum * h) / 3;
}

describe("TempoMap: tempo changes at any tick, ramps", () => {
  it("a change in the middle of a bar takes effect at its tick, not at the bar line", () => {
    // 120 BPM (0.5 s a beat) until beat 2.5 of bar 1, then 60 BPM (1 s a beat).
    const map = new TempoMap({ bpm: 120, timeSignature: FOUR_FOUR, changes: [{ tick: 2400, bpm: 60 }] });
    expect(map.ticksToSeconds(2400)).toBeCloseTo(1.25, 12);
    expect(map.ticksToSeconds(2400 + 960)).toBeCloseTo(2.25, 12);
    expect(map.secondsToTicks(2.25)).toBeCloseTo(3360, 9);
    expect(map.bpmAt(2399)).toBe(120);
    expect(map.bpmAt(2400)).toBe(60);
    expect(map.changes()).toEqual([{ tick: 2400, bar: 1.625, bpm: 60, ramp: false }]);
  });

  it("a ramp's duration equals the closed form, and matches a numerical integration", () => {
    // 60 → 120 BPM over 4 beats: 4 · 60 · ln(2) / (120 − 60) seconds.
    const map = new TempoMap({ bpm: 60, timeSignature: FOUR_FOUR, changes: [{ tick: 3840, bpm: 120, ramp: true }] });
    const closed = (4 * 60 * Math.log(120 / 60)) / (120 - 60);
    expect(map.ticksToSeconds(3840)).toBeCloseTo(closed, 12);
    expect(map.ticksToSeconds(3840)).toBeCloseTo(integrateRamp(60, 120, 3840, 960, 3840), 9);
    // Inside the ramp: half-way in ticks, the tempo is half-way, and the time is the integral so far.
    expect(map.bpmAt(1920)).toBeCloseTo(90, 12);
    expect(map.ticksToSeconds(1920)).toBeCloseTo(integrateRamp(60, 120, 3840, 960, 1920), 9);
    // After the ramp, constant 120.
    expect(map.ticksToSeconds(3840 + 960)).toBeCloseTo(closed + 0.5, 12);
    // A ritardando too (120 → 40 over 2 bars of 3/4).
    const rit = new TempoMap({
      bpm: 120,
      timeSignature: { numerator: 3, denominator: 4 },
      changes: [{ tick: 5760, bpm: 40, ramp: true }],
    });
    expect(rit.ticksToSeconds(5760)).toBeCloseTo((6 * 60 * Math.log(40 / 120)) / (40 - 120), 12);
    expect(rit.ticksToSeconds(3000)).toBeCloseTo(integrateRamp(120, 40, 5760, 960, 3000), 9);
  });

  it("a ramp after a mid-bar change starts from that change's tempo", () => {
    const map = new TempoMap({
      bpm: 100,
      timeSignature: FOUR_FOUR,
      changes: [
        { tick: 1000, bpm: 80 },
        { tick: 5000, bpm: 160, ramp: true },
        { tick: 9000, bpm: 90 },
      ],
    });
    const seg = map.segments();
    expect(seg.map((s) => [s.startTick, s.bpm, s.endBpm])).toEqual([
      [0, 100, 100],
      [1000, 80, 160],
      [5000, 160, 160],
      [9000, 90, 90],
    ]);
    const t1000 = (1000 / 960) * 0.6;
    expect(map.ticksToSeconds(1000)).toBeCloseTo(t1000, 12);
    expect(map.ticksToSeconds(5000)).toBeCloseTo(t1000 + ((4000 / 960) * 60 * Math.log(2)) / 80, 12);
  });

  it("round-trips ticks ⇄ seconds within one tick on random maps with mid-bar changes, ramps and meters (seeded)", () => {
    const rng = makeRng(20);
    for (let trial = 0; trial < 60; trial++) {
      const changes = Array.from({ length: rng.int(30) }, () => ({
        tick: 1 + rng.int(200 * 3840),
        bpm: 20 + rng.int(38000) / 100,
        ramp: rng.chance(0.4),
      }));
      const meters = Array.from({ length: rng.int(6) }, () => ({
        bar: 2 + rng.int(150),
        numerator: 1 + rng.int(12),
        denominator: rng.pick([2, 4, 8, 16]),
      }));
      const map = new TempoMap({
        bpm: 20 + rng.int(38000) / 100,
        timeSignature: { numerator: 1 + rng.int(12), denominator: rng.pick([2, 4, 8]) },
        changes,
        meters,
      });
      let previous = -Infinity;
      for (let i = 0; i < 300; i++) {
        const ticks = rng.next() * 220 * 3840;
        const seconds = map.ticksToSeconds(ticks);
        expect(Math.abs(map.secondsToTicks(seconds) - ticks)).toBeLessThan(1e-6 * Math.max(1, ticks));
        expect(Math.abs(map.ticksToSeconds(map.secondsToTicks(seconds)) - seconds)).toBeLessThan(
          1e-9 * Math.max(1, seconds),
        );
      }
      const sorted = Array.from({ length: 500 }, (_, i) => i * 1700);
      for (const t of sorted) {
        const s = map.ticksToSeconds(t);
        expect(s).toBeGreaterThan(previous);
        previous = s;
      }
    }
  });

  it("refuses changes at tick 0 or below, and tempos outside 20..400", () => {
    expect(() => new TempoMap({ bpm: 120, timeSignature: FOUR_FOUR, changes: [{ tick: 0, bpm: 90 }] })).toThrow(
      /tick from 1/,
    );
    expect(() => new TempoMap({ bpm: 120, timeSignature: FOUR_FOUR, changes: [{ tick: 5, bpm: 500 }] })).toThrow(
      /between 20 and 400/,
    );
  });
});

describe("TempoMap: meter changes", () => {
  // Bars 1–2 in 4/4 (3840 each), bars 3–4 in 3/4 (2880), from bar 5 in 6/8 (2880, beats of 480).
  const meters = [
    { bar: 3, numerator: 3, denominator: 4 },
    { bar: 5, numerator: 6, denominator: 8 },
  ];
  const map = new TempoMap({ bpm: 120, timeSignature: FOUR_FOUR, meters });

  it("places bars by the meter in force, in both directions", () => {
    expect(map.barToTicks(3)).toBe(7680);
    expect(map.barToTicks(5)).toBe(7680 + 2 * 2880);
    expect(map.barToTicks(6)).toBe(13440 + 2880);
    expect(map.ticksToBar(7680 + 1440)).toBe(3.5);
    expect(map.ticksToBar(13440 + 1440)).toBe(5.5);
    expect(map.meterAt(13440)).toMatchObject({ bar: 5, numerator: 6, denominator: 8, ticksPerBeat: 480 });
  });

  it("formats bars and beats by the meter in force", () => {
    expect(map.formatPosition(0)).toBe("1.1.1");
    expect(map.formatPosition(7680)).toBe("3.1.1");
    expect(map.formatPosition(7680 + 2 * 960 + 240)).toBe("3.3.2");
    expect(map.formatPosition(13440)).toBe("5.1.1");
    expect(map.formatPosition(13440 + 5 * 480 + 240)).toBe("5.6.2");
    expect(map.formatPosition(13440 + 2880)).toBe("6.1.1");
  });

  it("never changes the speed: the time of a tick is the same with or without meter changes", () => {
    const plain = new TempoMap({ bpm: 120, timeSignature: FOUR_FOUR });
    for (const t of [0, 5000, 13440, 20000]) expect(map.ticksToSeconds(t)).toBe(plain.ticksToSeconds(t));
  });

  it("snaps to bars and beats of the meter in force", () => {
    expect(snapTicks(7000, "bar", map)).toBe(7680);
    expect(snapTicks(7680 + 1500, "bar", map)).toBe(7680 + 2880);
    expect(snapTicks(7680 + 1300, "bar", map)).toBe(7680);
    expect(snapTicks(13440 + 700, "beat", map)).toBe(13440 + 480);
    expect(snapTicks(13440 + 700, "beat", map, "floor")).toBe(13440 + 480);
    expect(snapTicks(13440 - 100, "bar", map, "ceil")).toBe(13440);
    // A 3/32 bar is 360 ticks: the 1/16 grid (240) meets the next bar line, never overshoots it.
    const odd = new TempoMap({
      bpm: 120,
      timeSignature: FOUR_FOUR,
      meters: [
        { bar: 2, numerator: 3, denominator: 32 },
        { bar: 3, numerator: 4, denominator: 4 },
      ],
    });
    expect(snapTicks(3840 + 330, "1/16", odd)).toBe(3840 + 360);
    expect(snapTicks(3840 + 300, "1/16", odd, "ceil")).toBe(3840 + 360);
  });

  it("lists the beats with downbeats that follow the meter (what the metronome accents)", () => {
    const beats = map.beatsBetween(5760, 13440 + 2880);
    const downbeats = beats.filter((b) => b.downbeat).map((b) => b.tick);
    expect(downbeats).toEqual([7680, 10560, 13440]);
    expect(beats.filter((b) => b.tick >= 13440).length).toBe(6); // six eighths in the 6/8 bar
    expect(beats.filter((b) => b.tick >= 7680 && b.tick < 10560).length).toBe(3);
  });
});

describe("tempo and meter changes in the document", () => {
  it("set at a tick with a ramp, move, remove; meters set, move, remove — one transaction each", () => {
    const doc = new Y.Doc();
    setTempo(doc, 100, USER);
    expectOneTransaction(doc, USER, () => setTempoChange(doc, { tick: 1234, bpm: 150, ramp: true }, USER));
    setTempoChange(doc, { bar: 5, bpm: 90 }, USER);
    expect(listTempoChanges(doc)).toEqual([
      { tick: 1234, bar: 1 + 1234 / 3840, bpm: 150, ramp: true },
      { tick: 15360, bar: 5, bpm: 90, ramp: false },
    ]);
    expect(doc.getMap("tempoChanges").get("t1234")).toEqual({ bpm: 150, ramp: true });
    expectOneTransaction(doc, USER, () => moveTempoChange(doc, 1234, 2000, USER));
    expect(listTempoChanges(doc)[0]).toEqual({ tick: 2000, bar: 1 + 2000 / 3840, bpm: 150, ramp: true });
    expectOneTransaction(doc, USER, () => removeTempoChange(doc, { tick: 2000 }, USER));
    expect(listTempoChanges(doc).map((c) => c.tick)).toEqual([15360]);

    expectOneTransaction(doc, USER, () => setMeterChange(doc, { bar: 3, numerator: 7, denominator: 8 }, USER));
    expect(listMeterChanges(doc)).toEqual([{ bar: 3, numerator: 7, denominator: 8 }]);
    // The bar-start API follows the meter: bar 5 is now 2 bars of 4/4 + 2 bars of 7/8 in.
    expect(readTempoMap(doc).barToTicks(5)).toBe(2 * 3840 + 2 * 3360);
    expectOneTransaction(doc, USER, () => moveMeterChange(doc, 3, 4, USER));
    expect(listMeterChanges(doc)).toEqual([{ bar: 4, numerator: 7, denominator: 8 }]);
    expectOneTransaction(doc, USER, () => removeMeterChange(doc, 4, USER));
    expect(listMeterChanges(doc)).toEqual([]);
    expect(checkSongInvariants(doc)).toEqual([]);

    expectRejected(doc, "INVALID_TICK", () => setTempoChange(doc, { tick: 0, bpm: 90 }, USER));
    expectRejected(doc, "INVALID_TICK", () => setTempoChange(doc, { tick: 1.5, bpm: 90 }, USER));
    expectRejected(doc, "INVALID_BAR", () => setMeterChange(doc, { bar: 1, numerator: 3, denominator: 4 }, USER));
    expectRejected(doc, "INVALID_TIME_SIGNATURE", () =>
      setMeterChange(doc, { bar: 2, numerator: 3, denominator: 3 }, USER),
    );
    expectRejected(doc, "TEMPO_CHANGE_NOT_FOUND", () => moveTempoChange(doc, 77, 99, USER));
  });
});

describe("migration v2 → v3 (v2-to-v3-tempo-at-any-tick)", () => {
  function v2Doc(): Y.Doc {
    const doc = new Y.Doc();
    doc.getMap("meta").set("schemaVersion", 2);
    doc.getMap("song").set("tempoBpm", 100);
    doc.getMap("song").set("timeSignature", { numerator: 3, denominator: 4 });
    doc.getMap("tempoChanges").set("5", 140);
    doc.getMap("tempoChanges").set("9", 90.5);
    return doc;
  }

  it("moves bar-keyed tempo changes to their tick, keeps the timing, and is idempotent", () => {
    const doc = v2Doc();
    const before = readTempoMap(doc); // readers already place v2 entries at their bar
    initSongDoc(doc);
    expect(readSchemaVersion(doc)).toBe(3);
    expect(doc.getMap("tempoChanges").toJSON()).toEqual({
      t11520: { bpm: 140, ramp: false },
      t23040: { bpm: 90.5, ramp: false },
    });
    const after = readTempoMap(doc);
    for (const t of [0, 11520, 20000, 40000]) expect(after.ticksToSeconds(t)).toBe(before.ticksToSeconds(t));
    expect(checkSongInvariants(doc)).toEqual([]);
    const state = Y.encodeStateAsUpdate(doc);
    initSongDoc(doc);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(state);
  });

  it("two peers migrating at once converge on the same map", () => {
    const a = v2Doc();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    initSongDoc(a);
    initSongDoc(b);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(listTempoChanges(a)).toEqual(listTempoChanges(b));
    expect(listTempoChanges(a).map((c) => [c.tick, c.bpm])).toEqual([
      [11520, 140],
      [23040, 90.5],
    ]);
    expect(a.getMap("tempoChanges").toJSON()).toEqual(b.getMap("tempoChanges").toJSON());
  });
});
