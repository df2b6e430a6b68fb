import { gainToDb } from "./gain";

export interface MeterOptions {
  sampleRate: number;
  /** Peak fall-back after the hold, dB per second (the bar falls, it does not drop). */
  peakReleaseDbPerSecond?: number;
  /** How long the peak-hold line stays at the highest peak before it falls with the bar, seconds. */
  peakHoldSeconds?: number;
  /** RMS integration window, seconds (300 ms: the common "VU-like" window). */
  rmsWindowSeconds?: number;
  /** A sample at or above this absolute value lights the clip light (which stays until `resetClip`). */
  clipLevel?: number;
}

export interface MeterReading {
  /** Falling peak bar, dBFS (−∞ for silence). */
  peakDb: number;
  /** Peak-hold line, dBFS. */
  holdDb: number;
  /** RMS over the window, dBFS (a full-scale sine reads −3.01). */
  rmsDb: number;
  clipped: boolean;
}

/**
 * Meter ballistics for one channel: an instant-attack peak that falls at a fixed dB rate, a peak-hold line, a
 * sliding-window RMS and a latched clip light. Fed blocks of samples (a worklet's 128-frame quanta, or a whole
 * buffer in tests); read whenever the display wants a frame.
 */
export class MeterBallistics {
  private readonly sampleRate: number;
  private readonly releasePerSample: number;
  private readonly holdSamples: number;
  private readonly clipLevel: number;
  private readonly squares: Float64Array;
  private squareSum = 0;
  private squareIndex = 0;
  private peak = -Infinity;
  private hold = -Infinity;
  private holdAge = 0;
  private clip = false;

  constructor(options: MeterOptions) {
    this.sampleRate = options.sampleRate;
    this.releasePerSample = (options.peakReleaseDbPerSecond ?? 20) / this.sampleRate;
    this.holdSamples = Math.round((options.peakHoldSeconds ?? 1.5) * this.sampleRate);
    this.clipLevel = options.clipLevel ?? 1;
    this.squares = new Float64Array(Math.max(1, Math.round((options.rmsWindowSeconds ?? 0.3) * this.sampleRate)));
  }

  process(block: Float32Array): void {
    const n = this.squares.length;
    for (let i = 0; i < block.length; i++) {
      const x = block[i];
      const a = Math.abs(x);
      if (a >= this.clipLevel) this.clip = true;
      const db = gainToDb(a);
      this.peak = db >= this.peak ? db : this.peak - this.releasePerSample;
      if (db >= this.hold) {
        this.hold = db;
        this.holdAge = 0;
      } else if (++this.holdAge > this.holdSamples) {
        this.hold = Math.max(this.peak, this.hold - this.releasePerSample);
      }
      const sq = x * x;
      this.squareSum += sq - this.squares[this.squareIndex];
      this.squares[this.squareIndex] = sq;
      this.squareIndex = (this.squareIndex + 1) % n;
    }
    // The running sum drifts by rounding; recompute it once per window so a long session stays exact.
    if (this.squareIndex < block.length) {
      let s = 0;
      for (let i = 0; i < n; i++) s += this.squares[i];
      this.squareSum = s;
    }
  }

  read(): MeterReading {
    const n = this.squares.length;
    const rms = Math.sqrt(Math.max(0, this.squareSum) / n);
    return { peakDb: this.peak, holdDb: this.hold, rmsDb: gainToDb(rms), clipped: this.clip };
  }

  /** The clip light stays lit until someone clicks it. */
  resetClip(): void {
    this.clip = false;
  }
}
