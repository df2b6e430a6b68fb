import { describe, expect, it } from "vitest";
import {
  FADE_CURVES,
  crossfadeGains,
  fadeCurvePoints,
  fadeInGain,
  fadeOutGain,
  type CrossfadeLaw,
} from "@bandspace/dsp";

/** Seeded uniform noise in [-1, 1) (xorshift32), so two seeds give two uncorrelated signals of equal level. */
function noise(length: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function crossfade(a: Float32Array, b: Float32Array, law: CrossfadeLaw): Float32Array {
  const n = a.length;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const g = crossfadeGains(law, i / (n - 1));
    out[i] = a[i] * g.out + b[i] * g.in;
  }
  return out;
}

const rms = (x: Float32Array, from: number, to: number) => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i] * x[i];
  return Math.sqrt(sum / (to - from));
};

/** Level of each window relative to `reference`, in dB. */
function windowLevelsDb(x: Float32Array, window: number, reference: number): number[] {
  const levels: number[] = [];
  for (let from = 0; from + window <= x.length; from += window)
    levels.push(20 * Math.log10(rms(x, from, from + window) / reference));
  return levels;
}

describe("fade curves", () => {
  it.each(FADE_CURVES)(
    "%s fades in from silence to full level, monotonically, and fades out as its mirror",
    (curve) => {
      expect(fadeInGain(curve, 0)).toBeCloseTo(0, 12);
      expect(fadeInGain(curve, 1)).toBeCloseTo(1, 12);
      let last = -1;
      for (let i = 0; i <= 100; i++) {
        const g = fadeInGain(curve, i / 100);
        expect(g).toBeGreaterThanOrEqual(last);
        last = g;
        expect(fadeOutGain(curve, i / 100)).toBeCloseTo(fadeInGain(curve, 1 - i / 100), 12);
      }
    },
  );

  it("each shape has its own midpoint (so a shape switch changes the sound)", () => {
    expect(fadeInGain("linear", 0.5)).toBeCloseTo(0.5, 12);
    expect(fadeInGain("equal-power", 0.5)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(fadeInGain("s-curve", 0.5)).toBeCloseTo(0.5, 12);
    expect(fadeInGain("s-curve", 0.25)).toBeLessThan(0.25);
    expect(fadeInGain("exponential", 0.5)).toBeLessThan(0.15);
  });

  it("curve points put point i at i / frames, scaled by the gain, and a part-way slice continues the same curve", () => {
    const full = fadeCurvePoints("equal-power", "in", 480, 0.5);
    expect(full.length).toBe(481);
    expect(full[0]).toBe(0);
    expect(full[480]).toBeCloseTo(0.5, 7);
    expect(full[120]).toBeCloseTo(0.5 * Math.sin(Math.PI / 8), 7);
    const rest = fadeCurvePoints("equal-power", "in", 480, 0.5, 200);
    expect(rest.length).toBe(281);
    expect(Array.from(rest)).toEqual(Array.from(full.subarray(200)));
    const out = fadeCurvePoints("linear", "out", 4);
    expect(Array.from(out)).toEqual([1, 0.75, 0.5, 0.25, 0]);
  });
});

describe("crossfade laws", () => {
  const length = 480_000; // a 10 s crossfade at 48 kHz
  const window = 16_384;
  const a = noise(length, 1);
  const b = noise(length, 99);
  const level = rms(a, 0, length);

  it("the two noises are uncorrelated and of equal level (the premise of the next test)", () => {
    let dot = 0;
    for (let i = 0; i < length; i++) dot += a[i] * b[i];
    expect(Math.abs(dot / length / (level * level))).toBeLessThan(0.01);
    expect(Math.abs(20 * Math.log10(rms(b, 0, length) / level))).toBeLessThan(0.05);
  });

  it("equal-power keeps the level of two uncorrelated noises within 0.2 dB through the fade", () => {
    const levels = windowLevelsDb(crossfade(a, b, "equal-power"), window, level);
    for (const db of levels) expect(Math.abs(db)).toBeLessThan(0.2);
  });

  it("equal-gain dips about 3 dB in the middle of uncorrelated material (why equal-power is the default)", () => {
    const levels = windowLevelsDb(crossfade(a, b, "equal-gain"), window, level);
    const middle = levels[Math.floor(levels.length / 2)];
    expect(middle).toBeLessThan(-2.5);
    expect(middle).toBeGreaterThan(-3.5);
  });

  it("equal-gain sums correlated material flat: the same signal on both sides comes out unchanged", () => {
    const out = crossfade(a, a, "equal-gain");
    for (let i = 0; i < length; i += 997) expect(out[i]).toBeCloseTo(a[i], 6);
  });

  it("equal-power on correlated material rises up to +3 dB in the middle (why equal-gain is switchable)", () => {
    const levels = windowLevelsDb(crossfade(a, a, "equal-power"), window, level);
    expect(levels[Math.floor(levels.length / 2)]).toBeGreaterThan(2.5);
  });
});
