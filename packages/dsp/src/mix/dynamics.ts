import { compressorGainDb, type CompressorCurve } from "./compressor-curve";
import { dbToGain, gainToDb } from "./gain";

/** A one-pole smoothing coefficient that covers ~63 % of a step in `seconds`. */
export function timeCoefficient(seconds: number, sampleRate: number): number {
  if (seconds <= 0) return 0;
  return Math.exp(-1 / (seconds * sampleRate));
}

export interface CompressorSettings extends CompressorCurve {
  attackSeconds: number;
  releaseSeconds: number;
  makeupDb: number;
  /** Dry/wet, 0 … 1 (parallel compression). */
  mix: number;
}

/**
 * A feed-forward compressor for a worklet: peak level of the linked channels (or of a side-chain) → the static
 * curve (compressor-curve.ts) → gain reduction smoothed in dB with separate attack and release → make-up → mix.
 * Smoothing the gain (not the level) keeps the steady-state gain exactly on the static curve.
 */
export class CompressorCore {
  private settings: CompressorSettings;
  private attack = 0;
  private release = 0;
  private reductionDb = 0;

  constructor(
    settings: CompressorSettings,
    private readonly sampleRate: number,
  ) {
    this.settings = settings;
    this.update(settings);
  }

  update(settings: Partial<CompressorSettings>): void {
    this.settings = { ...this.settings, ...settings };
    this.attack = timeCoefficient(this.settings.attackSeconds, this.sampleRate);
    this.release = timeCoefficient(this.settings.releaseSeconds, this.sampleRate);
  }

  /** The gain reduction now, dB (≤ 0): the GR meter. */
  get gainReductionDb(): number {
    return this.reductionDb;
  }

  /**
   * Processes channels in place. `detector` (same length) is the side-chain's linked peak if there is one;
   * otherwise the channels' own.
   */
  process(channels: Float32Array[], detector?: Float32Array): void {
    const frames = channels[0]?.length ?? 0;
    const makeup = dbToGain(this.settings.makeupDb);
    const wet = Math.min(1, Math.max(0, this.settings.mix));
    let gr = this.reductionDb;
    for (let i = 0; i < frames; i++) {
      let level = 0;
      if (detector) level = Math.abs(detector[i]);
      else for (const ch of channels) level = Math.max(level, Math.abs(ch[i]));
      const target = compressorGainDb(this.settings, gainToDb(level));
      const k = target < gr ? this.attack : this.release;
      gr = target + (gr - target) * k;
      const g = dbToGain(gr) * makeup;
      const factor = 1 - wet + wet * g;
      for (const ch of channels) ch[i] = ch[i] * factor;
    }
    this.reductionDb = gr;
  }
}

export interface LimiterSettings {
  /** Nothing leaves the limiter above this level, dBFS. */
  ceilingDb: number;
  /** How far ahead it looks, seconds: its latency and the length of its gain ramps. */
  lookaheadSeconds: number;
  /** How fast the gain recovers after a peak, seconds. */
  releaseSeconds: number;
}

/**
 * A true brickwall lookahead limiter. The signal is delayed by L samples; the gain for each sample is the
 * mean over L samples of a release-smoothed sliding minimum (over L samples) of the gain every sample needs.
 * Every value averaged for a sample is at most the gain that sample needs, so no sample ever leaves above the
 * ceiling — and the gain still moves as a ramp L samples long, never a step. Channels are linked.
 * The latency is exactly `latencySamples`, reported for delay compensation.
 */
export class LimiterCore {
  readonly latencySamples: number;
  private ceiling: number;
  private release: number;
  private readonly sampleRate: number;
  private readonly window: number;
  /** Input delay line per channel. */
  private readonly delay: Float32Array[];
  private delayIndex = 0;
  /** Needed gains of the last `window` samples, and a monotonic deque of indices for their minimum. */
  private readonly needed: Float64Array;
  private readonly dequeIdx: Int32Array;
  private dequeHead = 0;
  private dequeLen = 0;
  private count = 0;
  /** Release-smoothed minimum history for the moving average. */
  private readonly smoothed: Float64Array;
  private smoothedSum: number;
  private held = 1;
  private lastGain = 1;

  constructor(settings: LimiterSettings, sampleRate: number, channels: number) {
    this.sampleRate = sampleRate;
    this.latencySamples = Math.max(1, Math.round(settings.lookaheadSeconds * sampleRate));
    this.window = this.latencySamples + 1;
    this.ceiling = dbToGain(settings.ceilingDb);
    this.release = timeCoefficient(settings.releaseSeconds, sampleRate);
    this.delay = Array.from({ length: channels }, () => new Float32Array(this.latencySamples));
    this.needed = new Float64Array(this.window).fill(1);
    this.dequeIdx = new Int32Array(this.window);
    this.smoothed = new Float64Array(this.window).fill(1);
    this.smoothedSum = this.window;
  }

  /** The gain applied to the last sample out, dB (≤ 0): the GR meter. */
  get gainReductionDb(): number {
    return gainToDb(this.lastGain);
  }

  /** Ceiling and release may change while running; the lookahead (the latency) may not — make a new core. */
  update(settings: Partial<Pick<LimiterSettings, "ceilingDb" | "releaseSeconds">>): void {
    if (settings.ceilingDb !== undefined) this.ceiling = dbToGain(settings.ceilingDb);
    if (settings.releaseSeconds !== undefined) this.release = timeCoefficient(settings.releaseSeconds, this.sampleRate);
  }

  /** Processes channels in place (the output is the input delayed by `latencySamples`, limited). */
  process(channels: Float32Array[]): void {
    const frames = channels[0]?.length ?? 0;
    const w = this.window;
    for (let i = 0; i < frames; i++) {
      let peak = 0;
      for (const ch of channels) peak = Math.max(peak, Math.abs(ch[i]));
      const need = peak > this.ceiling ? this.ceiling / peak : 1;
      const minimum = this.pushNeeded(need);
      // Release: rise towards 1 exponentially, but never above what the window needs.
      this.held = Math.min(minimum, 1 - (1 - this.held) * this.release);
      const slot = this.count % w;
      this.smoothedSum += this.held - this.smoothed[slot];
      this.smoothed[slot] = this.held;
      this.count++;
      // Recompute the running sum now and then: float drift must never let the mean exceed its parts.
      if (slot === 0) {
        let s = 0;
        for (let j = 0; j < w; j++) s += this.smoothed[j];
        this.smoothedSum = s;
      }
      const gain = Math.min(1, this.smoothedSum / w);
      this.lastGain = gain;
      const di = this.delayIndex;
      for (let c = 0; c < channels.length; c++) {
        const line = this.delay[c];
        const delayed = line[di];
        line[di] = channels[c][i]!;
        // Guard the ceiling against the last ulp of rounding in the mean.
        const y = delayed * gain;
        channels[c][i] = y > this.ceiling ? this.ceiling : y < -this.ceiling ? -this.ceiling : y;
      }
      this.delayIndex = (di + 1) % this.latencySamples;
    }
  }

  /** Adds the newest needed gain and returns the minimum of the last `window` of them. */
  private pushNeeded(need: number): number {
    const w = this.window;
    const n = this.count;
    this.needed[n % w] = need;
    // Drop the oldest index if it left the window, then every newer value that is not smaller.
    if (this.dequeLen > 0 && this.dequeIdx[this.dequeHead] <= n - w) {
      this.dequeHead = (this.dequeHead + 1) % w;
      this.dequeLen--;
    }
    while (this.dequeLen > 0) {
      const tail = (this.dequeHead + this.dequeLen - 1) % w;
      if (this.needed[this.dequeIdx[tail] % w] >= need) this.dequeLen--;
      else break;
    }
    this.dequeIdx[(this.dequeHead + this.dequeLen) % w] = n;
    this.dequeLen++;
    return this.needed[this.dequeIdx[this.dequeHead] % w];
  }
}

export interface GateSettings {
  /** The gate opens when the level rises above this, dBFS. */
  thresholdDb: number;
  /** It closes only when the level falls this far below the threshold (hysteresis against chatter), dB. */
  hysteresisDb: number;
  /** Attenuation when closed, dB (−∞: silence; −10: a gentle expander). */
  rangeDb: number;
  attackSeconds: number;
  holdSeconds: number;
  releaseSeconds: number;
}

/**
 * A noise gate: a peak envelope (instant attack, release over `releaseSeconds`) opens the gate above the
 * threshold and closes it below threshold − hysteresis after `holdSeconds`; the gain glides between 1 and
 * the range with the attack and release times so it never clicks.
 */
export class GateCore {
  private settings: GateSettings;
  private open = false;
  private holdLeft = 0;
  private gain: number;
  private envelope = 0;

  constructor(
    settings: GateSettings,
    private readonly sampleRate: number,
  ) {
    this.settings = settings;
    this.gain = dbToGain(settings.rangeDb);
  }

  update(settings: Partial<GateSettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  get isOpen(): boolean {
    return this.open;
  }

  process(channels: Float32Array[]): void {
    const s = this.settings;
    const frames = channels[0]?.length ?? 0;
    const openAt = dbToGain(s.thresholdDb);
    const closeAt = dbToGain(s.thresholdDb - Math.max(0, s.hysteresisDb));
    const floor = dbToGain(s.rangeDb);
    const attack = timeCoefficient(s.attackSeconds, this.sampleRate);
    const release = timeCoefficient(s.releaseSeconds, this.sampleRate);
    const envRelease = timeCoefficient(0.01, this.sampleRate);
    const holdSamples = Math.round(s.holdSeconds * this.sampleRate);
    for (let i = 0; i < frames; i++) {
      let peak = 0;
      for (const ch of channels) peak = Math.max(peak, Math.abs(ch[i]));
      this.envelope = peak > this.envelope ? peak : this.envelope * envRelease;
      if (this.envelope >= openAt) {
        this.open = true;
        this.holdLeft = holdSamples;
      } else if (this.open && this.envelope < closeAt) {
        if (this.holdLeft > 0) this.holdLeft--;
        else this.open = false;
      }
      const target = this.open ? 1 : floor;
      const k = target > this.gain ? attack : release;
      this.gain = target + (this.gain - target) * k;
      for (const ch of channels) ch[i] = ch[i] * this.gain;
    }
  }
}
