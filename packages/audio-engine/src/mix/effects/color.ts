import type { EffectId } from "@bandspace/model";
import { DryWet, dbToGain, glide, type AutomationTarget, type EffectEnv, type InsertEffect } from "../effect";

/** Chorus: a short delay per side swept by a sine LFO; the right LFO runs inverted by the spread. */
export class ChorusEffect implements InsertEffect {
  readonly effect: EffectId = "chorus";
  readonly input: GainNode;
  readonly output: GainNode;
  readonly latencySamples = 0;
  private readonly mix: DryWet;
  private readonly lfo: OscillatorNode;
  private readonly delays: DelayNode[] = [];
  private readonly depths: GainNode[] = [];
  private readonly nodes: AudioNode[] = [];
  private first = true;

  constructor(private readonly env: EffectEnv) {
    const c = env.context;
    this.input = c.createGain();
    this.output = c.createGain();
    this.mix = new DryWet(c, this.input, this.output);
    this.lfo = c.createOscillator();
    const split = c.createChannelSplitter(2);
    const merge = c.createChannelMerger(2);
    this.input.connect(split);
    for (let side = 0; side < 2; side++) {
      const d = c.createDelay(0.1);
      const depth = c.createGain();
      this.lfo.connect(depth).connect(d.delayTime);
      split.connect(d, side).connect(merge, 0, side);
      this.delays.push(d);
      this.depths.push(depth);
      this.nodes.push(d, depth);
    }
    merge.connect(this.mix.wet);
    this.lfo.start(0);
    this.nodes.push(split, merge, this.lfo);
  }

  set(p: Readonly<Record<string, number>>): void {
    const c = this.env.context;
    const put = (param: AudioParam, v: number) => (this.first ? (param.value = v) : glide(param, v, c));
    put(this.lfo.frequency, p.rate);
    const depth = p.depth / 1000 / 2;
    put(this.depths[0].gain, depth);
    put(this.depths[1].gain, -depth * (p.spread / 100));
    for (const d of this.delays) put(d.delayTime, p.delay / 1000 + depth);
    this.mix.set(p.mix, this.first);
    this.first = false;
  }

  automationTarget(paramId: string): AutomationTarget | null {
    if (paramId === "rate") return { param: this.lfo.frequency, map: (v) => v };
    if (paramId === "mix") return { param: this.mix.wet.gain, map: (v) => v / 100 };
    return null;
  }

  dispose(): void {
    this.lfo.stop();
    this.input.disconnect();
    this.mix.dispose();
    for (const n of this.nodes) n.disconnect();
    this.output.disconnect();
  }
}

/** The waveshaper curve of a saturation shape over input −1 … 1 (the drive gain comes before it). */
export function saturationCurve(shape: number, points = 2049): Float32Array<ArrayBuffer> {
  const out = new Float32Array(points);
  for (let i = 0; i < points; i++) {
    const x = (i / (points - 1)) * 2 - 1;
    const k = 4 * x;
    out[i] =
      shape === 2
        ? Math.max(-1, Math.min(1, k)) // hard clip
        : shape === 1
          ? (Math.tanh(k + 0.3) - Math.tanh(0.3)) / (1 - Math.tanh(0.3) * 0.5) // tube: asymmetric, even harmonics
          : Math.tanh(k); // tape: symmetric, odd harmonics
  }
  return out;
}

/** Saturation: drive → waveshaper (4× oversampled against aliasing) → tone low-pass → output, with dry/wet. */
export class SaturationEffect implements InsertEffect {
  readonly effect: EffectId = "saturation";
  readonly input: GainNode;
  readonly output: GainNode;
  readonly latencySamples = 0;
  private readonly mix: DryWet;
  private readonly drive: GainNode;
  private readonly shaper: WaveShaperNode;
  private readonly tone: BiquadFilterNode;
  private readonly level: GainNode;
  private shape = -1;
  private first = true;

  constructor(private readonly env: EffectEnv) {
    const c = env.context;
    this.input = c.createGain();
    this.output = c.createGain();
    this.mix = new DryWet(c, this.input, this.output);
    this.drive = c.createGain();
    this.shaper = c.createWaveShaper();
    this.shaper.oversample = "4x";
    this.tone = c.createBiquadFilter();
    this.tone.type = "lowpass";
    this.level = c.createGain();
    this.input.connect(this.drive).connect(this.shaper).connect(this.tone).connect(this.level).connect(this.mix.wet);
  }

  set(p: Readonly<Record<string, number>>): void {
    const c = this.env.context;
    const put = (param: AudioParam, v: number) => (this.first ? (param.value = v) : glide(param, v, c));
    const shape = Math.round(p.shape);
    if (shape !== this.shape) {
      this.shaper.curve = saturationCurve(shape);
      this.shape = shape;
    }
    // The curve's input range is ±1 for a 4× steeper slope: a quarter of the drive gain keeps 0 dB near unity.
    put(this.drive.gain, dbToGain(p.drive) / 4);
    put(this.tone.frequency, p.tone);
    put(this.level.gain, dbToGain(p.output));
    this.mix.set(p.mix, this.first);
    this.first = false;
  }

  automationTarget(paramId: string): AutomationTarget | null {
    if (paramId === "drive") return { param: this.drive.gain, map: (v) => dbToGain(v) / 4, exponential: true };
    if (paramId === "tone") return { param: this.tone.frequency, map: (v) => v };
    if (paramId === "output") return { param: this.level.gain, map: dbToGain, exponential: true };
    if (paramId === "mix") return { param: this.mix.wet.gain, map: (v) => v / 100 };
    return null;
  }

  dispose(): void {
    this.input.disconnect();
    this.mix.dispose();
    for (const n of [this.drive, this.shaper, this.tone, this.level]) n.disconnect();
    this.output.disconnect();
  }
}

/**
 * Utility: gain, stereo width (mid/side: 0 % mono, 100 % as is, 200 % twice the side), mono and L/R swap —
 * one 2×2 gain matrix, so every setting glides.
 */
export class UtilityEffect implements InsertEffect {
  readonly effect: EffectId = "utility";
  readonly input: GainNode;
  readonly output: GainNode;
  readonly latencySamples = 0;
  /** ll, rl, lr, rr: from channel → to channel. */
  private readonly matrix: GainNode[] = [];
  private readonly nodes: AudioNode[] = [];
  private first = true;

  constructor(private readonly env: EffectEnv) {
    const c = env.context;
    this.input = c.createGain();
    this.output = c.createGain();
    const split = c.createChannelSplitter(2);
    const merge = c.createChannelMerger(2);
    this.input.connect(split);
    for (const [from, to] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ] as const) {
      const g = c.createGain();
      split.connect(g, from).connect(merge, 0, to);
      this.matrix.push(g);
    }
    merge.connect(this.output);
    this.nodes.push(split, merge, ...this.matrix);
  }

  set(p: Readonly<Record<string, number>>): void {
    const c = this.env.context;
    const put = (param: AudioParam, v: number) => (this.first ? (param.value = v) : glide(param, v, c));
    const w = p.mono >= 0.5 ? 0 : p.width / 100;
    const same = (1 + w) / 2;
    const other = (1 - w) / 2;
    const swap = p.swap >= 0.5;
    const gain = dbToGain(p.gain);
    const [ll, rl, lr, rr] = swap ? [other, same, same, other] : [same, other, other, same];
    [ll, rl, lr, rr].forEach((v, i) => put(this.matrix[i].gain, v));
    put(this.output.gain, gain);
    this.first = false;
  }

  automationTarget(paramId: string): AutomationTarget | null {
    if (paramId === "gain") return { param: this.output.gain, map: dbToGain, exponential: true };
    return null;
  }

  dispose(): void {
    this.input.disconnect();
    for (const n of this.nodes) n.disconnect();
    this.output.disconnect();
  }
}
