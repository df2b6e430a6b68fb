import { MonoSynth, type Context, type Gain } from "../tone";
import type { MonoSynthOptions } from "tone/build/esm/instrument/MonoSynth.js";
import type { RecursivePartial } from "tone/build/esm/core/util/Interface.js";
import type { Hertz, Seconds } from "../units";
import { ToneInstrument, VoicePool, type InstrumentOptions } from "./instrument";

export interface BassOptions extends InstrumentOptions {
  polyphony: number;
  release: Seconds;
  /** Cutoff of the low-pass filter at rest; its envelope opens it by `filterOctaves` on each note. */
  cutoff: Hertz;
  filterOctaves: number;
}

/** Synth bass: sawtooth through a 24 dB low-pass with a plucky filter envelope; a sharp attack. */
export class BassInstrument extends ToneInstrument<BassOptions, VoicePool<MonoSynth>> {
  readonly name = "bass";
  static readonly defaults: BassOptions = { volume: -8, polyphony: 4, release: 0.12, cutoff: 110, filterOctaves: 3.8 };

  constructor(context: Context, options: Partial<BassOptions> = {}) {
    super(context, BassInstrument.defaults, options);
  }

  protected createVoices(gate: Gain): VoicePool<MonoSynth> {
    const o = this.options;
    const make = () => new MonoSynth({ ...bassVoice(o), context: this.context }).connect(gate);
    return new VoicePool(make, o.polyphony, o.release);
  }
}

/** The Tone voice of the bass (also used by the raw-Tone baseline of the benchmark). */
export function bassVoice(o: BassOptions): RecursivePartial<MonoSynthOptions> {
  return {
    oscillator: { type: "sawtooth" },
    filter: { type: "lowpass", rolloff: -24, Q: 1.5 },
    envelope: { attack: 0.001, attackCurve: "linear", decay: 0.25, sustain: 0.7, release: o.release },
    filterEnvelope: { attack: 0.001, decay: 0.18, sustain: 0.35, release: 0.2, baseFrequency: o.cutoff, octaves: o.filterOctaves, exponent: 2 },
  };
}
