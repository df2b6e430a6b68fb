import { bytesToFloat32LE } from "./wav";

/**
 * Waveform peaks: for every `samplesPerPeak` frames, the min and max of each channel. Computed
 * incrementally while a take streams in (chunks need not align with peak bins), so the server
 * computes them once and never re-reads the audio.
 *
 * Storage layout (`toFloat32()`): bin-major, then channel, then [min, max]:
 * [b0c0min, b0c0max, b0c1min, b0c1max, b1c0min, …]. The last bin may cover fewer frames.
 */
export class PeakAccumulator {
  private readonly bins: number[] = [];
  private curMin: Float64Array;
  private curMax: Float64Array;
  private inBin = 0;
  private totalFrames = 0;

  constructor(
    readonly channels: number,
    readonly samplesPerPeak: number,
  ) {
    if (!Number.isInteger(channels) || channels < 1) throw new RangeError("channels must be a positive integer");
    if (!Number.isInteger(samplesPerPeak) || samplesPerPeak < 1)
      throw new RangeError("samplesPerPeak must be a positive integer");
    this.curMin = new Float64Array(channels).fill(Infinity);
    this.curMax = new Float64Array(channels).fill(-Infinity);
  }

  get frames(): number {
    return this.totalFrames;
  }

  /** Adds interleaved samples (length a multiple of channels). */
  push(interleaved: Float32Array): void {
    const ch = this.channels;
    if (interleaved.length % ch !== 0) throw new RangeError("sample count is not a multiple of the channel count");
    const frames = interleaved.length / ch;
    for (let f = 0; f < frames; f++) {
      const base = f * ch;
      for (let c = 0; c < ch; c++) {
        const s = interleaved[base + c];
        if (s < this.curMin[c]) this.curMin[c] = s;
        if (s > this.curMax[c]) this.curMax[c] = s;
      }
      if (++this.inBin === this.samplesPerPeak) this.closeBin();
    }
    this.totalFrames += frames;
  }

  /** Adds little-endian Float32 interleaved bytes. */
  pushBytes(bytes: Uint8Array): void {
    this.push(bytesToFloat32LE(bytes));
  }

  private closeBin(): void {
    for (let c = 0; c < this.channels; c++) {
      this.bins.push(this.curMin[c], this.curMax[c]);
      this.curMin[c] = Infinity;
      this.curMax[c] = -Infinity;
    }
    this.inBin = 0;
  }

  /** Number of bins including a partial last one. */
  get binCount(): number {
    return this.bins.length / (2 * this.channels) + (this.inBin > 0 ? 1 : 0);
  }

  /** All bins so far (the partial last bin included) in the storage layout. */
  toFloat32(): Float32Array {
    const out = new Float32Array(this.binCount * 2 * this.channels);
    out.set(this.bins);
    if (this.inBin > 0) {
      let o = this.bins.length;
      for (let c = 0; c < this.channels; c++) {
        out[o++] = this.curMin[c]!;
        out[o++] = this.curMax[c]!;
      }
    }
    return out;
  }
}

/** Splits the storage layout into per-channel [min0, max0, min1, max1, …] arrays. */
export function peaksByChannel(flat: Float32Array, channels: number): number[][] {
  const bins = flat.length / (2 * channels);
  const out = Array.from({ length: channels }, () => new Array<number>(bins * 2));
  for (let b = 0; b < bins; b++) {
    for (let c = 0; c < channels; c++) {
      const o = (b * channels + c) * 2;
      out[c][b * 2] = flat[o]!;
      out[c][b * 2 + 1] = flat[o + 1]!;
    }
  }
  return out;
}

/** Reference implementation over a whole signal (tests compare the incremental one with it). */
export function computePeaks(interleaved: Float32Array, channels: number, samplesPerPeak: number): Float32Array {
  const acc = new PeakAccumulator(channels, samplesPerPeak);
  acc.push(interleaved);
  return acc.toFloat32();
}
