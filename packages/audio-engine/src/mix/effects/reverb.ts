import type { EffectId } from "@bandspace/model";
import { DryWet, glide, type AutomationTarget, type EffectEnv, type InsertEffect } from "../effect";

/** 20·log10(1/√2): a pass filter with no resonance peak (its gain never exceeds 1 inside a feedback loop). */
export const BUTTERWORTH_Q_DB = -3.0103;

/** Comb delays (seconds at size 100 %), mutually prime in samples so their echoes do not pile up. */
const COMBS_LEFT = [0.0297, 0.0371, 0.0411, 0.0437, 0.0253, 0.0323];
const COMBS_RIGHT = [0.0307, 0.0383, 0.0419, 0.0451, 0.0263, 0.0337];

/**
 * Algorithmic reverb (Schroeder–Moorer): a pre-delay, then per side six parallel feedback combs with a damping
 * low-pass in each loop, then two all-pass filters for diffusion. Built from native nodes at once — no
 * impulse response computed asynchronously — so an offline render has its reverb from the first sample.
 * Each comb's feedback gain is 10^(−3·delay/decay), which makes its echoes fall by 60 dB in `decay`.
 */
export class ReverbEffect implements InsertEffect {
  readonly effect: EffectId = "reverb";
  readonly input: GainNode;
  readonly output: GainNode;
  readonly latencySamples = 0;
  private readonly mix: DryWet;
  private readonly lowCut: BiquadFilterNode;
  private readonly predelay: DelayNode;
  private readonly combs: { delay: DelayNode; damp: BiquadFilterNode; feedback: GainNode; base: number }[] = [];
  private readonly nodes: AudioNode[] = [];
  private first = true;

  constructor(private readonly env: EffectEnv) {
    const c = env.context;
    this.input = c.createGain();
    this.output = c.createGain();
    this.mix = new DryWet(c, this.input, this.output);
    this.lowCut = c.createBiquadFilter();
    this.lowCut.type = "highpass";
    // The tank is fed in mono: each side's combs were summed into one channel of the merger anyway, which
    // takes (L + R) / 2 — the same sum, taken before the combs (they are linear), halves the tank's work.
    this.lowCut.channelCount = 1;
    this.lowCut.channelCountMode = "explicit";
    this.predelay = c.createDelay(1);
    const merger = c.createChannelMerger(2);
    const send = c.createGain();
    send.gain.value = 0.12; // six combs summed: keep the wet level near the dry level
    this.input.connect(this.lowCut).connect(this.predelay).connect(send);
    [COMBS_LEFT, COMBS_RIGHT].forEach((set, side) => {
      const sum = c.createGain();
      for (const base of set) {
        const delay = c.createDelay(1);
        const damp = c.createBiquadFilter();
        damp.type = "lowpass";
        // Butterworth (Q in dB for Web Audio's passes): the default Q of 1 dB peaks +1.1 dB at the corner,
        // which lifts a long comb's loop gain above 1 — it would ring up to infinity.
        damp.Q.value = BUTTERWORTH_Q_DB;
        const feedback = c.createGain();
        send.connect(delay);
        delay.connect(damp).connect(feedback).connect(delay);
        delay.connect(sum);
        this.combs.push({ delay, damp, feedback, base });
        this.nodes.push(delay, damp, feedback);
      }
      let node: AudioNode = sum;
      for (const f of [1050 + side * 40, 3400 + side * 90]) {
        const ap = c.createBiquadFilter();
        ap.type = "allpass";
        ap.frequency.value = f;
        node = node.connect(ap);
        this.nodes.push(ap);
      }
      node.connect(merger, 0, side);
      this.nodes.push(sum);
    });
    merger.connect(this.mix.wet);
    this.nodes.push(merger, send, this.lowCut, this.predelay);
  }

  set(p: Readonly<Record<string, number>>): void {
    const c = this.env.context;
    const size = 0.5 + p.size / 100;
    const decay = p.decay / 1000;
    const put = (param: AudioParam, v: number) => (this.first ? (param.value = v) : glide(param, v, c));
    put(this.predelay.delayTime, p.predelay / 1000);
    put(this.lowCut.frequency, p.lowCut);
    for (const comb of this.combs) {
      const d = comb.base * size;
      // The size sets the comb lengths; changing them while running would sweep pitch: set, do not glide.
      comb.delay.delayTime.value = d;
      put(comb.feedback.gain, Math.pow(10, (-3 * d) / decay));
      put(comb.damp.frequency, p.damping);
    }
    this.mix.set(p.mix, this.first);
    this.first = false;
  }

  automationTarget(paramId: string): AutomationTarget | null {
    if (paramId === "mix") return { param: this.mix.wet.gain, map: (v) => v / 100 };
    if (paramId === "lowCut") return { param: this.lowCut.frequency, map: (v) => v };
    return null;
  }

  dispose(): void {
    this.input.disconnect();
    this.mix.dispose();
    for (const n of this.nodes) n.disconnect();
    this.output.disconnect();
  }
}
