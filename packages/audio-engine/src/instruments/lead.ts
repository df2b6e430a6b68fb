import { MonoSynth, type Context, type Gain } from "../tone";
import type { MonoSynthOptions } from "tone/build/esm/instrument/MonoSynth.js";
import type { RecursivePartial } from "tone/build/esm/core/util/Interface.js";
import type { Hertz, Seconds } from "../units";
import { ToneInstrument, VoicePool, type InstrumentOptions } from "./instrument";

export interface LeadOptions extends InstrumentOptions {
  polyphony: number;
  release: Seconds;
  cutoff: Hertz;
}

/** Lead: square wave through a resonant low-pass with a filter envelope. */
export class LeadInstrument extends ToneInstrument<LeadOptions, VoicePool<MonoSynth>> {
  readonly name = "lead";
  static readonly defaults: LeadOptions = { volume: -14, polyphony: 4, release: 0.25, cutoff: 500 };

  constructor(context: Context, options: Partial<LeadOptions> = {}) {
    super(context, LeadInstrument.defaults, options);
  }

  protected createVoices(gate: Gain): VoicePool<MonoSynth> {
    const o = this.options;
    const make = () => new MonoSynth({ ...leadVoice(o), context: this.context }).connect(gate);
    return new VoicePool(make, o.polyphony, o.release);
  }
}

/** The Tone voice of the lead (also used by the raw-Tone baseline of the benchmark). */
export function leadVoice(o: LeadOptions): RecursivePartial<MonoSynthOptions> {
  return {
    oscillator: { type: "square" },
    filter: { type: "lowpass", rolloff: -24, Q: 4 },
    envelope: { attack: 0.005, attackCurve: "linear", decay: 0.2, sustain: 0.6, release: o.release },
    filterEnvelope: { attack: 0.005, decay: 0.3, sustain: 0.5, release: 0.3, baseFrequency: o.cutoff, octaves: 3, exponent: 2 },
  };
}
