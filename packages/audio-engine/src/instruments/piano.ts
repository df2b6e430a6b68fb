import type { Context } from "../tone";
import { midiToHz, type MidiPitch, type NormalRange, type Seconds } from "../units";
import { SynthInstrument, type InstrumentOptions, type NoteVoice } from "./instrument";

export interface PianoOptions extends InstrumentOptions {
  /** Time for a held middle-C to fade to its sustain level (higher notes fade faster). */
  decay: Seconds;
  /** Release after the key is let go. */
  release: Seconds;
  /** Level of the bright hammer partials at the strike, relative to the body (0..1). */
  brightness: NormalRange;
}

/**
 * Piano-like poly synth: per note a warm body tone (a few harmonics) decaying over `decay`, plus the bright upper
 * partials of the strike decaying fast — so the attack is bright and mellows as the note rings.
 */
export class PianoInstrument extends SynthInstrument<PianoOptions> {
  readonly name = "piano";
  static readonly defaults: PianoOptions = { volume: -8, polyphony: 32, decay: 1.6, release: 0.35, brightness: 0.6 };
  private readonly body: PeriodicWave;
  private readonly hammer: PeriodicWave;

  constructor(context: Context, options: Partial<PianoOptions> = {}) {
    super(context, PianoInstrument.defaults, options);
    this.body = wave(this.raw, [1, 0.42, 0.2, 0.11, 0.06, 0.035, 0.02]);
    this.hammer = wave(this.raw, [0, 0.3, 0.45, 0.4, 0.33, 0.26, 0.2, 0.15, 0.11, 0.08, 0.06, 0.04]);
    this.route();
  }

  protected voice(pitch: MidiPitch, time: Seconds, duration: Seconds, gain: NormalRange): NoteVoice {
    const o = this.options;
    const hz = midiToHz(pitch);
    const decay = o.decay * Math.pow(2, -(pitch - 60) / 24);
    const release = o.release;
    const end = time + duration + release + 0.01;
    const bodyOsc = this.oscillator(this.body, hz, time, end);
    const strikeOsc = this.oscillator(this.hammer, hz, time, end);
    const body = this.envelope(bodyOsc, this.bus, time, duration, 0.5 * gain, {
      attack: 0.002,
      decay,
      sustain: 0.1,
      release,
    });
    const strike = this.envelope(strikeOsc, this.bus, time, duration, 0.5 * gain * o.brightness * (0.5 + 0.5 * gain), {
      attack: 0.002,
      decay: Math.min(0.3, decay / 3),
      sustain: 0.03,
      release,
    });
    return {
      start: time,
      end: Math.max(body.end, strike.end),
      gains: [body.gain, strike.gain],
      sources: [bodyOsc, strikeOsc],
    };
  }
}

/** A PeriodicWave from harmonic amplitudes (sine phase), index 0 = fundamental. */
export function wave(raw: BaseAudioContext, harmonics: number[]): PeriodicWave {
  const real = new Float32Array(harmonics.length + 1);
  const imag = new Float32Array(harmonics.length + 1);
  harmonics.forEach((a, i) => (imag[i + 1] = a));
  return raw.createPeriodicWave(real, imag, { disableNormalization: false });
}
