import { bytesToFloat32LE } from "./wav";

/**
 * Multi-resolution waveform peaks (a "peak pyramid"): the min and max of each channel for every 64 frames (level
 * 0), every 256 (level 1), … every 16384 (level 4). A waveform at any zoom draws from the coarsest level that still
 * has about one bin per pixel, so a 30-minute take never has to be decoded, and only the visible bins are fetched.
 *
 * Values are stored as Int16 (a quarter of Float32 min/max pairs per 64 frames is still 1/32 of the audio):
 * a minimum is rounded down and a maximum up (`quantizePeakMin/Max`), so the drawn envelope always contains
 * the audio, and values beyond ±1 (hot float input) are clipped. Because both roundings are monotonic, the min of
 * rounded minima equals the rounded min of the samples: each level is derived from the one below while the take
 * streams in, and equals exactly what a direct computation over the raw samples gives (`computePeakLevel`).
 *
 * Bin layout of a level (`readBins`, and on the wire): bin-major, then channel, then [min, max]:
 * [b0c0min, b0c0max, b0c1min, b0c1max, b1c0min, …]. The last bin may cover fewer frames (a partial bin).
 */

/** Frames per peak of level 0; each level above has PEAK_LEVEL_FACTOR times as many. */
export const PEAK_BASE_FRAMES = 64;
export const PEAK_LEVEL_FACTOR = 4;
export const PEAK_LEVEL_COUNT = 5;
/** Frames per peak of each level: 64, 256, 1024, 4096, 16384. */
// A literal (not computed at load), so bundles that import nothing of this file (the mixer worklet) stay free of it.
export const PEAK_LEVEL_FRAMES: readonly number[] = [64, 256, 1024, 4096, 16384];
/** Full scale of the Int16 values: sample 1.0 ⇒ 32767. */
export const PEAK_FULL_SCALE = 32767;

/** A minimum as stored: rounded down (never above the true minimum), clipped to Int16. NaN counts as 0. */
export function quantizePeakMin(v: number): number {
  if (!(v === v)) return 0;
  return Math.max(-32768, Math.min(32767, Math.floor(v * PEAK_FULL_SCALE)));
}

/** A maximum as stored: rounded up (never below the true maximum), clipped to Int16. NaN counts as 0. */
export function quantizePeakMax(v: number): number {
  if (!(v === v)) return 0;
  return Math.max(-32768, Math.min(32767, Math.ceil(v * PEAK_FULL_SCALE)));
}

/** Bins of a level covering `frames` (the last one partial when `frames` is not a multiple). */
export function peakBinCount(frames: number, level: number): number {
  return Math.ceil(frames / PEAK_LEVEL_FRAMES[level]);
}

/**
 * The coarsest level with at least one bin per `framesPerPixel` (so no pixel column is left between bins);
 * level 0 when even that is coarser than the pixels (zoomed in past 64 frames per pixel).
 */
export function choosePeakLevel(framesPerPixel: number): number {
  let level = 0;
  for (let k = 1; k < PEAK_LEVEL_COUNT; k++) if (PEAK_LEVEL_FRAMES[k] <= framesPerPixel) level = k;
  return level;
}

/** An Int16Array that grows by doubling (a live take's bins), read back without copying the tail. */
class GrowableInt16 {
  data = new Int16Array(256);
  length = 0;

  push2(a: number, b: number): void {
    if (this.length + 2 > this.data.length) {
      const bigger = new Int16Array(this.data.length * 2);
      bigger.set(this.data.subarray(0, this.length));
      this.data = bigger;
    }
    this.data[this.length++] = a;
    this.data[this.length++] = b;
  }
}

/**
 * Computes every level incrementally from interleaved Float32 chunks of any size (they need not align with
 * bins): level 0 from the samples, each level above from four closed bins of the one below.
 */
export class PeakPyramid {
  private readonly closed: GrowableInt16[];
  /** Level 0's open bin, in float (rounded only when it closes, like a direct computation). */
  private readonly curMin: Float64Array;
  private readonly curMax: Float64Array;
  private inBin = 0;
  /** Levels ≥ 1: min/max of the closed bins of the level below not yet closed into a bin here, and their count. */
  private readonly pendMin: Int16Array[];
  private readonly pendMax: Int16Array[];
  private readonly pendCount: number[];
  private totalFrames = 0;

  constructor(readonly channels: number) {
    if (!Number.isInteger(channels) || channels < 1 || channels > 64)
      throw new RangeError("channels must be an integer in 1…64");
    this.closed = Array.from({ length: PEAK_LEVEL_COUNT }, () => new GrowableInt16());
    this.curMin = new Float64Array(channels).fill(Infinity);
    this.curMax = new Float64Array(channels).fill(-Infinity);
    this.pendMin = Array.from({ length: PEAK_LEVEL_COUNT }, () => new Int16Array(channels).fill(32767));
    this.pendMax = Array.from({ length: PEAK_LEVEL_COUNT }, () => new Int16Array(channels).fill(-32768));
    this.pendCount = new Array<number>(PEAK_LEVEL_COUNT).fill(0);
  }

  /** Frames pushed so far. */
  get frames(): number {
    return this.totalFrames;
  }

  /** Adds interleaved samples (length a multiple of channels). */
  push(interleaved: Float32Array): void {
    const ch = this.channels;
    if (interleaved.length % ch !== 0) throw new RangeError("sample count is not a multiple of the channel count");
    const frames = interleaved.length / ch;
    const curMin = this.curMin;
    const curMax = this.curMax;
    for (let f = 0; f < frames; f++) {
      const base = f * ch;
      for (let c = 0; c < ch; c++) {
        const s = interleaved[base + c];
        if (s < curMin[c]) curMin[c] = s;
        if (s > curMax[c]) curMax[c] = s;
      }
      if (++this.inBin === PEAK_BASE_FRAMES) this.closeBase();
    }
    this.totalFrames += frames;
  }

  /** Adds little-endian Float32 interleaved bytes. */
  pushBytes(bytes: Uint8Array): void {
    this.push(bytesToFloat32LE(bytes));
  }

  private closeBase(): void {
    const lo = new Int16Array(this.channels);
    const hi = new Int16Array(this.channels);
    for (let c = 0; c < this.channels; c++) {
      lo[c] = quantizePeakMin(this.curMin[c]);
      hi[c] = quantizePeakMax(this.curMax[c]);
      this.curMin[c] = Infinity;
      this.curMax[c] = -Infinity;
    }
    this.inBin = 0;
    this.closeBin(0, lo, hi);
  }

  /** Appends a closed bin to `level` and folds it into the level above (closing that one every 4 bins). */
  private closeBin(level: number, lo: Int16Array, hi: Int16Array): void {
    const out = this.closed[level];
    for (let c = 0; c < this.channels; c++) out.push2(lo[c], hi[c]);
    const up = level + 1;
    if (up >= PEAK_LEVEL_COUNT) return;
    const pMin = this.pendMin[up];
    const pMax = this.pendMax[up];
    for (let c = 0; c < this.channels; c++) {
      if (lo[c] < pMin[c]) pMin[c] = lo[c]!;
      if (hi[c] > pMax[c]) pMax[c] = hi[c]!;
    }
    if (++this.pendCount[up] === PEAK_LEVEL_FACTOR) {
      const upLo = pMin.slice();
      const upHi = pMax.slice();
      pMin.fill(32767);
      pMax.fill(-32768);
      this.pendCount[up] = 0;
      this.closeBin(up, upLo, upHi);
    }
  }

  /** The partial last bin of `level` ([min, max] per channel), or null when the level's bins are all closed. */
  private partialBin(level: number): Int16Array | null {
    const ch = this.channels;
    if (level === 0) {
      if (this.inBin === 0) return null;
      const out = new Int16Array(ch * 2);
      for (let c = 0; c < ch; c++) {
        out[c * 2] = quantizePeakMin(this.curMin[c]);
        out[c * 2 + 1] = quantizePeakMax(this.curMax[c]);
      }
      return out;
    }
    const below = this.partialBin(level - 1);
    if (this.pendCount[level] === 0) return below;
    const out = new Int16Array(ch * 2);
    for (let c = 0; c < ch; c++) {
      let lo = this.pendMin[level][c];
      let hi = this.pendMax[level][c];
      if (below) {
        lo = Math.min(lo, below[c * 2]);
        hi = Math.max(hi, below[c * 2 + 1]);
      }
      out[c * 2] = lo;
      out[c * 2 + 1] = hi;
    }
    return out;
  }

  /** Bins of `level` so far, the partial last one included. */
  binCount(level: number): number {
    checkLevel(level);
    return peakBinCount(this.totalFrames, level);
  }

  /** A copy of bins [from, to) of `level` (clipped to what exists), in the bin layout. */
  readBins(level: number, from: number, to: number): Int16Array {
    checkLevel(level);
    const ch2 = this.channels * 2;
    const count = this.binCount(level);
    const a = Math.max(0, Math.min(from, count));
    const b = Math.max(a, Math.min(to, count));
    const out = new Int16Array((b - a) * ch2);
    const closed = this.closed[level];
    const closedBins = closed.length / ch2;
    const closedEnd = Math.min(b, closedBins);
    if (closedEnd > a) out.set(closed.data.subarray(a * ch2, closedEnd * ch2));
    if (b > closedBins && b > a) out.set(this.partialBin(level)!, (closedBins - a) * ch2);
    return out;
  }
}

function checkLevel(level: number): void {
  if (!Number.isInteger(level) || level < 0 || level >= PEAK_LEVEL_COUNT)
    throw new RangeError(`peak level must be an integer in 0…${PEAK_LEVEL_COUNT - 1}`);
}

/**
 * Reference implementation: one level straight from the raw samples (tests compare the pyramid with it; also
 * what any other producer of peaks must equal).
 */
export function computePeakLevel(interleaved: Float32Array, channels: number, level: number): Int16Array {
  checkLevel(level);
  const spp = PEAK_LEVEL_FRAMES[level];
  const frames = interleaved.length / channels;
  const bins = Math.ceil(frames / spp);
  const out = new Int16Array(bins * channels * 2);
  for (let b = 0; b < bins; b++) {
    const end = Math.min(frames, (b + 1) * spp);
    for (let c = 0; c < channels; c++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let f = b * spp; f < end; f++) {
        const s = interleaved[f * channels + c];
        if (s < lo) lo = s;
        if (s > hi) hi = s;
      }
      out[(b * channels + c) * 2] = quantizePeakMin(lo);
      out[(b * channels + c) * 2 + 1] = quantizePeakMax(hi);
    }
  }
  return out;
}

/**
 * Bins of several channels merged into one mono envelope (min of minima, max of maxima), as Int16
 * [min0, max0, min1, max1, …] — what a waveform draws.
 */
export function mergePeakChannels(bins: Int16Array, channels: number): Int16Array {
  if (channels === 1) return bins;
  const n = bins.length / (channels * 2);
  const out = new Int16Array(n * 2);
  for (let b = 0; b < n; b++) {
    let lo = 32767;
    let hi = -32768;
    for (let c = 0; c < channels; c++) {
      const o = (b * channels + c) * 2;
      if (bins[o] < lo) lo = bins[o]!;
      if (bins[o + 1] > hi) hi = bins[o + 1]!;
    }
    out[b * 2] = lo;
    out[b * 2 + 1] = hi;
  }
  return out;
}

/**
 * Bins of several channels split into one envelope per channel, each Int16 [min0, max0, min1, max1, …] — what a
 * stereo clip draws in two lanes (left above right).
 */
export function splitPeakChannels(bins: Int16Array, channels: number): Int16Array[] {
  if (channels === 1) return [bins];
  const n = Math.floor(bins.length / (channels * 2));
  const out = Array.from({ length: channels }, () => new Int16Array(n * 2));
  for (let b = 0; b < n; b++) {
    for (let c = 0; c < channels; c++) {
      const o = (b * channels + c) * 2;
      out[c][b * 2] = bins[o]!;
      out[c][b * 2 + 1] = bins[o + 1]!;
    }
  }
  return out;
}
