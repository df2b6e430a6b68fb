import { describe, expect, it } from "vitest";
import { regionGainCurves } from "@bandspace/audio-engine/pure";
import { crossfadeGains, fadeInGain, fadeOutGain } from "@bandspace/dsp";
import type { PlayRegion } from "@bandspace/model";

const region = (extra: Partial<PlayRegion>): PlayRegion => ({
  key: "c",
  trackId: "t",
  takeId: "take",
  startSeconds: 0,
  offsetFrames: 0,
  lengthFrames: 1000,
  sampleRate: 48000,
  gainDb: 0,
  fadeIn: null,
  fadeOut: null,
  reversed: false,
  ...extra,
});

/** The gain a region's plan gives frame k (what Web Audio plays when each output sample lands on a point). */
function gainAt(plan: ReturnType<typeof regionGainCurves>, k: number): number {
  let value = plan.initial;
  for (const c of plan.curves) {
    if (k >= c.frame) value = c.points[Math.min(k - c.frame, c.points.length - 1)];
  }
  return value;
}

describe("region gain curves", () => {
  it("no fades: a constant clip gain and no automation", () => {
    const plan = regionGainCurves(region({ gainDb: -6 }), 0);
    expect(plan.curves).toEqual([]);
    expect(plan.initial).toBeCloseTo(Math.pow(10, -6 / 20), 12);
  });

  it("fades put frame k on the law's value at k / length, scaled by the clip gain", () => {
    const r = region({
      gainDb: 6,
      fadeIn: { frames: 100, curve: "s-curve" },
      fadeOut: { frames: 200, crossfade: "equal-power" },
    });
    const g = Math.pow(10, 6 / 20);
    const plan = regionGainCurves(r, 0);
    expect(plan.curves.map((c) => [c.frame, c.points.length])).toEqual([
      [0, 101],
      [800, 201],
    ]);
    for (const k of [0, 1, 50, 99]) expect(gainAt(plan, k)).toBeCloseTo(g * fadeInGain("s-curve", k / 100), 6);
    expect(gainAt(plan, 500)).toBeCloseTo(g, 6);
    for (const k of [800, 850, 999])
      expect(gainAt(plan, k)).toBeCloseTo(g * crossfadeGains("equal-power", (k - 800) / 200).out, 6);
  });

  it("a part-way start continues the same curves from that frame", () => {
    const r = region({ fadeIn: { frames: 100, curve: "linear" }, fadeOut: { frames: 100, curve: "exponential" } });
    const whole = regionGainCurves(r, 0);
    for (const from of [30, 500, 950]) {
      const part = regionGainCurves(r, from);
      for (const k of [0, 10, 60, 400, 449, 49]) {
        if (from + k < 1000) expect(gainAt(part, k)).toBeCloseTo(gainAt(whole, from + k), 7);
      }
    }
    expect(regionGainCurves(r, 950).initial).toBeCloseTo(fadeOutGain("exponential", 50 / 100), 7);
  });

  it("a fade-in ending where the fade-out begins is one curve (Web Audio refuses touching curves)", () => {
    const r = region({
      lengthFrames: 200,
      fadeIn: { frames: 100, curve: "linear" },
      fadeOut: { frames: 100, curve: "linear" },
    });
    const plan = regionGainCurves(r, 0);
    expect(plan.curves.length).toBe(1);
    expect(plan.curves[0].points.length).toBe(201);
    expect(gainAt(plan, 100)).toBe(1);
    expect(gainAt(plan, 150)).toBeCloseTo(0.5, 7);
  });
});
