import { describe, expect, it } from "vitest";
import { ModelError, PPQ, SNAP_GRIDS, TempoMap, gridTicks, snapTicks, type SnapGrid } from "@bandspace/model";
import { makeRng } from "./helpers/doc-spy";

const FOUR_FOUR = { numerator: 4, denominator: 4 };

describe("TempoMap", () => {
  it("converts at a constant tempo: one quarter at 120 BPM is half a second", () => {
    const map = new TempoMap({ bpm: 120, timeSignature: FOUR_FOUR });
    expect(PPQ).toBe(960);
    expect(map.ticksPerBeat).toBe(960);
    expect(map.ticksPerBar).toBe(3840);
    expect(map.ticksToSeconds(960)).toBe(0.5);
    expect(map.ticksToSeconds(3840 * 4)).toBe(8);
    expect(map.secondsToTicks(8)).toBe(3840 * 4);
    expect(map.segments()).toEqual([{ startTick: 0, startSeconds: 0, bpm: 120, endBpm: 120, endTick: Infinity }]);
  });

  it("is exact piecewise-linear across tempo changes at bar starts", () => {
    // 100 BPM for bars 1–4 (4 bars × 4 beats × 0.6 s = 9.6 s), then 140 from bar 5.
    const map = new TempoMap({ bpm: 100, timeSignature: FOUR_FOUR, changes: [{ bar: 5, bpm: 140 }] });
    expect(map.segments()).toEqual([
      { startTick: 0, startSeconds: 0, bpm: 100, endBpm: 100, endTick: 4 * 3840 },
      { startTick: 4 * 3840, startSeconds: 9.6, bpm: 140, endBpm: 140, endTick: Infinity },
    ]);
    expect(map.ticksToSeconds(4 * 3840)).toBeCloseTo(9.6, 12);
    expect(map.ticksToSeconds(4 * 3840 + 960)).toBeCloseTo(9.6 + 60 / 140, 12);
    expect(map.secondsToTicks(9.6 + 60 / 140)).toBeCloseTo(4 * 3840 + 960, 9);
    expect(map.bpmAt(4 * 3840 - 1)).toBe(100);
    expect(map.bpmAt(4 * 3840)).toBe(140);
  });

  it("sorts changes, and a later change at the same bar wins", () => {
    const map = new TempoMap({
      bpm: 90,
      timeSignature: FOUR_FOUR,
      changes: [
        { bar: 9, bpm: 60 },
        { bar: 3, bpm: 100 },
        { bar: 9, bpm: 120 },
      ],
    });
    expect(map.segments().map((s) => [s.startTick, s.bpm])).toEqual([
      [0, 90],
      [2 * 3840, 100],
      [8 * 3840, 120],
    ]);
  });

  it("counts BPM in the meter's beat: an eighth in 6/8", () => {
    const map = new TempoMap({ bpm: 120, timeSignature: { numerator: 6, denominator: 8 } });
    expect(map.ticksPerBeat).toBe(480);
    expect(map.ticksPerBar).toBe(2880);
    expect(map.ticksToSeconds(480)).toBe(0.5);
    expect(map.ticksToSeconds(2880)).toBe(3);
  });

  it("round-trips ticks → seconds → ticks within 1e-9 relative (seeded)", () => {
    const rng = makeRng(7);
    for (let trial = 0; trial < 50; trial++) {
      const changes = Array.from({ length: rng.int(20) }, () => ({
        bar: 2 + rng.int(200),
        bpm: 20 + rng.int(38000) / 100,
      }));
      const map = new TempoMap({
        bpm: 20 + rng.int(38000) / 100,
        timeSignature: { numerator: 1 + rng.int(12), denominator: rng.pick([2, 4, 8, 16]) },
        changes,
      });
      for (let i = 0; i < 200; i++) {
        const ticks = rng.next() * 250 * map.ticksPerBar;
        const back = map.secondsToTicks(map.ticksToSeconds(ticks));
        expect(Math.abs(back - ticks)).toBeLessThanOrEqual(1e-9 * Math.max(1, ticks));
      }
      // Monotonic: later ticks are later seconds.
      const ticks = [...map.segments().map((s) => s.startTick), 1e6].sort((a, b) => a - b);
      for (let i = 1; i < ticks.length; i++) {
        expect(map.ticksToSeconds(ticks[i])).toBeGreaterThanOrEqual(map.ticksToSeconds(ticks[i - 1]));
      }
    }
  });

  it("converts bars 1-based and positions in 4/4, 6/8 and 7/8", () => {
    const four = new TempoMap({ bpm: 120, timeSignature: FOUR_FOUR });
    expect(four.barToTicks(1)).toBe(0);
    expect(four.barToTicks(3)).toBe(7680);
    expect(four.ticksToBar(0)).toBe(1);
    expect(four.ticksToBar(1920)).toBe(1.5);
    expect(four.position(0)).toEqual({ bar: 1, beat: 1, sixteenth: 1, tick: 0 });
    expect(four.formatPosition(0)).toBe("1.1.1");
    expect(four.formatPosition(3840 * 2 + 960 + 240 * 3 + 17)).toBe("3.2.4");
    expect(four.position(3840 * 2 + 960 + 240 * 3 + 17)).toEqual({ bar: 3, beat: 2, sixteenth: 4, tick: 17 });

    const sixEight = new TempoMap({ bpm: 120, timeSignature: { numerator: 6, denominator: 8 } });
    // bar 2 starts at 2880; beat 6 of bar 2 is the last eighth; its second sixteenth:
    expect(sixEight.position(2880 + 5 * 480 + 240)).toEqual({ bar: 2, beat: 6, sixteenth: 2, tick: 0 });
    expect(sixEight.formatPosition(2880 * 3)).toBe("4.1.1");

    const sevenEight = new TempoMap({ bpm: 120, timeSignature: { numerator: 7, denominator: 8 } });
    expect(sevenEight.ticksPerBar).toBe(3360);
    expect(sevenEight.formatPosition(3360 - 1)).toBe("1.7.2");
    expect(sevenEight.formatPosition(3360)).toBe("2.1.1");
  });

  it("rejects invalid input with model errors", () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof ModelError ? e.code : "other";
      }
      return "none";
    };
    expect(code(() => new TempoMap({ bpm: 10, timeSignature: FOUR_FOUR }))).toBe("INVALID_TEMPO");
    expect(code(() => new TempoMap({ bpm: 120, timeSignature: { numerator: 4, denominator: 3 } }))).toBe(
      "INVALID_TIME_SIGNATURE",
    );
    expect(code(() => new TempoMap({ bpm: 120, timeSignature: FOUR_FOUR, changes: [{ bar: 1, bpm: 100 }] }))).toBe(
      "INVALID_BAR",
    );
    expect(code(() => new TempoMap({ bpm: 120, timeSignature: FOUR_FOUR, changes: [{ bar: 2.5, bpm: 100 }] }))).toBe(
      "INVALID_BAR",
    );
    expect(code(() => new TempoMap({ bpm: 120, timeSignature: FOUR_FOUR, changes: [{ bar: 2, bpm: 401 }] }))).toBe(
      "INVALID_TEMPO",
    );
  });
});

describe("snap", () => {
  const four = new TempoMap({ bpm: 120, timeSignature: FOUR_FOUR });
  const sixEight = new TempoMap({ bpm: 120, timeSignature: { numerator: 6, denominator: 8 } });
  const sevenEight = new TempoMap({ bpm: 120, timeSignature: { numerator: 7, denominator: 8 } });

  it.each<[SnapGrid, TempoMap, number]>([
    ["bar", four, 3840],
    ["beat", four, 960],
    ["1/8", four, 480],
    ["1/16", four, 240],
    ["off", four, 1],
    ["bar", sixEight, 2880],
    ["beat", sixEight, 480],
    ["bar", sevenEight, 3360],
    ["beat", sevenEight, 480],
  ])("gridTicks(%s) = %i ticks", (grid, map, ticks) => {
    expect(gridTicks(grid, map)).toBe(ticks);
  });

  it("snaps with round, floor and ceil to the meter's grid", () => {
    expect(SNAP_GRIDS).toEqual(["bar", "beat", "1/8", "1/16", "off"]);
    expect(snapTicks(1900, "bar", four)).toBe(0);
    expect(snapTicks(1920, "bar", four)).toBe(3840);
    expect(snapTicks(1000, "beat", four, "floor")).toBe(960);
    expect(snapTicks(1000, "beat", four, "ceil")).toBe(1920);
    expect(snapTicks(5000, "bar", sevenEight)).toBe(3360);
    expect(snapTicks(5100, "bar", sevenEight)).toBe(6720);
    expect(snapTicks(2000, "bar", sixEight, "floor")).toBe(0);
    expect(snapTicks(130, "1/16", four)).toBe(240);
    expect(snapTicks(12.6, "off", four)).toBe(13);
    expect(Object.is(snapTicks(-0.2, "beat", four), -0)).toBe(false);
  });
});
