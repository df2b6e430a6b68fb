import type { Context } from "../tone";
import { midiToHz, type Hertz, type MidiPitch, type NormalRange, type Seconds } from "../units";
import { SynthInstrument, type InstrumentOptions, type NoteVoice } from "./instrument";

export interface LeadOptions extends InstrumentOptions {
  release: Seconds;
  /** Cutoff of the low-pass at rest. */
  cutoff: Hertz;
  /** Detune between the two square waves, cents. */
  detune: number;
}

/** Lead: two slightly detuned square waves through a resonant low-pass with a filter envelope. */
export class LeadInstrument extends SynthInstrument<LeadOptions> {
  readonly name = "lead";
  static readonly defaults: LeadOptions = { volume: -14, polyphony: 8, release: 0.2, cutoff: 600, detune: 7 };

  constructor(context: Context, options: Partial<LeadOptions> = {}) {
    super(context, LeadInstrument.defaults, options);
    this.route();
  }

  protected voice(pitch: MidiPitch, time: Seconds, duration: Seconds, gain: NormalRange): NoteVoice {
    const o = this.options;
    const hz = midiToHz(pitch);
    const end = time + duration + o.release + 0.01;
    const a = this.oscillator("square", hz, time, end, -o.detune / 2);
    const b = this.oscillator("square", hz, time, end, o.detune / 2);
    const filter = this.raw.createBiquadFilter();
    filter.type = "lowpass";
    filter.Q.value = 4;
    this.sweep(
      filter.frequency,
      time,
      duration,
      { from: o.cutoff, peak: o.cutoff * 8, sustain: o.cutoff * 3 },
      { attack: 0.005, decay: 0.3, sustain: 0, release: o.release },
    );
    a.connect(filter);
    b.connect(filter);
    const amp = this.envelope(filter, this.bus, time, duration, 0.35 * gain, {
      attack: 0.005,
      decay: 0.2,
      sustain: 0.7,
      release: o.release,
    });
    return { start: time, end: amp.end, gains: [amp.gain], sources: [a, b] };
  }
}
