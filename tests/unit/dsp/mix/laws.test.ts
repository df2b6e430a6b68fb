import { describe, expect, it } from "vitest";
import { automationValueAt, curveSegmentValues, dbToGain, gainToDb, panGains, segmentProgress } from "@bandspace/dsp";

describe("dB and gain", () => {
  it("converts by 20·log10, with −∞ dB as silence", () => {
    expect(dbToGain(-6)).toBeCloseTo(0.501187, 6);
    expect(dbToGain(6)).toBeCloseTo(1.995262, 6);
    expect(dbToGain(0)).toBe(1);
    expect(dbToGain(-Infinity)).toBe(0);
    expect(gainToDb(0.5)).toBeCloseTo(-6.0206, 4);
    expect(gainToDb(0)).toBe(-Infinity);
    for (const db of [-60, -23.5, -0.1, 3]) expect(gainToDb(dbToGain(db))).toBeCloseTo(db, 10);
  });
});

describe("equal-power pan law", () => {
  it("puts −3.01 dB on each side at the centre and everything on one side at the ends", () => {
    const c = panGains(0);
    expect(gainToDb(c.left)).toBeCloseTo(-3.0103, 4);
    expect(c.right).toBeCloseTo(c.left, 12);
    expect(panGains(-1).left).toBeCloseTo(1, 12);
    expect(panGains(-1).right).toBeCloseTo(0, 12);
    expect(panGains(1).left).toBeCloseTo(0, 12);
    expect(panGains(1).right).toBeCloseTo(1, 12);
  });

  it("keeps the power constant across the whole travel and clamps outside it", () => {
    for (let p = -1; p <= 1; p += 0.05) {
      const g = panGains(p);
      expect(g.left ** 2 + g.right ** 2).toBeCloseTo(1, 12);
    }
    expect(panGains(-3)).toEqual(panGains(-1));
  });
});

describe("automation curves", () => {
  const ramp = [
    { at: 0, value: 0 },
    { at: 100, value: 1, shape: "step" as const },
    { at: 200, value: 0.5, shape: "curve" as const, tension: 0.8 },
    { at: 300, value: 0 },
  ];

  it("lands on every breakpoint and holds the ends", () => {
    expect(automationValueAt(ramp, -10, 9)).toBe(0);
    expect(automationValueAt(ramp, 0, 9)).toBe(0);
    expect(automationValueAt(ramp, 100, 9)).toBe(1);
    expect(automationValueAt(ramp, 200, 9)).toBe(0.5);
    expect(automationValueAt(ramp, 300, 9)).toBe(0);
    expect(automationValueAt(ramp, 1e6, 9)).toBe(0);
    expect(automationValueAt([], 50, 9)).toBe(9);
  });

  it("moves linearly, holds a step until the next point, and bends a curve by its tension", () => {
    expect(automationValueAt(ramp, 25, 0)).toBeCloseTo(0.25, 12);
    expect(automationValueAt(ramp, 199.999, 0)).toBe(1);
    // Positive tension moves late: at the middle the curve has travelled less than half its way.
    const mid = automationValueAt(ramp, 250, 0);
    expect(mid).toBeGreaterThan(0.25);
    expect(mid).toBeLessThan(0.5);
    expect(segmentProgress(0.5, "curve", 0)).toBeCloseTo(0.5, 12);
    expect(segmentProgress(0.5, "curve", -0.8)).toBeGreaterThan(0.5);
  });

  it("keeps curved segments monotonic without overshoot", () => {
    for (const tension of [-1, -0.3, 0.3, 1]) {
      let last = -1;
      for (let u = 0; u <= 1.0000001; u += 0.01) {
        const v = segmentProgress(u, "curve", tension);
        expect(v).toBeGreaterThanOrEqual(last);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1 + 1e-12);
        last = v;
      }
    }
    const values = curveSegmentValues(-6, 0, 0.5, 9);
    expect(values[0]).toBe(-6);
    expect(values[8]).toBe(0);
  });

  it("lets the later of two points at one position win from there on (a jump)", () => {
    const jump = [
      { at: 0, value: 0 },
      { at: 10, value: 0.2 },
      { at: 10, value: 0.8 },
      { at: 20, value: 0.8 },
    ];
    expect(automationValueAt(jump, 9.99, 0)).toBeCloseTo(0.1998, 6);
    expect(automationValueAt(jump, 10, 0)).toBe(0.8);
  });
});
