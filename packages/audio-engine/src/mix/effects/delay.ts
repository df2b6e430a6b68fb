import { DELAY_NOTE_VALUES, type EffectId } from "@bandspace/model";
import { DryWet, glide, type AutomationTarget, type EffectEnv, type InsertEffect } from "../effect";
import { BUTTERWORTH_Q_DB } from "./reverb";

/**
 * Delay: one line per side with high- and low-pass filters in its feedback loop (each repeat darker and
 * thinner). Ping-pong is a crossfade of the feedback from "each side to itself" to "each side to the other"
 * (the input summed into the left line), so switching it never rebuilds the graph. Time is milliseconds, or a
 * note value at the song tempo.
 */
export class DelayEffect implements InsertEffect {
  readonly effect: EffectId = "delay";
  readonly input: GainNode;
  readonly output: GainNode;
  readonly latencySamples = 0;
  private readonly mix: DryWet;
  private readonly lines: { delay: DelayNode; hp: BiquadFilterNode; lp: BiquadFilterNode }[] = [];
  private readonly straight: GainNode[] = [];
  private readonly cross: GainNode[] = [];
  private readonly rightIn: GainNode;
  private readonly rightToLeft: GainNode;
  private readonly nodes: AudioNode[] = [];
  private first = true;

  constructor(private readonly env: EffectEnv) {
    const c = env.context;
    this.input = c.createGain();
    this.output = c.createGain();
    this.mix = new DryWet(c, this.input, this.output);
    const split = c.createChannelSplitter(2);
    const merge = c.createChannelMerger(2);
    this.input.connect(split);
    for (let side = 0; side < 2; side++) {
      const delay = c.createDelay(4);
      const hp = c.createBiquadFilter();
      hp.type = "highpass";
      const lp = c.createBiquadFilter();
      lp.type = "lowpass";
      // No resonance in the feedback loop (see BUTTERWORTH_Q_DB): repeats may only fade.
      hp.Q.value = BUTTERWORTH_Q_DB;
      lp.Q.value = BUTTERWORTH_Q_DB;
      delay.connect(hp).connect(lp);
      lp.connect(merge, 0, side);
      this.lines.push({ delay, hp, lp });
      this.nodes.push(delay, hp, lp);
    }
    split.connect(this.lines[0].delay, 0);
    this.rightIn = c.createGain();
    this.rightToLeft = c.createGain();
    split.connect(this.rightIn, 1).connect(this.lines[1].delay);
    split.connect(this.rightToLeft, 1).connect(this.lines[0].delay);
    for (let side = 0; side < 2; side++) {
      const s = c.createGain();
      const x = c.createGain();
      this.lines[side].lp.connect(s).connect(this.lines[side].delay);
      this.lines[side].lp.connect(x).connect(this.lines[1 - side].delay);
      this.straight.push(s);
      this.cross.push(x);
      this.nodes.push(s, x);
    }
    merge.connect(this.mix.wet);
    this.nodes.push(split, merge, this.rightIn, this.rightToLeft);
  }

  /** Delay time in seconds for the parameters at the tempo now. */
  static seconds(p: Readonly<Record<string, number>>, bpm: number): number {
    if (p.sync >= 0.5) return (DELAY_NOTE_VALUES[Math.round(p.note)]?.quarters ?? 0.5) * (60 / bpm);
    return p.time / 1000;
  }

  set(p: Readonly<Record<string, number>>): void {
    const c = this.env.context;
    const put = (param: AudioParam, v: number) => (this.first ? (param.value = v) : glide(param, v, c));
    const time = Math.min(4, DelayEffect.seconds(p, this.env.bpm()));
    const feedback = Math.min(0.98, p.feedback / 100);
    const pp = p.pingPong >= 0.5 ? 1 : 0;
    for (let side = 0; side < 2; side++) {
      const line = this.lines[side];
      put(line.delay.delayTime, time);
      put(line.hp.frequency, p.lowCut);
      put(line.lp.frequency, p.highCut);
      put(this.straight[side].gain, feedback * (1 - pp));
      put(this.cross[side].gain, feedback * pp);
    }
    put(this.rightIn.gain, 1 - pp);
    put(this.rightToLeft.gain, pp);
    this.mix.set(p.mix, this.first);
    this.first = false;
  }

  automationTarget(paramId: string): AutomationTarget | null {
    if (paramId === "mix") return { param: this.mix.wet.gain, map: (v) => v / 100 };
    return null;
  }

  dispose(): void {
    this.input.disconnect();
    this.mix.dispose();
    for (const n of this.nodes) n.disconnect();
    this.output.disconnect();
  }
}
