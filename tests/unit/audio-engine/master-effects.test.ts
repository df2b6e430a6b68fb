/** The master effects' parameter tables map onto their dsp cores' settings (units converted once, here). */
import { describe, expect, it } from "vitest";
import { MULTIBAND, TRUE_PEAK_LIMITER, defaultParams } from "@bandspace/model";
import { MasteringEffect, multibandSettings, rebuildParams, truePeakLimiterSettings } from "@bandspace/audio-engine";

describe("master effects: table → core settings", () => {
  it("multiband: crossovers in Hz, per-band threshold/ratio/make-up in dB, times in seconds", () => {
    const p = { ...defaultParams("multiband"), lowAttack: 25, highRelease: 400, midGain: 2.5 };
    const s = multibandSettings(p);
    expect(s.lowHz).toBe(150);
    expect(s.highHz).toBe(3000);
    expect(s.low.attackSeconds).toBeCloseTo(0.025, 9);
    expect(s.high.releaseSeconds).toBeCloseTo(0.4, 9);
    expect(s.mid.makeupDb).toBe(2.5);
    expect(s.low.ratio).toBe(2);
    expect(s.outputDb).toBe(0);
    expect(MULTIBAND.params).toHaveLength(2 + 3 * 5 + 1);
  });

  it("true-peak limiter: ceiling in dBTP, look-ahead and release in ms; a look-ahead change rebuilds the node", () => {
    const s = truePeakLimiterSettings({ ...defaultParams("truePeakLimiter"), ceiling: -0.3, lookahead: 8 });
    expect(s).toEqual({ ceilingDb: -0.3, lookaheadMs: 8, releaseMs: 80 });
    expect(TRUE_PEAK_LIMITER.params.find((q) => q.id === "lookahead")?.automatable).toBe(false);
    expect(rebuildParams("truePeakLimiter")).toEqual(["lookahead"]);
    expect(MasteringEffect.rebuildOn("multiband")).toEqual([]);
  });
});
