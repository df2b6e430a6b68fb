import type { EffectId } from "@bandspace/model";
import type { CompressorSettings, GateSettings, LimiterSettings } from "@bandspace/dsp";
import { dbToGain, glide, type AutomationTarget, type EffectEnv, type InsertEffect } from "../effect";

/** Name of the dynamics processor in public/worklets/bandspace-mix.js (built from worklets/mix-processors.ts). */
export const DYNAMICS_PROCESSOR = "bandspace-dynamics";

const ms = (v: number) => v / 1000;

export function compressorSettings(p: Readonly<Record<string, number>>): CompressorSettings {
  return {
    thresholdDb: p.threshold,
    ratio: p.ratio,
    kneeDb: p.knee,
    attackSeconds: ms(p.attack),
    releaseSeconds: ms(p.release),
    makeupDb: p.makeup,
    mix: p.mix / 100,
  };
}

export function gateSettings(p: Readonly<Record<string, number>>): GateSettings {
  return {
    thresholdDb: p.threshold,
    hysteresisDb: p.hysteresis,
    rangeDb: p.range,
    attackSeconds: ms(p.attack),
    holdSeconds: ms(p.hold),
    releaseSeconds: ms(p.release),
  };
}

export function limiterSettings(p: Readonly<Record<string, number>>): LimiterSettings {
  return { ceilingDb: p.ceiling, lookaheadSeconds: ms(p.lookahead), releaseSeconds: ms(p.release) };
}

/**
 * Compressor, gate and limiter: the packages/dsp cores in an AudioWorkletNode, so the compressor's static curve
 * is exactly the one drawn (a DynamicsCompressorNode adds its own make-up gain and knee) and the limiter is a
 * true lookahead brickwall. The limiter's lookahead is its latency; changing it rebuilds the insert (the
 * mixer sees `rebuildOn` and re-aligns the parallel paths).
 *
 * The node has one input and one output of as many channels as its input (at most two): a mono track stays
 * mono through its inserts, which halves what every node after it costs (a 4× oversampled saturation above
 * all). Only a compressor whose side-chain is wired gets a second input — and with it a fixed stereo output,
 * as Web Audio gives a node with two inputs no output that follows its input.
 */
export class DynamicsEffect implements InsertEffect {
  readonly input: GainNode;
  readonly output: GainNode;
  readonly latencySamples: number;
  readonly sidechain?: GainNode;
  private node: AudioWorkletNode | null;
  private settings: CompressorSettings | GateSettings | LimiterSettings;
  private sidechainOn = false;
  private grDb = 0;
  private first = true;

  constructor(
    readonly effect: Extract<EffectId, "compressor" | "gate" | "limiter">,
    private readonly env: EffectEnv,
    params: Readonly<Record<string, number>>,
  ) {
    const c = env.context;
    this.input = c.createGain();
    this.output = c.createGain();
    this.settings =
      effect === "compressor"
        ? compressorSettings(params)
        : effect === "gate"
          ? gateSettings(params)
          : limiterSettings(params);
    if (!env.worklets) {
      // No worklet in this context (it failed to load): pass the signal through rather than go silent.
      this.node = null;
      this.latencySamples = 0;
      this.input.connect(this.output);
      return;
    }
    this.latencySamples =
      effect === "limiter"
        ? Math.max(1, Math.round((this.settings as LimiterSettings).lookaheadSeconds * c.sampleRate))
        : 0;
    if (effect === "compressor") {
      // The side-chain input is connected only when a source drives it: an input with a connection always
      // delivers channels (silence, if its source is silent), and the processor would then hear only that.
      this.sidechain = c.createGain();
    }
    // The limiter's input gain drives it into the ceiling; it is an AudioParam, so it glides and automates.
    this.node = this.makeNode(false);
  }

  /** A processor node wired between input and output (with a side-chain input, or following its input). */
  private makeNode(withSidechain: boolean): AudioWorkletNode {
    const node = new AudioWorkletNode(this.env.context, DYNAMICS_PROCESSOR, {
      numberOfInputs: withSidechain ? 2 : 1,
      numberOfOutputs: 1,
      // Without outputChannelCount a one-input, one-output node's output has its input's channel count.
      ...(withSidechain ? { outputChannelCount: [2] } : {}),
      channelCount: 2,
      channelCountMode: "clamped-max",
      processorOptions: { kind: this.effect, settings: this.settings },
    });
    this.input.connect(node, 0, 0);
    node.connect(this.output);
    node.port.onmessage = (e: MessageEvent<{ gainReductionDb: number }>) => {
      this.grDb = e.data.gainReductionDb;
    };
    return node;
  }

  get gainReductionDb(): number {
    return this.grDb;
  }

  /** Parameters whose change needs a new node (they change the latency). */
  static rebuildOn(effect: EffectId): readonly string[] {
    return effect === "limiter" ? ["lookahead"] : [];
  }

  set(params: Readonly<Record<string, number>>): void {
    if (this.effect === "limiter") {
      if (this.first) this.input.gain.value = dbToGain(params.gain ?? 0);
      else glide(this.input.gain, dbToGain(params.gain ?? 0), this.env.context);
      this.first = false;
      // Ceiling and release travel by message (the core reads them per block).
      this.settings = limiterSettings(params);
    } else this.settings = this.effect === "compressor" ? compressorSettings(params) : gateSettings(params);
    this.node?.port.postMessage(this.settings);
  }

  automationTarget(paramId: string): AutomationTarget | null {
    if (this.effect === "limiter" && paramId === "gain")
      return { param: this.input.gain, map: dbToGain, exponential: true };
    return null;
  }

  /**
   * Drive the detector from the side-chain input (true) or from the effect's own input (false). Switching
   * replaces the processor node (with or without its second input): its envelope starts afresh, which a
   * routing change may do.
   */
  useSidechain(on: boolean): void {
    if (!this.node || !this.sidechain || on === this.sidechainOn) return;
    this.sidechainOn = on;
    this.sidechain.disconnect();
    this.dropNode(this.node);
    this.node = this.makeNode(on);
    if (on) this.sidechain.connect(this.node, 0, 1);
  }

  private dropNode(node: AudioWorkletNode): void {
    this.input.disconnect(node);
    node.port.onmessage = null;
    node.disconnect();
  }

  dispose(): void {
    this.input.disconnect();
    this.sidechain?.disconnect();
    if (this.node) {
      this.node.port.onmessage = null;
      this.node.disconnect();
    }
    this.output.disconnect();
  }
}
