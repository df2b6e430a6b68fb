import { describe, expect, it } from "vitest";
import {
  CompressorCore,
  GateCore,
  LimiterCore,
  biquadMagnitudeDb,
  compressorOutputDb,
  dbToGain,
  designBiquad,
  gainToDb,
  logFrequencies,
  processBiquad,
  webAudioQ,
  type BiquadDesign,
} from "@bandspace/dsp";

const RATE = 48000;

describe("biquad design (RBJ cookbook)", () => {
  it("gives each band its defining response", () => {
    const at = (d: BiquadDesign, f: number) => biquadMagnitudeDb(designBiquad(d, RATE), f, RATE);
    const bell = { kind: "peaking", frequency: 1000, gainDb: 6, q: 1 } as const;
    expect(at(bell, 1000)).toBeCloseTo(6, 6);
    expect(at(bell, 20)).toBeCloseTo(0, 1);
    expect(at(bell, 20000)).toBeCloseTo(0, 1);
    const lp = { kind: "lowpass", frequency: 2000, gainDb: 0, q: Math.SQRT1_2 } as const;
    expect(at(lp, 2000)).toBeCloseTo(-3.0103, 3);
    expect(at(lp, 20)).toBeCloseTo(0, 3);
    expect(at(lp, 20000)).toBeLessThan(-30);
    const hp = { kind: "highpass", frequency: 100, gainDb: 0, q: Math.SQRT1_2 } as const;
    expect(at(hp, 100)).toBeCloseTo(-3.0103, 3);
    expect(at(hp, 10)).toBeLessThan(-35);
    expect(at(hp, 5000)).toBeCloseTo(0, 3);
    // Shelves reach their gain far on their side, half of it at the corner, nothing on the other side.
    const low = { kind: "lowshelf", frequency: 200, gainDb: -8, q: 1 } as const;
    expect(at(low, 5)).toBeCloseTo(-8, 2);
    expect(at(low, 200)).toBeCloseTo(-4, 6);
    expect(at(low, 15000)).toBeCloseTo(0, 2);
    const high = { kind: "highshelf", frequency: 5000, gainDb: 4, q: 1 } as const;
    expect(at(high, 23000)).toBeCloseTo(4, 1);
    expect(at(high, 5000)).toBeCloseTo(2, 6);
    expect(at(high, 30)).toBeCloseTo(0, 3);
  });

  it("gives BiquadFilterNode its pass Q in dB and its bell Q as is", () => {
    expect(webAudioQ({ kind: "lowpass", frequency: 1, gainDb: 0, q: 1 })).toBe(0);
    expect(webAudioQ({ kind: "highpass", frequency: 1, gainDb: 0, q: 2 })).toBeCloseTo(6.0206, 4);
    expect(webAudioQ({ kind: "peaking", frequency: 1, gainDb: 0, q: 2 })).toBe(2);
  });

  it("filters a real sine by the magnitude it predicts", () => {
    const design = { kind: "peaking", frequency: 800, gainDb: -9, q: 2 } as const;
    const c = designBiquad(design, RATE);
    for (const f of logFrequencies(100, 8000, 6)) {
      const x = Float32Array.from({ length: RATE }, (_, i) => Math.sin((2 * Math.PI * f * i) / RATE));
      processBiquad(c, x, new Float64Array(2));
      const tail = x.subarray(RATE / 2);
      // RMS, not peak: at 8 kHz a sample rarely lands on a crest.
      const rms = Math.sqrt(tail.reduce((s, v) => s + v * v, 0) / tail.length);
      expect(gainToDb(rms * Math.SQRT2)).toBeCloseTo(biquadMagnitudeDb(c, f, RATE), 1);
    }
  });
});

describe("compressor", () => {
  const curve = { thresholdDb: -20, ratio: 4, kneeDb: 6 };

  it("has the static curve: identity below the knee, threshold + over/ratio above, smooth through the knee", () => {
    expect(compressorOutputDb(curve, -40)).toBe(-40);
    expect(compressorOutputDb(curve, -23)).toBe(-23);
    expect(compressorOutputDb(curve, 0)).toBeCloseTo(-15, 12);
    expect(compressorOutputDb(curve, -17)).toBeCloseTo(-19.25, 12);
    // Middle of the knee: 1.5·(1/4 − 1)·(W/2)²/(2W) = −0.5625 dB below the input.
    expect(compressorOutputDb(curve, -20)).toBeCloseTo(-20.5625, 12);
    let last = -Infinity;
    for (let x = -40; x <= 0; x += 0.01) {
      const y = compressorOutputDb(curve, x);
      expect(y).toBeGreaterThanOrEqual(last);
      last = y;
    }
    expect(compressorOutputDb({ ...curve, kneeDb: 0 }, -19)).toBeCloseTo(-19.75, 12);
  });

  it("settles on the static curve plus make-up for a steady input", () => {
    for (const inputDb of [-30, -20, -10, -3]) {
      const core = new CompressorCore(
        { ...curve, attackSeconds: 0.005, releaseSeconds: 0.05, makeupDb: 2, mix: 1 },
        RATE,
      );
      const x = new Float32Array(RATE / 2).fill(dbToGain(inputDb));
      core.process([x]);
      expect(gainToDb(x[x.length - 1])).toBeCloseTo(compressorOutputDb(curve, inputDb) + 2, 4);
    }
  });
});

describe("lookahead limiter", () => {
  it("never lets a sample past the ceiling, even a single-sample spike", () => {
    const lim = new LimiterCore({ ceilingDb: -1, lookaheadSeconds: 0.005, releaseSeconds: 0.05 }, RATE, 2);
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const ceiling = dbToGain(-1);
    for (let block = 0; block < 200; block++) {
      const l = Float32Array.from({ length: 128 }, () => rand() * (block % 7 === 0 ? 8 : 0.5));
      const r = Float32Array.from({ length: 128 }, () => rand() * 0.3);
      if (block === 50) l[17] = 40;
      lim.process([l, r]);
      for (let i = 0; i < 128; i++) {
        expect(Math.abs(l[i])).toBeLessThanOrEqual(ceiling);
        expect(Math.abs(r[i])).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it("delays a quiet signal by exactly its latency and leaves it untouched", () => {
    const lim = new LimiterCore({ ceilingDb: 0, lookaheadSeconds: 0.002, releaseSeconds: 0.05 }, RATE, 1);
    expect(lim.latencySamples).toBe(96);
    const x = Float32Array.from({ length: 1000 }, (_, i) => 0.5 * Math.sin(i / 7));
    const y = x.slice();
    lim.process([y]);
    for (let i = 96; i < 1000; i++) expect(y[i]).toBe(x[i - 96]);
    for (let i = 0; i < 96; i++) expect(y[i]).toBe(0);
  });

  it("ramps the gain down before a peak instead of stepping it", () => {
    const lim = new LimiterCore({ ceilingDb: -6, lookaheadSeconds: 0.001, releaseSeconds: 0.05 }, RATE, 1);
    const x = new Float32Array(400).fill(0.25);
    x[200] = 1;
    lim.process([x]);
    const L = lim.latencySamples;
    expect(x[200 + L]).toBeCloseTo(dbToGain(-6), 6);
    // Before the peak the gain falls gradually over the lookahead: no two neighbours differ by more than a step.
    for (let i = 200; i < 200 + L - 1; i++) expect(Math.abs(x[i + 1] - x[i])).toBeLessThan(0.02);
  });
});

describe("gate", () => {
  it("passes a signal above the threshold and pulls noise below it down to the range", () => {
    const gate = new GateCore(
      {
        thresholdDb: -30,
        hysteresisDb: 6,
        rangeDb: -40,
        attackSeconds: 0.001,
        holdSeconds: 0.02,
        releaseSeconds: 0.02,
      },
      RATE,
    );
    const loud = Float32Array.from({ length: RATE / 4 }, (_, i) => 0.5 * Math.sin(i / 5));
    gate.process([loud]);
    expect(gate.isOpen).toBe(true);
    expect(Math.abs(loud[loud.length - 3] / (0.5 * Math.sin((loud.length - 3) / 5)))).toBeCloseTo(1, 3);
    const noise = Float32Array.from({ length: RATE / 2 }, (_, i) => 0.003 * Math.sin(i / 3));
    const ref = noise.slice();
    gate.process([noise]);
    expect(gate.isOpen).toBe(false);
    const i = noise.length - 2;
    expect(gainToDb(Math.abs(noise[i] / ref[i]))).toBeCloseTo(-40, 1);
  });

  it("stays open inside the hysteresis band", () => {
    const gate = new GateCore(
      { thresholdDb: -20, hysteresisDb: 10, rangeDb: -60, attackSeconds: 0, holdSeconds: 0, releaseSeconds: 0.01 },
      RATE,
    );
    gate.process([new Float32Array(100).fill(0.2)]);
    gate.process([new Float32Array(RATE / 10).fill(dbToGain(-25))]);
    expect(gate.isOpen).toBe(true);
    gate.process([new Float32Array(RATE / 10).fill(dbToGain(-35))]);
    expect(gate.isOpen).toBe(false);
  });
});
