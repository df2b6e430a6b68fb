/**
 * A 3-band Linkwitz–Riley crossover (24 dB/octave): each split is a pair of cascaded Butterworth biquads, low and
 * high, whose outputs sum to an all-pass. With two splits the bands only sum flat if every band sees both
 * splits' phase: the low band therefore also passes the upper split's all-pass (LR4 low + high at f is exactly
 * the second-order all-pass at f with Q = 1/√2, under the same bilinear transform), so
 * low + mid + high = AP(f₂)·AP(f₁)·x — flat magnitude, whatever the frequencies.
 */
import { designBiquad, type BiquadCoefficients } from "../mix/biquad";

const BUTTERWORTH_Q = Math.SQRT1_2;

/** The second-order all-pass at `frequency` (RBJ cookbook), the sum of an LR4 low- and high-pass there. */
export function designAllpass(frequency: number, q: number, sampleRate: number): BiquadCoefficients {
  const f = Math.min((sampleRate / 2) * 0.999, Math.max(1, frequency));
  const w0 = (2 * Math.PI * f) / sampleRate;
  const alpha = Math.sin(w0) / (2 * q);
  const cos = Math.cos(w0);
  const a0 = 1 + alpha;
  return { b0: (1 - alpha) / a0, b1: (-2 * cos) / a0, b2: (1 + alpha) / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

/** One biquad with its own state (transposed direct form II, in double precision). */
class Stage {
  private z1 = 0;
  private z2 = 0;
  constructor(public c: BiquadCoefficients) {}
  tick(x: number): number {
    const c = this.c;
    const y = c.b0 * x + this.z1;
    this.z1 = c.b1 * x - c.a1 * y + this.z2;
    this.z2 = c.b2 * x - c.a2 * y;
    // Flush denormals: a silent tail would otherwise crawl through subnormal numbers.
    if (Math.abs(this.z1) < 1e-30) this.z1 = 0;
    if (Math.abs(this.z2) < 1e-30) this.z2 = 0;
    return y;
  }
}

/** Per channel: LR4 low and high at f₁, LR4 low and high at f₂ (on the upper part), all-pass at f₂ on the low. */
class ChannelSplit {
  readonly low1 = [new Stage(ZERO), new Stage(ZERO)];
  readonly high1 = [new Stage(ZERO), new Stage(ZERO)];
  readonly low2 = [new Stage(ZERO), new Stage(ZERO)];
  readonly high2 = [new Stage(ZERO), new Stage(ZERO)];
  readonly allpass2 = new Stage(ZERO);
}

const ZERO: BiquadCoefficients = { b0: 1, b1: 0, b2: 0, a1: 0, a2: 0 };

export interface CrossoverFrequencies {
  /** Low/mid split, Hz. */
  lowHz: number;
  /** Mid/high split, Hz (kept above the low split). */
  highHz: number;
}

export class ThreeBandCrossover {
  private readonly splits: ChannelSplit[];
  private freq: CrossoverFrequencies = { lowHz: 0, highHz: 0 };

  constructor(
    channels: number,
    private readonly sampleRate: number,
    frequencies: CrossoverFrequencies,
  ) {
    this.splits = Array.from({ length: channels }, () => new ChannelSplit());
    this.setFrequencies(frequencies);
  }

  /** New split points; the filter states are kept, so a moving crossover does not click. */
  setFrequencies(f: CrossoverFrequencies): void {
    const nyquist = this.sampleRate / 2;
    const lowHz = Math.min(nyquist * 0.45, Math.max(10, f.lowHz));
    const highHz = Math.min(nyquist * 0.9, Math.max(lowHz * 1.05, f.highHz));
    if (lowHz === this.freq.lowHz && highHz === this.freq.highHz) return;
    this.freq = { lowHz, highHz };
    const lp1 = designBiquad({ kind: "lowpass", frequency: lowHz, gainDb: 0, q: BUTTERWORTH_Q }, this.sampleRate);
    const hp1 = designBiquad({ kind: "highpass", frequency: lowHz, gainDb: 0, q: BUTTERWORTH_Q }, this.sampleRate);
    const lp2 = designBiquad({ kind: "lowpass", frequency: highHz, gainDb: 0, q: BUTTERWORTH_Q }, this.sampleRate);
    const hp2 = designBiquad({ kind: "highpass", frequency: highHz, gainDb: 0, q: BUTTERWORTH_Q }, this.sampleRate);
    const ap2 = designAllpass(highHz, BUTTERWORTH_Q, this.sampleRate);
    for (const s of this.splits) {
      for (const st of s.low1) st.c = lp1;
      for (const st of s.high1) st.c = hp1;
      for (const st of s.low2) st.c = lp2;
      for (const st of s.high2) st.c = hp2;
      s.allpass2.c = ap2;
    }
  }

  get frequencies(): CrossoverFrequencies {
    return this.freq;
  }

  /** Splits `input` (planar) into three bands of the same shape; the bands sum to an all-passed input. */
  split(input: ArrayLike<number>[], low: Float32Array[], mid: Float32Array[], high: Float32Array[], frames: number) {
    for (let c = 0; c < this.splits.length; c++) {
      const s = this.splits[c];
      const x = input[c];
      const lo = low[c];
      const mi = mid[c];
      const hi = high[c];
      for (let i = 0; i < frames; i++) {
        const v = x[i];
        const l = s.allpass2.tick(s.low1[1].tick(s.low1[0].tick(v)));
        const upper = s.high1[1].tick(s.high1[0].tick(v));
        lo[i] = l;
        mi[i] = s.low2[1].tick(s.low2[0].tick(upper));
        hi[i] = s.high2[1].tick(s.high2[0].tick(upper));
      }
    }
  }
}
