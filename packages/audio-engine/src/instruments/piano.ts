import { FMSynth, type Context, type Gain } from "../tone";
import type { FMSynthOptions } from "tone/build/esm/instrument/FMSynth.js";
import type { RecursivePartial } from "tone/build/esm/core/util/Interface.js";
import type { Seconds } from "../units";
import { ToneInstrument, VoicePool, type InstrumentOptions } from "./instrument";

export interface PianoOptions extends InstrumentOptions {
  /** Most notes sounding at once (release tails included). */
  polyphony: number;
  /** Time for a held note to fade to its sustain level. */
  decay: Seconds;
  /** Release after the key is let go. */
  release: Seconds;
  /** Brightness of the hammer: FM modulation index at the strike. */
  brightness: number;
}

/** Piano-like: a two-operator FM voice with a fast strike and a bright attack that mellows as it decays. */
export class PianoInstrument extends ToneInstrument<PianoOptions, VoicePool<FMSynth>> {
  readonly name = "piano";
  static readonly defaults: PianoOptions = { volume: -10, polyphony: 24, decay: 1.6, release: 0.4, brightness: 3.5 };

  constructor(context: Context, options: Partial<PianoOptions> = {}) {
    super(context, PianoInstrument.defaults, options);
  }

  protected createVoices(gate: Gain): VoicePool<FMSynth> {
    const o = this.options;
    const make = () => new FMSynth({ ...pianoVoice(o), context: this.context }).connect(gate);
    return new VoicePool(make, o.polyphony, o.release);
  }
}

/** The Tone voice of the piano (also used by the raw-Tone baseline of the benchmark). */
export function pianoVoice(o: PianoOptions): RecursivePartial<FMSynthOptions> {
  return {
    harmonicity: 2,
    modulationIndex: o.brightness,
    oscillator: { type: "sine" },
    modulation: { type: "sine" },
    envelope: { attack: 0.002, attackCurve: "linear", decay: o.decay, sustain: 0.08, release: o.release },
    modulationEnvelope: { attack: 0.002, attackCurve: "linear", decay: o.decay * 0.3, sustain: 0.2, release: o.release },
  };
}
