/**
 * The multiband compressor's crossover sums flat (Linkwitz–Riley, all-pass compensated) when no band compresses,
 * each band holds its own part of the spectrum, and a band that compresses turns down only its own frequencies.
 */
import { describe, expect, it } from "vitest";
import { MultibandCompressorCore, ThreeBandCrossover, type BandSettings, type MultibandSettings } from "@bandspace/dsp";

const FS = 48000;

const sine = (hz: number, seconds: number, amp = 0.5) => {
  const n = Math.round(seconds * FS);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = amp * Math.sin((2 * Math.PI * hz * i) / FS);
  return out;
};

/** RMS of the last half of a block (the filters have settled). */
const rmsTail = (x: Float32Array) => {
  let s = 0;
  const from = Math.floor(x.length / 2);
  for (let i = from; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s / (x.length - from));
};
const db = (ratio: number) => 20 * Math.log10(ratio);

const idle: BandSettings = {
  thresholdDb: 0,
  ratio: 1,
  kneeDb: 0,
  attackSeconds: 0.01,
  releaseSeconds: 0.1,
  makeupDb: 0,
};
const settings = (o: Partial<MultibandSettings> = {}): MultibandSettings => ({
  lowHz: 200,
  highHz: 3000,
  low: idle,
  mid: idle,
  high: idle,
  outputDb: 0,
  ...o,
});

function run(core: MultibandCompressorCore, input: Float32Array[], block = 128): Float32Array[] {
  const out = input.map((ch) => Float32Array.from(ch));
  for (let i = 0; i < out[0].length; i += block) core.process(out.map((ch) => ch.subarray(i, i + block)));
  return out;
}

describe("3-band Linkwitz–Riley crossover", () => {
  it.each([
    [48000, 180, 2500],
    [44100, 40, 16000],
    [96000, 1000, 1000],
  ])("sums flat at %i Hz (splits %i / %i Hz): low + mid + high has the same magnitude everywhere", (fs, lo, hi) => {
    const x = new ThreeBandCrossover(1, fs, { lowHz: lo, highHz: hi });
    const n = 1 << 15;
    const imp = new Float32Array(n);
    imp[0] = 1;
    const bands = [0, 1, 2].map(() => [new Float32Array(n)]);
    x.split([imp], bands[0], bands[1], bands[2], n);
    const sum = new Float64Array(n);
    for (const b of bands) for (let i = 0; i < n; i++) sum[i] += b[0][i];
    // |DFT| at log-spaced frequencies from 20 Hz to 20 kHz.
    for (let f = 20; f <= 20000; f *= 1.25) {
      let re = 0;
      let im = 0;
      for (let i = 0; i < 8192; i++) {
        const w = (2 * Math.PI * f * i) / fs;
        re += sum[i] * Math.cos(w);
        im -= sum[i] * Math.sin(w);
      }
      expect(Math.abs(db(Math.hypot(re, im))), `${f.toFixed(0)} Hz`).toBeLessThan(0.01);
    }
  });

  it("keeps each band to its own range (−6 dB at the splits, 24 dB/octave beyond)", () => {
    const x = new ThreeBandCrossover(1, FS, { lowHz: 200, highHz: 3000 });
    const level = (hz: number) => {
      const s = sine(hz, 0.5);
      const bands = [0, 1, 2].map(() => [new Float32Array(s.length)]);
      x.split([s], bands[0], bands[1], bands[2], s.length);
      return bands.map((b) => db(rmsTail(b[0]) / rmsTail(s)));
    };
    const [lowAt50, midAt50, highAt50] = level(50);
    expect(lowAt50).toBeGreaterThan(-0.1);
    expect(midAt50).toBeLessThan(-30);
    expect(highAt50).toBeLessThan(-60);
    const [lowAtSplit, midAtSplit] = level(200);
    expect(lowAtSplit).toBeCloseTo(-6.02, 1);
    expect(midAtSplit).toBeCloseTo(-6.02, 1);
    const [, midAt800] = level(800);
    expect(midAt800).toBeGreaterThan(-0.5);
    const [lowAt10k, midAt10k, highAt10k] = level(10000);
    expect(highAt10k).toBeGreaterThan(-0.1);
    expect(midAt10k).toBeLessThan(-30);
    expect(lowAt10k).toBeLessThan(-60);
  });
});

describe("multiband compressor", () => {
  it("leaves the level of every frequency alone when no band compresses", () => {
    for (const hz of [40, 200, 700, 3000, 12000]) {
      const core = new MultibandCompressorCore(settings(), FS, 2);
      const s = sine(hz, 0.4);
      const [l, r] = run(core, [s, s]);
      expect(Math.abs(db(rmsTail(l) / rmsTail(s))), `${hz} Hz`).toBeLessThan(0.01);
      expect(rmsTail(r)).toBeCloseTo(rmsTail(l), 6);
    }
  });

  it("compresses only the band over its threshold: a loud low band is turned down, the highs are untouched", () => {
    // −6 dBFS peaks; the low band's threshold −26 dB at 4:1 → 15 dB of gain reduction on a steady bass tone.
    const low: BandSettings = { ...idle, thresholdDb: -26, ratio: 4, attackSeconds: 0.002, releaseSeconds: 1 };
    const bass = sine(60, 1, 0.5);
    const hats = sine(8000, 1, 0.5);
    const bassOut = run(new MultibandCompressorCore(settings({ low }), FS, 1), [bass])[0];
    const hatsOut = run(new MultibandCompressorCore(settings({ low }), FS, 1), [hats])[0];
    expect(db(rmsTail(bassOut) / rmsTail(bass))).toBeCloseTo(-15, 0);
    expect(Math.abs(db(rmsTail(hatsOut) / rmsTail(hats)))).toBeLessThan(0.05);
    const core = new MultibandCompressorCore(settings({ low }), FS, 1);
    run(core, [bass]);
    expect(core.gainReductionDb.low).toBeCloseTo(-15, 0);
    expect(core.gainReductionDb.high).toBe(0);
  });

  it("applies a band's make-up gain and the output gain", () => {
    const mid: BandSettings = { ...idle, makeupDb: 3 };
    const s = sine(1000, 0.4);
    const out = run(new MultibandCompressorCore(settings({ mid, outputDb: -2 }), FS, 1), [s])[0];
    expect(db(rmsTail(out) / rmsTail(s))).toBeCloseTo(1, 1);
  });

  it("follows a crossover move without a jump (filter states kept)", () => {
    const core = new MultibandCompressorCore(settings(), FS, 1);
    const s = sine(440, 0.2);
    const out = Float32Array.from(s);
    core.process([out.subarray(0, 4800)]);
    core.update(settings({ lowHz: 400, highHz: 5000 }));
    core.process([out.subarray(4800)]);
    let maxStep = 0;
    for (let i = 1; i < out.length; i++) maxStep = Math.max(maxStep, Math.abs(out[i] - out[i - 1]));
    // A 440 Hz sine at 0.5 moves at most 2π·440/48000·0.5 ≈ 0.029 per sample.
    expect(maxStep).toBeLessThan(0.06);
  });
});
