import { Filter, inContext, Synth, type Context, type Gain, type ToneAudioNode } from "../tone";
import type { SynthOptions } from "tone/build/esm/instrument/Synth.js";
import type { RecursivePartial } from "tone/build/esm/core/util/Interface.js";
import type { Hertz, Seconds } from "../units";
import { ToneInstrument, VoicePool, type InstrumentOptions } from "./instrument";

export interface PadOptions extends InstrumentOptions {
  polyphony: number;
  attack: Seconds;
  release: Seconds;
  /** Detune spread of the three saws, cents. */
  spread: number;
  /** Cutoff of the shared low-pass. */
  cutoff: Hertz;
}

/** Pad: three detuned saws per voice, slow attack and long release, through one shared low-pass. */
export class PadInstrument extends ToneInstrument<PadOptions, VoicePool<Synth>> {
  readonly name = "pad";
  static readonly defaults: PadOptions = { volume: -18, polyphony: 12, attack: 0.35, release: 1.5, spread: 24, cutoff: 2200 };
  private readonly filter: Filter;

  constructor(context: Context, options: Partial<PadOptions> = {}) {
    super(context, PadInstrument.defaults, options);
    this.filter = inContext(context, () =>
      new Filter({ context, type: "lowpass", frequency: this.options.cutoff, rolloff: -12, Q: 0.7 }).connect(this.output),
    );
  }

  protected get voiceBus(): ToneAudioNode {
    return this.filter;
  }

  protected createVoices(gate: Gain): VoicePool<Synth> {
    const o = this.options;
    const make = () => new Synth({ ...padVoice(o), context: this.context }).connect(gate);
    return new VoicePool(make, o.polyphony, o.release);
  }

  protected disposeShared(): void {
    this.filter.dispose();
  }
}

/** The Tone voice of the pad (also used by the raw-Tone baseline of the benchmark). */
export function padVoice(o: PadOptions): RecursivePartial<SynthOptions> {
  return {
    oscillator: { type: "fatsawtooth", count: 3, spread: o.spread },
    envelope: { attack: o.attack, attackCurve: "linear", decay: 0.6, sustain: 0.75, release: o.release },
  };
}
