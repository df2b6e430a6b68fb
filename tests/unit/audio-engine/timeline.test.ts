import { describe, expect, it } from "vitest";
import { PlaybackTimeline } from "@bandspace/audio-engine/pure";

describe("PlaybackTimeline (loop wrap arithmetic)", () => {
  it("without a loop maps context time to timeline time one to one from the anchor", () => {
    const t = new PlaybackTimeline(10, 3, null);
    expect(t.secondsAt(9)).toBe(3); // before the anchor (count-in): the start position
    expect(t.secondsAt(12.5)).toBe(5.5);
    expect(t.segments(9, 10.2)).toEqual([
      { ctxStart: 10, ctxEnd: 10.2, from: 3, to: 3 + (10.2 - 10), pass: 0, passCtx: 10, passStart: 3 },
    ]);
  });

  it("splits a window that crosses the loop end into the end of this pass and the start of the next", () => {
    // Loop [2, 4) s, playing from 3.5 s at context time 100: pass 1 starts at 100.5, pass 2 at 102.5.
    const t = new PlaybackTimeline(100, 3.5, { start: 2, end: 4 });
    expect(t.passStartCtx(1)).toBe(100.5);
    expect(t.passStartCtx(2)).toBe(102.5);
    const segs = t.segments(100.45, 100.55);
    expect(segs.map((s) => [s.pass, s.from, s.to])).toEqual([
      [0, 3.5 + (100.45 - 100), 4],
      [1, 2, 2 + (100.55 - 100.5)],
    ]);
    expect(segs[0].ctxEnd).toBe(100.5);
    expect(segs[1].ctxStart).toBe(100.5);
    // A note at the loop start of pass 1 plays exactly at the wrap.
    expect(t.ctxTimeOf(2, 1)).toBe(100.5);
    expect(t.ctxTimeOf(3, 1)).toBe(101.5);
    expect(t.secondsAt(100.5)).toBe(2);
    expect(t.secondsAt(101.25)).toBe(2.75);
  });

  it("computes pass k's start as a product, exact after thousands of passes", () => {
    const loop = { start: 0.1, end: 0.1 + 60 / 137 }; // an awkward length
    const t = new PlaybackTimeline(0.05, 0.1, loop);
    const L = loop.end - loop.start;
    expect(t.passStartCtx(5000)).toBe(0.05 + (loop.end - 0.1) + 4999 * L);
    expect(t.passAt(t.passStartCtx(5000))).toBe(5000);
    expect(t.passAt(t.passStartCtx(5000) - 1e-9)).toBe(4999);
    // Summing window after window (25 ms ticks) meets every wrap exactly once and in order.
    const passes: number[] = [];
    let prevTo = -1;
    for (let i = 0; i < 4000; i++) {
      for (const s of t.segments(0.05 + i * 0.025, 0.05 + (i + 1) * 0.025)) {
        if (s.pass >= 1 && s.from === loop.start && !passes.includes(s.pass)) passes.push(s.pass);
        if (s.pass === passes[passes.length - 1] && s.from !== loop.start) expect(s.from).toBe(prevTo);
        prevTo = s.to;
      }
    }
    expect(passes).toEqual(Array.from({ length: passes.length }, (_, i) => i + 1));
    expect(passes.length).toBe(Math.floor((4000 * 0.025 - (loop.end - 0.1)) / L) + 1);
  });

  it("consecutive windows give consecutive timeline stretches with identical boundaries", () => {
    const t = new PlaybackTimeline(1, 0, { start: 0, end: 0.3 });
    const cuts = [1, 1.07, 1.3, 1.31, 1.6, 1.9000001, 2.2, 2.95];
    const segs = cuts.slice(0, -1).flatMap((c, i) => t.segments(c, cuts[i + 1]));
    for (let i = 1; i < segs.length; i++) {
      const a = segs[i - 1];
      const b = segs[i];
      expect(b.ctxStart).toBe(a.ctxEnd);
      if (b.pass === a.pass) expect(b.from).toBe(a.to);
      else expect([a.to, b.from, b.pass]).toEqual([0.3, 0, a.pass + 1]);
    }
    const covered = segs.reduce((sum, s) => sum + (s.to - s.from), 0);
    expect(covered).toBeCloseTo(2.95 - 1, 12);
  });

  it("a start at or after the loop end plays straight on; an empty loop is no loop", () => {
    const after = new PlaybackTimeline(0, 5, { start: 1, end: 2 });
    expect(after.segments(0, 10).map((s) => [s.from, s.to])).toEqual([[5, 15]]);
    const empty = new PlaybackTimeline(0, 0, { start: 1, end: 1 });
    expect(empty.segments(0, 3).map((s) => [s.from, s.to])).toEqual([[0, 3]]);
  });

  it("a window longer than several loop passes covers each pass", () => {
    const t = new PlaybackTimeline(0, 0, { start: 0, end: 0.04 });
    const segs = t.segments(0, 0.1);
    expect(segs.map((s) => [s.pass, s.from, +s.to.toFixed(12)])).toEqual([
      [0, 0, 0.04],
      [1, 0, 0.04],
      [2, 0, 0.02],
    ]);
  });
});
