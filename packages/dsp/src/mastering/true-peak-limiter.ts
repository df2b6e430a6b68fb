/**
 * Look-ahead true-peak limiter: the output's true peak (4× oversampled, BS.1770 Annex 2) stays at or under the
 * ceiling. Pure TypeScript on planar blocks, streaming, so the export worker (and later the master strip's
 * worklet) run the same code the tests measure.
 *
 * How: each frame's peak is taken from the oversampled signal (the interpolator of `TruePeakDetector`, all channels
 * linked), giving the gain that frame needs (ceiling / peak, at most 1). The applied gain is the minimum of that
 * over a look-ahead window, released slowly, then averaged over a box a few frames shorter than that window. An
 * average of window minima that all contain a frame's need is never above it, so the gain is down in time, with a
 * smooth (box-shaped) attack instead of a step. The windows overlap on 5 detector steps around each output frame
 * (its interpolated neighbourhood), and audio is delayed by the box length plus the interpolator's centre.
 */
import { designInterpolator, TRUE_PEAK_FACTOR } from "../loudness/true-peak";

export interface TruePeakLimiterOptions {
  sampleRate: number;
  channels: number;
  /** Ceiling in dBTP, e.g. −1. */
  ceilingDb: number;
  /** Look-ahead (and attack) in milliseconds; default 5. */
  lookaheadMs?: number;
  /** Release time constant in milliseconds; default 80. */
  releaseMs?: number;
}

/**
 * Aim this far under the ceiling. Our 4× detector can under-read a peak that falls between its points (≤ 0.2 dB for
 * content up to fs/4), and ffmpeg's ebur128 (upsampling to 192 kHz with its own resampler) read exports of limited
 * drum mixes up to 0.25 dB above our meter at 44.1 kHz: the exported file must stay under the ceiling by theirs too.
 */
const SAFETY_DB = 0.5;
/**
 * Detector steps each output frame is protected against: every interpolated instant whose value it contributes to
 * (the interpolator's whole support, ±taps/2 frames) — so ringing next to an abrupt edge is covered too.
 */
const SPAN_EXTRA = 1;

export class TruePeakLimiter {
  readonly channels: number;
  /** Frames between input and output. */
  readonly latency: number;
  private ceiling: number;
  /** Box (attack) length in frames; the minimum runs over `window + span − 1` frames. */
  private readonly window: number;
  private readonly minWindow: number;
  private releaseCoeff: number;
  private readonly sampleRate: number;
  private readonly phases: Float64Array[];
  private readonly taps: number;
  /** Per channel: the last `taps` inputs (doubled ring) for the interpolator. */
  private readonly hist: Float64Array[];
  private histPos = 0;
  /** Per channel: the delay line from input to output. */
  private readonly delay: Float64Array[];
  private delayPos = 0;
  /** Monotonic deque of (index, need) for the sliding minimum over the window. */
  private readonly dqIndex: Float64Array;
  private readonly dqValue: Float64Array;
  private dqHead = 0;
  private dqTail = 0;
  private readonly boxRing: Float64Array;
  private boxPos = 0;
  private boxSum: number;
  private released = 1;
  private frame = 0;
  private minGain = 1;
  private lastGain = 1;

  constructor(o: TruePeakLimiterOptions) {
    this.channels = o.channels;
    this.sampleRate = o.sampleRate;
    this.ceiling = Math.pow(10, (o.ceilingDb - SAFETY_DB) / 20);
    this.window = Math.max(1, Math.round(((o.lookaheadMs ?? 5) / 1000) * o.sampleRate));
    this.releaseCoeff = Math.exp(-1 / (((o.releaseMs ?? 80) / 1000) * o.sampleRate));
    this.phases = designInterpolator(TRUE_PEAK_FACTOR);
    this.taps = this.phases[0].length;
    this.hist = Array.from({ length: o.channels }, () => new Float64Array(2 * this.taps));
    // The interpolator's output for the newest input describes the signal ~taps/2 − ½ frames back. Every box
    // value lies under the needs of the `span` detector steps ending `window` frames back; centre them on the
    // output frame: steps f … f+span−1 describe frames f − taps/2 … f + taps/2.
    const span = this.taps + SPAN_EXTRA;
    this.minWindow = this.window + span - 1;
    this.latency = this.window + span - 2;
    this.delay = Array.from({ length: o.channels }, () => new Float64Array(this.latency + 1));
    this.dqIndex = new Float64Array(this.minWindow + 1);
    this.dqValue = new Float64Array(this.minWindow + 1);
    this.boxRing = new Float64Array(this.window).fill(1);
    this.boxSum = this.window;
  }

  /** Frames a limiter with these options delays its input by (known before one is built: delay compensation). */
  static latencyFor(sampleRate: number, lookaheadMs = 5): number {
    const window = Math.max(1, Math.round((lookaheadMs / 1000) * sampleRate));
    return window + designInterpolator(TRUE_PEAK_FACTOR)[0].length + SPAN_EXTRA - 2;
  }

  /** Ceiling and release may change while it runs (a master insert's knobs); the look-ahead is its latency. */
  update(o: { ceilingDb?: number; releaseMs?: number }): void {
    if (o.ceilingDb !== undefined) this.ceiling = Math.pow(10, (o.ceilingDb - SAFETY_DB) / 20);
    if (o.releaseMs !== undefined) this.releaseCoeff = Math.exp(-1 / ((o.releaseMs / 1000) * this.sampleRate));
  }

  /** The gain applied to the latest frame, dB (≤ 0): the GR meter. */
  get gainReductionDb(): number {
    return 20 * Math.log10(this.lastGain);
  }

  /** Lowest gain applied so far (dB ≤ 0): how hard the limiter worked. */
  get maxReductionDb(): number {
    return 20 * Math.log10(this.minGain);
  }

  /**
   * Processes `frames` frames of planar input into `output` (may be the same arrays), delayed by `latency`.
   * Feed `latency` frames of silence at the end (see `flush`) to get the last input frames out.
   */
  process(input: ArrayLike<number>[], output: Float32Array[], frames: number): void {
    this.applyPeaks(input, this.detect(input, frames), 1, output, frames);
  }

  /**
   * Step 1 alone: the linked true peak per frame (around the frame the interpolator is centred on). Split out so
   * analysis can run several gains on one detection: the peak of g·x is g times the peak of x.
   */
  detect(input: ArrayLike<number>[], frames: number): Float64Array {
    const n = this.channels;
    const taps = this.taps;
    const phases = this.phases;
    const peaks = new Float64Array(frames);
    for (let i = 0; i < frames; i++) {
      let peak = 0;
      const pos = this.histPos;
      for (let c = 0; c < n; c++) {
        const h = this.hist[c];
        const x = input[c][i];
        h[pos] = x;
        h[pos + taps] = x;
        for (let p = 0; p < phases.length; p++) {
          const coeffs = phases[p];
          let acc = 0;
          for (let t = 0; t < taps; t++) acc += coeffs[t] * h[pos + taps - t];
          const a = acc < 0 ? -acc : acc;
          if (a > peak) peak = a;
        }
      }
      this.histPos = pos + 1 === taps ? 0 : pos + 1;
      peaks[i] = peak;
    }
    return peaks;
  }

  /**
   * Steps 2–5 for input scaled by `inputGain`, given the unscaled input's peaks from `detect` (of any limiter
   * with the same options, fed the same input): output = delayed input × inputGain × limiter gain.
   */
  applyPeaks(
    input: ArrayLike<number>[],
    peaks: Float64Array,
    inputGain: number,
    output: Float32Array[],
    frames: number,
  ): void {
    const n = this.channels;
    const w = this.window;
    const mw = this.minWindow;
    const cap = this.dqIndex.length;
    const len = this.delay[0].length;
    for (let i = 0; i < frames; i++) {
      const peak = peaks[i] * inputGain;
      const need = peak > this.ceiling ? this.ceiling / peak : 1;
      // 2. Sliding minimum of the need over the last `mw` frames.
      const idx = this.frame;
      while (this.dqTail !== this.dqHead && this.dqValue[(this.dqTail - 1 + cap) % cap] >= need)
        this.dqTail = (this.dqTail - 1 + cap) % cap;
      this.dqIndex[this.dqTail] = idx;
      this.dqValue[this.dqTail] = need;
      this.dqTail = (this.dqTail + 1) % cap;
      while (this.dqIndex[this.dqHead] <= idx - mw) this.dqHead = (this.dqHead + 1) % cap;
      const windowMin = this.dqValue[this.dqHead];
      // 3. Release: fall at once, recover exponentially (never above the window minimum).
      const rel = 1 - (1 - this.released) * this.releaseCoeff;
      this.released = rel < windowMin ? rel : windowMin;
      // 4. Box average over the window: a smooth attack that still arrives in time.
      this.boxSum += this.released - this.boxRing[this.boxPos];
      this.boxRing[this.boxPos] = this.released;
      this.boxPos = this.boxPos + 1 === w ? 0 : this.boxPos + 1;
      const gain = Math.min(1, this.boxSum / w);
      if (gain < this.minGain) this.minGain = gain;
      this.lastGain = gain;
      // 5. Output the delayed input with that gain.
      const d = this.delayPos;
      const readPos = d + 1 === len ? 0 : d + 1;
      const g = gain * inputGain;
      for (let c = 0; c < n; c++) {
        const line = this.delay[c];
        line[d] = input[c][i]!;
        output[c][i] = line[readPos] * g;
      }
      this.delayPos = readPos;
      this.frame++;
    }
  }

  /** The last `latency` frames: feeds silence through and returns what comes out. */
  flush(): Float32Array[] {
    const silence = Array.from({ length: this.channels }, () => new Float32Array(this.latency));
    const out = Array.from({ length: this.channels }, () => new Float32Array(this.latency));
    this.process(silence, out, this.latency);
    return out;
  }
}
