import { describe, expect, it } from "vitest";
import {
  ClipLevelMeter,
  SilenceDetector,
  findSoundRegions,
  normalizeGainDb,
  type SilenceOptions,
} from "@bandspace/dsp";

const RATE = 48000;

/** Seeded uniform noise with peak exactly below `peak` (xorshift32): its level is known, so is the threshold's verdict. */
function noiseInto(out: Float32Array, from: number, to: number, peak: number, seed: number): void {
  let s = seed >>> 0 || 1;
  for (let i = from; i < to; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = (s / 0x100000000) * 2 * peak - peak;
  }
}

/** A 1 kHz burst at `dbfs` from frame `from` to `to`; its first and last samples are forced to the peak, so the
 * exact sounding boundaries are known (a sine starting at phase 0 would begin below any threshold). */
function burst(out: Float32Array, from: number, to: number, dbfs: number): void {
  const a = 10 ** (dbfs / 20);
  for (let i = from; i < to; i++) out[i] = a * Math.sin((2 * Math.PI * 1000 * (i - from)) / RATE + Math.PI / 2);
  out[from] = a;
  out[to - 1] = -a;
}

const opts = (extra: Partial<SilenceOptions> = {}): SilenceOptions => ({
  sampleRate: RATE,
  thresholdDb: -40,
  minSilenceSeconds: 0.1,
  minKeepSeconds: 0.02,
  preRollSeconds: 0,
  postRollSeconds: 0,
  ...extra,
});

/** Three bursts separated by noise at −60 dBFS (below the −40 threshold) and a click. */
function scene(): Float32Array {
  const x = new Float32Array(RATE * 3);
  noiseInto(x, 0, x.length, 10 ** (-60 / 20), 7);
  burst(x, 4_801, 24_013, -12);
  burst(x, 40_000, 60_000, -30); // 16 000 frames after the first: a gap of 0.33 s
  burst(x, 62_000, 70_000, -20); // 2 000 frames (0.04 s) after: too short a gap to split
  x[100_000] = 0.5; // a click: one sound frame, shorter than the minimum clip length
  burst(x, 120_000, 130_001, -6);
  return x;
}

describe("strip silence analysis", () => {
  it("finds each burst's first and one-past-last sound frame exactly, through noise below the threshold", () => {
    expect(findSoundRegions([scene()], opts())).toEqual([
      { startFrame: 4_801, endFrame: 24_013 },
      { startFrame: 40_000, endFrame: 70_000 },
      { startFrame: 120_000, endFrame: 130_001 },
    ]);
  });

  it("gives the same answer for any block size (a streamed take) and stereo where one channel sounds", () => {
    const x = scene();
    const silent = new Float32Array(x.length);
    const whole = findSoundRegions([x], opts({ preRollSeconds: 0.005, postRollSeconds: 0.02 }));
    for (const block of [1, 127, 4096, 48000]) {
      const d = new SilenceDetector(opts({ preRollSeconds: 0.005, postRollSeconds: 0.02 }));
      for (let i = 0; i < x.length; i += block) {
        const n = Math.min(block, x.length - i);
        d.push([silent.subarray(i, i + n), x.subarray(i, i + n)], n);
      }
      expect(d.analysedFrames).toBe(x.length);
      expect(d.regions(), `block ${block}`).toEqual(whole);
    }
  });

  it("applies pre/post roll clipped to the range, and merges stretches whose rolls meet", () => {
    const x = scene();
    // 0.2 s pre-roll reaches back past frame 0; rolls of 0.2 + 0.2 s bridge the 0.33 s gap.
    expect(findSoundRegions([x], opts({ preRollSeconds: 0.2, postRollSeconds: 0.2 }))).toEqual([
      { startFrame: 0, endFrame: 70_000 + 9_600 },
      { startFrame: 120_000 - 9_600, endFrame: 130_001 + 9_600 },
    ]);
    expect(findSoundRegions([x], opts({ postRollSeconds: 1 })).at(-1)).toEqual({
      startFrame: 120_000,
      endFrame: x.length,
    });
  });

  it("a threshold above a burst drops it; a longer minimum silence keeps bursts together; minimum length drops", () => {
    const x = scene();
    // −25 dBFS: the −30 burst is silence now, so the −20 burst stands alone.
    expect(findSoundRegions([x], opts({ thresholdDb: -25 })).map((r) => r.startFrame)).toEqual([
      4_801, 62_000, 120_000,
    ]);
    expect(findSoundRegions([x], opts({ minSilenceSeconds: 0.5 }))).toEqual([
      { startFrame: 4_801, endFrame: 70_000 },
      { startFrame: 100_000, endFrame: 130_001 },
    ]);
    expect(findSoundRegions([x], opts({ minKeepSeconds: 0.3 })).map((r) => r.startFrame)).toEqual([4_801, 40_000]);
    // Noise at the threshold's level counts as sound: the whole range is one region.
    const noisy = findSoundRegions([x], opts({ thresholdDb: -61 }));
    expect(noisy).toHaveLength(1);
    expect(noisy[0].startFrame).toBeLessThan(200);
    expect(noisy[0].endFrame).toBeGreaterThan(x.length - 200);
    expect(findSoundRegions([new Float32Array(1000)], opts())).toEqual([]);
  });
});

describe("normalize", () => {
  const tone = (dbfs: number, seconds: number) => {
    const a = 10 ** (dbfs / 20);
    return Float32Array.from(
      { length: Math.round(seconds * RATE) },
      (_, i) => a * Math.sin((2 * Math.PI * 997 * i) / RATE),
    );
  };

  it("measures sample peak and BS.1770 loudness of a range fed in blocks, and gives the clip gain to a target", () => {
    const x = tone(-18, 5);
    const meter = new ClipLevelMeter(RATE, 2);
    for (let i = 0; i < x.length; i += 1000) meter.push([x.subarray(i, i + 1000), x.subarray(i, i + 1000)]);
    const levels = meter.read();
    expect(levels.samplePeakDbfs!).toBeCloseTo(-18, 2);
    // A stereo 1 kHz-ish tone at −18 dBFS per channel reads about −18 LUFS (BS.1770 calibration, ±0.1).
    expect(Math.abs(levels.integratedLufs! - -18)).toBeLessThan(0.15);
    expect(normalizeGainDb(levels, { mode: "peak", dbfs: -10 })).toEqual({ gainDb: 8, limited: false });
    expect(normalizeGainDb(levels, { mode: "peak", dbfs: -30 })).toEqual({ gainDb: -12, limited: false });
    const loud = normalizeGainDb(levels, { mode: "loudness", lufs: -14 })!;
    expect(Math.abs(loud.gainDb - (-14 - levels.integratedLufs!))).toBeLessThanOrEqual(0.05 + 1e-9);
    // Too quiet for the +12 dB the clip gain allows: clamped, and said so.
    expect(normalizeGainDb(levels, { mode: "peak", dbfs: 0 }, { minDb: -60, maxDb: 12 })).toEqual({
      gainDb: 12,
      limited: true,
    });
  });

  it("a peak target rounds down so the peak never passes it; silence and too-short ranges have no loudness", () => {
    expect(normalizeGainDb({ samplePeakDbfs: -6.04, integratedLufs: null }, { mode: "peak", dbfs: -1 })).toEqual({
      gainDb: 5,
      limited: false,
    });
    expect(normalizeGainDb({ samplePeakDbfs: -7, integratedLufs: null }, { mode: "peak", dbfs: -1 })?.gainDb).toBe(6);
    expect(normalizeGainDb({ samplePeakDbfs: null, integratedLufs: null }, { mode: "peak", dbfs: -1 })).toBeNull();
    const short = new ClipLevelMeter(RATE, 1);
    short.push([tone(-10, 0.2)]);
    expect(short.read().integratedLufs).toBeNull();
    expect(normalizeGainDb(short.read(), { mode: "loudness", lufs: -14 })).toBeNull();
  });
});
