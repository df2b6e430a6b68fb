import { MULTIBAND_BANDS } from "@bandspace/model";
import { TruePeakLimiter, type MultibandSettings } from "@bandspace/dsp";
import { dbToGain, glide, type AutomationTarget, type EffectEnv, type InsertEffect } from "../effect";

/** Processor names in public/worklets/bandspace-mix.js (built from worklets/master-processors.ts). */
export const MULTIBAND_PROCESSOR = "bandspace-multiband";
export const TRUE_PEAK_LIMITER_PROCESSOR = "bandspace-true-peak-limiter";

/** The multiband table's values (ms, dB, Hz) as the dsp core's settings (seconds, dB, Hz). */
export function multibandSettings(p: Readonly<Record<string, number>>): MultibandSettings {
  const band = (id: string) => ({
    thresholdDb: p[`${id}Threshold`],
    ratio: p[`${id}Ratio`],
    // A soft knee as wide as the single-band compressor's default: gentle on a master.
    kneeDb: 6,
    attackSeconds: p[`${id}Attack`] / 1000,
    releaseSeconds: p[`${id}Release`] / 1000,
    makeupDb: p[`${id}Gain`],
  });
  const [low, mid, high] = MULTIBAND_BANDS.map((b) => band(b.id));
  return { lowHz: p.lowCross, highHz: p.highCross, low, mid, high, outputDb: p.output };
}

export interface TruePeakLimiterSettings {
  ceilingDb: number;
  lookaheadMs: number;
  releaseMs: number;
}

export function truePeakLimiterSettings(p: Readonly<Record<string, number>>): TruePeakLimiterSettings {
  return { ceilingDb: p.ceiling, lookaheadMs: p.lookahead, releaseMs: p.release };
}

/** Gain reduction messages from a worklet: one number (the limiter) or one per band (the multiband). */
type GrMessage = { gainReductionDb: number; bands?: Record<string, number> };

/**
 * The master effects that only exist as packages/dsp cores in a worklet: the multiband compressor and the
 * true-peak limiter. Settings travel by message (the cores read them per block); the limiter's input gain is an
 * AudioParam in front of it (it glides and automates) and its look-ahead is its latency (changing it rebuilds).
 */
export class MasteringEffect implements InsertEffect {
  readonly input: GainNode;
  readonly output: GainNode;
  readonly latencySamples: number;
  private readonly node: AudioWorkletNode | null;
  private grDb = 0;
  private bandGr: Record<string, number> = {};
  private first = true;

  constructor(
    readonly effect: "multiband" | "truePeakLimiter",
    private readonly env: EffectEnv,
    params: Readonly<Record<string, number>>,
  ) {
    const c = env.context;
    this.input = c.createGain();
    this.output = c.createGain();
    if (!env.worklets) {
      // No worklet in this context (it failed to load): pass the signal through rather than go silent.
      this.node = null;
      this.latencySamples = 0;
      this.input.connect(this.output);
      return;
    }
    const limiter = effect === "truePeakLimiter";
    const settings = limiter ? truePeakLimiterSettings(params) : multibandSettings(params);
    this.node = new AudioWorkletNode(c, limiter ? TRUE_PEAK_LIMITER_PROCESSOR : MULTIBAND_PROCESSOR, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [2],
      processorOptions: { settings },
    });
    this.latencySamples = limiter ? TruePeakLimiter.latencyFor(c.sampleRate, params.lookahead) : 0;
    this.input.connect(this.node).connect(this.output);
    this.node.port.onmessage = (e: MessageEvent<GrMessage>) => {
      this.grDb = e.data.gainReductionDb;
      this.bandGr = e.data.bands ?? {};
    };
  }

  /** The limiter's gain reduction, or the deepest band's. */
  get gainReductionDb(): number {
    return this.grDb;
  }

  /** The multiband's gain reduction per band (low, mid, high), dB. */
  get bandGainReductionDb(): Readonly<Record<string, number>> {
    return this.bandGr;
  }

  /** Parameters whose change needs a new node (they change the latency). */
  static rebuildOn(effect: string): readonly string[] {
    return effect === "truePeakLimiter" ? ["lookahead"] : [];
  }

  set(params: Readonly<Record<string, number>>): void {
    if (this.effect === "truePeakLimiter") {
      if (this.first) this.input.gain.value = dbToGain(params.gain ?? 0);
      else glide(this.input.gain, dbToGain(params.gain ?? 0), this.env.context);
      this.node?.port.postMessage(truePeakLimiterSettings(params));
    } else this.node?.port.postMessage(multibandSettings(params));
    this.first = false;
  }

  automationTarget(paramId: string): AutomationTarget | null {
    if (this.effect === "truePeakLimiter" && paramId === "gain")
      return { param: this.input.gain, map: dbToGain, exponential: true };
    return null;
  }

  dispose(): void {
    this.input.disconnect();
    if (this.node) {
      this.node.port.onmessage = null;
      this.node.disconnect();
    }
    this.output.disconnect();
  }
}
