import { describe, expect, it } from "vitest";
import {
  PEAK_LEVEL_COUNT,
  PEAK_LEVEL_FRAMES,
  PEAK_PYRAMID_HEADER_BYTES,
  PeakPyramid,
  bytesToInt16LE,
  choosePeakLevel,
  computePeakLevel,
  encodePeakPyramid,
  mergePeakChannels,
  parsePeakPyramidHeader,
  peakBinByteRange,
  quantizePeakMax,
  quantizePeakMin,
} from "@bandspace/dsp";

/** A sine per channel with seeded noise and a burst of hot (> 1) samples: every bin differs. */
function signal(frames: number, channels: number, seed = 7): Float32Array {
  const out = new Float32Array(frames * channels);
  let x = seed;
  for (let f = 0; f < frames; f++)
    for (let c = 0; c < channels; c++) {
      x = (x * 1103515245 + 12345) >>> 0;
      const noise = (x / 0xffffffff - 0.5) * 0.05;
      out[f * channels + c] = 0.7 * Math.sin((2 * Math.PI * (97 + 31 * c) * f) / 48000) + noise;
    }
  for (let i = 1000; i < Math.min(out.length, 1040); i++) out[i] = 1.7 * Math.sign(out[i] || 1);
  return out;
}

/** Pushes `samples` in chunks whose sizes cycle through `sizes` (frames). */
function pushChunked(p: PeakPyramid, samples: Float32Array, channels: number, sizes: number[]): void {
  let at = 0;
  let i = 0;
  const frames = samples.length / channels;
  while (at < frames) {
    const n = Math.min(sizes[i++ % sizes.length], frames - at);
    p.push(samples.subarray(at * channels, (at + n) * channels));
    at += n;
  }
}

describe("peak pyramid", () => {
  it("has levels of 64 × 4^k frames per peak", () => {
    expect(PEAK_LEVEL_FRAMES).toEqual([64, 256, 1024, 4096, 16384]);
  });

  it("rounds minima down and maxima up, clipped to Int16", () => {
    expect(quantizePeakMin(0.5)).toBe(16383);
    expect(quantizePeakMax(0.5)).toBe(16384);
    expect(quantizePeakMin(-1)).toBe(-32767);
    expect(quantizePeakMin(-3)).toBe(-32768);
    expect(quantizePeakMax(3)).toBe(32767);
    expect(quantizePeakMax(Number.NaN)).toBe(0);
  });

  // Odd chunk sizes (never aligned with a bin), a final partial bin at every level, mono and stereo.
  for (const [channels, frames, sizes] of [
    [1, 100_003, [1, 63, 65, 1000, 4097]],
    [2, 70_001, [7, 129, 333, 16385]],
    [2, 16384 * 4, [16384 * 4]],
    [1, 37, [5]],
  ] as const) {
    it(`equals a direct computation at every level (${channels} ch, ${frames} frames, chunks ${sizes.join("/")})`, () => {
      const samples = signal(frames, channels);
      const p = new PeakPyramid(channels);
      pushChunked(p, samples, channels, [...sizes]);
      expect(p.frames).toBe(frames);
      for (let k = 0; k < PEAK_LEVEL_COUNT; k++) {
        const expected = computePeakLevel(samples, channels, k);
        expect(p.binCount(k)).toBe(Math.ceil(frames / PEAK_LEVEL_FRAMES[k]));
        expect(expected.length).toBe(p.binCount(k) * channels * 2);
        expect(Array.from(p.readBins(k, 0, p.binCount(k)))).toEqual(Array.from(expected));
      }
    });
  }

  it("serves what exists so far while a take grows, and ranges within it", () => {
    const samples = signal(50_000, 2);
    const p = new PeakPyramid(2);
    for (const cut of [10, 3000, 3001, 20_000, 50_000]) {
      p.push(samples.subarray(p.frames * 2, cut * 2));
      const prefix = samples.subarray(0, cut * 2);
      for (let k = 0; k < PEAK_LEVEL_COUNT; k++) {
        const expected = computePeakLevel(prefix, 2, k);
        expect(Array.from(p.readBins(k, 0, 1e9))).toEqual(Array.from(expected));
        const n = p.binCount(k);
        const from = Math.floor(n / 3);
        expect(Array.from(p.readBins(k, from, n))).toEqual(Array.from(expected.subarray(from * 4, n * 4)));
      }
    }
    expect(p.readBins(0, 5000, 6000)).toHaveLength(0);
  });

  it("the envelope contains every sample (hot samples clipped to full scale)", () => {
    const samples = signal(5000, 1);
    const bins = computePeakLevel(samples, 1, 0);
    for (let f = 0; f < 5000; f++) {
      const b = Math.floor(f / 64);
      const s = Math.max(-1, Math.min(1, samples[f])) * 32767;
      expect(bins[b * 2]).toBeLessThanOrEqual(s);
      expect(bins[b * 2 + 1]).toBeGreaterThanOrEqual(s);
    }
    expect(Math.max(...bins)).toBe(32767);
  });

  it("refuses bad channel counts, levels and misaligned sample counts", () => {
    expect(() => new PeakPyramid(0)).toThrow(RangeError);
    expect(() => new PeakPyramid(2).push(new Float32Array(3))).toThrow(RangeError);
    expect(() => new PeakPyramid(1).readBins(5, 0, 1)).toThrow(RangeError);
  });

  it("chooses the coarsest level with at least one bin per pixel", () => {
    expect(choosePeakLevel(10)).toBe(0);
    expect(choosePeakLevel(64)).toBe(0);
    expect(choosePeakLevel(255)).toBe(0);
    expect(choosePeakLevel(256)).toBe(1);
    expect(choosePeakLevel(5000)).toBe(3);
    expect(choosePeakLevel(1e9)).toBe(4);
  });

  it("merges channels into one mono envelope", () => {
    const stereo = new Int16Array([-5, 10, -7, 3, 1, 2, -1, 9]);
    expect(Array.from(mergePeakChannels(stereo, 2))).toEqual([-7, 10, -1, 9]);
  });
});

describe("peak pyramid file", () => {
  it("round-trips: the header gives each level's byte range, whose bytes are the level's bins", () => {
    const samples = signal(123_457, 2);
    const p = new PeakPyramid(2);
    pushChunked(p, samples, 2, [4800]);
    const file = encodePeakPyramid(p);
    const header = parsePeakPyramidHeader(file.subarray(0, PEAK_PYRAMID_HEADER_BYTES));
    expect(header.frames).toBe(123_457);
    expect(header.channels).toBe(2);
    expect(header.bytes).toBe(file.length);
    for (let k = 0; k < PEAK_LEVEL_COUNT; k++) {
      const bins = header.levels[k].bins;
      const from = Math.floor(bins / 2);
      const { start, end } = peakBinByteRange(header, k, from, bins);
      expect(Array.from(bytesToInt16LE(file.subarray(start, end)))).toEqual(
        Array.from(computePeakLevel(samples, 2, k).subarray(from * 4)),
      );
    }
  });

  it("refuses a file that is not a pyramid", () => {
    expect(() => parsePeakPyramidHeader(new Uint8Array(10))).toThrow(/too short/);
    expect(() => parsePeakPyramidHeader(new Uint8Array(32))).toThrow(/magic/);
  });

  it("an empty take has a header and no bins", () => {
    const file = encodePeakPyramid(new PeakPyramid(1));
    expect(file.length).toBe(PEAK_PYRAMID_HEADER_BYTES);
    expect(parsePeakPyramidHeader(file).levels.every((l) => l.bins === 0)).toBe(true);
  });
});
