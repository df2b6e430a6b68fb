/** The true-peak limiter never lets the output's 4×-oversampled peak above its ceiling, and leaves quiet audio alone. */
import { describe, expect, it } from "vitest";
import { TruePeakDetector, TruePeakLimiter } from "@bandspace/dsp";

const FS = 48000;

function rng(seed: number) {
  let x = seed;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296 - 0.5;
  };
}

/** Runs planar stereo through a limiter in blocks, flushes it, and returns the output aligned with the input. */
function limit(input: Float32Array[], ceilingDb: number, block = 1000): { out: Float32Array[]; lim: TruePeakLimiter } {
  const lim = new TruePeakLimiter({ sampleRate: FS, channels: input.length, ceilingDb });
  const frames = input[0].length;
  const all = input.map(() => new Float32Array(frames + lim.latency));
  for (let i = 0; i < frames; i += block) {
    const n = Math.min(block, frames - i);
    lim.process(
      input.map((ch) => ch.subarray(i, i + n)),
      all.map((ch) => ch.subarray(i, i + n)),
      n,
    );
  }
  const tail = lim.flush();
  all.forEach((ch, c) => ch.set(tail[c], frames));
  return { out: all.map((ch) => ch.subarray(lim.latency)), lim };
}

function truePeakDb(planar: Float32Array[]): number {
  const d = new TruePeakDetector(planar.length);
  planar.forEach((ch, c) => d.pushChannel(c, ch));
  // Flush the interpolator so the last frames are measured too.
  planar.forEach((_, c) => d.pushChannel(c, new Float32Array(64)));
  return 20 * Math.log10(d.peak());
}

const stereo = (f: (i: number) => number, seconds = 2, g: (i: number) => number = f) => {
  const n = Math.round(seconds * FS);
  const l = new Float32Array(n);
  const r = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    l[i] = f(i);
    r[i] = g(i);
  }
  return [l, r];
};

const HARD: Record<string, () => Float32Array[]> = {
  "sine at fs/4, 45°, +6 dB (inter-sample peaks)": () => stereo((i) => 2 * Math.sin((Math.PI / 2) * i + Math.PI / 4)),
  "clipped square at 100 Hz, +12 dB": () => stereo((i) => (Math.sin((2 * Math.PI * 100 * i) / FS) >= 0 ? 4 : -4)),
  "white noise at +10 dB": () => {
    const a = rng(1);
    const b = rng(2);
    return stereo(
      () => 3.16 * 2 * a(),
      2,
      () => 3.16 * 2 * b(),
    );
  },
  "isolated clicks of amplitude 8 after silence": () =>
    stereo((i) => (i % 12000 === 6000 ? 8 : i % 12000 === 6001 ? -8 : 0)),
  "sweep 20 Hz – 20 kHz at +6 dB": () => {
    const n = 2 * FS;
    const sweep = new Float32Array(n);
    let phase = 0;
    for (let i = 0; i < n; i++) {
      phase += (2 * Math.PI * 20 * Math.pow(1000, i / n)) / FS;
      sweep[i] = 2 * Math.sin(phase);
    }
    return [sweep, sweep.slice()];
  },
  "bursts of a hot kick over a quiet pad": () =>
    stereo((i) => {
      const t = (i % 24000) / FS;
      return 0.1 * Math.sin((2 * Math.PI * 220 * i) / FS) + 3 * Math.exp(-t * 20) * Math.sin(2 * Math.PI * 55 * t);
    }),
};

describe("true-peak limiter", () => {
  for (const ceiling of [-1, -0.3])
    for (const [name, make] of Object.entries(HARD))
      it(`keeps ${name} under ${ceiling} dBTP`, () => {
        const input = make();
        expect(truePeakDb(input)).toBeGreaterThan(ceiling + 3);
        const { out, lim } = limit(input, ceiling, 777);
        expect(truePeakDb(out)).toBeLessThanOrEqual(ceiling);
        expect(lim.maxReductionDb).toBeLessThan(-2);
      });

  it("passes audio under the ceiling through unchanged, delayed by exactly its latency", () => {
    const input = stereo(
      (i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / FS),
      1,
      (i) => 0.25 * Math.sin((2 * Math.PI * 660 * i) / FS),
    );
    const { out, lim } = limit(input, -1);
    expect(lim.maxReductionDb).toBe(0);
    for (let c = 0; c < 2; c++) for (let i = 0; i < input[0].length; i++) expect(out[c][i]).toBe(input[c][i]);
  });

  it("links channels (no image shift) and recovers after a peak", () => {
    // A loud click on the left only: the right channel's tone is turned down by the same gain, then comes back.
    const input = stereo(
      (i) => (i === FS / 2 ? 4 : 0),
      2,
      (i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / FS),
    );
    const { out } = limit(input, -1);
    const rms = (ch: Float32Array, from: number, to: number) => {
      let s = 0;
      for (let i = from; i < to; i++) s += ch[i] * ch[i];
      return Math.sqrt(s / (to - from));
    };
    const before = rms(out[1], 0, FS / 4);
    expect(rms(out[1], FS / 2 - 48, FS / 2 + 48)).toBeLessThan(before * 0.5);
    expect(rms(out[1], (3 * FS) / 2, 2 * FS)).toBeGreaterThan(before * 0.99);
  });
});

describe("true-peak limiter as a live master insert", () => {
  it("knows its latency before it is built, and takes a new ceiling while running", () => {
    for (const ms of [1, 5, 12]) {
      const lim = new TruePeakLimiter({ sampleRate: FS, channels: 2, ceilingDb: -1, lookaheadMs: ms });
      expect(TruePeakLimiter.latencyFor(FS, ms)).toBe(lim.latency);
    }
    const input = stereo((i) => 0.9 * Math.sin((2 * Math.PI * 997 * i) / FS), 1);
    const lim = new TruePeakLimiter({ sampleRate: FS, channels: 2, ceilingDb: -1 });
    const half = FS / 2;
    const out = input.map((ch) => new Float32Array(ch.length));
    lim.process(
      input.map((ch) => ch.subarray(0, half)),
      out.map((ch) => ch.subarray(0, half)),
      half,
    );
    lim.update({ ceilingDb: -6 });
    lim.process(
      input.map((ch) => ch.subarray(half)),
      out.map((ch) => ch.subarray(half)),
      input[0].length - half,
    );
    expect(truePeakDb(out.map((ch) => ch.subarray(0, half - 200)))).toBeLessThanOrEqual(-1);
    expect(truePeakDb(out.map((ch) => ch.subarray(half + lim.latency)))).toBeLessThanOrEqual(-6);
    expect(lim.gainReductionDb).toBeLessThan(-4);
  });
});
