import type { EffectId } from "@bandspace/model";

/**
 * One insert effect as the engine plays it: a native sub-graph between `input` and `output`, driven by the
 * parameter table of its effect (packages/model mix/effects). Built synchronously (an offline render never
 * waits for an effect), changed only through `set` (parameters glide), and honest about its latency so the
 * mixer can delay parallel paths (plugin delay compensation).
 */
export interface InsertEffect {
  readonly effect: EffectId;
  readonly input: AudioNode;
  readonly output: AudioNode;
  /** Samples the output lags the input (a lookahead limiter); 0 for the rest. */
  readonly latencySamples: number;
  /** Applies parameter values (every parameter of the effect, as the model reads them), gliding from now. */
  set: (params: Readonly<Record<string, number>>) => void;
  /**
   * The AudioParam automation of `paramId` drives and how a value in the parameter's unit maps onto it, or null
   * when the parameter is not a plain AudioParam (it is then followed at block rate through `set`).
   */
  automationTarget: (paramId: string) => AutomationTarget | null;
  /** A side-chain input (compressor only). */
  readonly sidechain?: AudioNode;
  /** Latest gain reduction in dB (≤ 0), for a GR meter; compressor and limiter only. */
  readonly gainReductionDb?: number;
  dispose: () => void;
}

export interface AutomationTarget {
  param: AudioParam;
  /** Parameter-unit value → AudioParam value. */
  map: (value: number) => number;
  /** Segments that are linear in the parameter's unit are exponential in the AudioParam (dB → gain). */
  exponential?: boolean;
}

export interface EffectEnv {
  context: BaseAudioContext;
  /** Song tempo now, for tempo-synced delays. */
  bpm: () => number;
  /** Whether the mixer worklet module is loaded in this context (dynamics then use it). */
  worklets: boolean;
  /** Give every strip a peak/RMS meter (live engines; offline renders skip them). */
  meters?: boolean;
}

/**
 * Parameter moves glide over this long: a bandmate's knob arrives as a stream of small steps, and a jump in a
 * gain or a filter coefficient mid-waveform is an audible click (zipper noise).
 */
export const PARAM_GLIDE = 0.02;

/** Moves an AudioParam to `value` from now with an exponential approach (within 5 % after PARAM_GLIDE). */
export function glide(param: AudioParam, value: number, context: BaseAudioContext): void {
  const now = context.currentTime;
  param.cancelScheduledValues(now);
  if (now === 0) {
    // Nothing has played yet (a render being prepared): there is nothing to glide from.
    param.value = value;
    return;
  }
  param.setTargetAtTime(value, now, PARAM_GLIDE / 3);
}

/** Sets a value at once (construction, or a render's first sample: nothing to glide from). */
export function setNow(param: AudioParam, value: number): void {
  param.value = value;
}

export const dbToGain = (db: number) => (db <= -200 ? 0 : Math.pow(10, db / 20));

/**
 * A dry/wet mixer around a wet path: input → dry → output, input → wet path → wetGain → output. The dry gain
 * joins the graph only once some dry is wanted (an unconnected node still costs a pull in every quantum).
 */
export class DryWet {
  readonly dry: GainNode;
  readonly wet: GainNode;
  private dryFed = false;
  constructor(
    private readonly context: BaseAudioContext,
    private readonly input: AudioNode,
    private readonly output: AudioNode,
  ) {
    this.dry = context.createGain();
    this.wet = context.createGain();
    this.wet.connect(output);
  }
  /** 0 … 100 %: equal-gain (the wet and dry of one source are correlated). At 100 % the dry path is unfed. */
  set(percent: number, first: boolean): void {
    const w = Math.min(1, Math.max(0, percent / 100));
    const needDry = w < 1 || !first;
    if (needDry && !this.dryFed) {
      this.input.connect(this.dry).connect(this.output);
      this.dryFed = true;
    }
    if (first) {
      this.wet.gain.value = w;
      this.dry.gain.value = 1 - w;
    } else {
      glide(this.wet.gain, w, this.context);
      glide(this.dry.gain, 1 - w, this.context);
    }
  }
  dispose(): void {
    this.dry.disconnect();
    this.wet.disconnect();
  }
}
