import type { Context } from "../tone";
import { midiToHz, type Hertz, type MidiPitch, type NormalRange, type Seconds } from "../units";
import { SynthInstrument, type InstrumentOptions, type NoteVoice } from "./instrument";

export interface BassOptions extends InstrumentOptions {
  release: Seconds;
  /** Cutoff of the low-pass at rest; its envelope opens it by `filterOctaves` on each note. */
  cutoff: Hertz;
  filterOctaves: number;
  /** Resonance of the low-pass. */
  resonance: number;
}

/** Synth bass: a sawtooth through a resonant low-pass with a plucky envelope; a 1 ms attack. */
export class BassInstrument extends SynthInstrument<BassOptions> {
  readonly name = "bass";
  static readonly defaults: BassOptions = {
    volume: -6,
    polyphony: 6,
    release: 0.1,
    cutoff: 140,
    filterOctaves: 3.6,
    resonance: 3,
  };

  constructor(context: Context, options: Partial<BassOptions> = {}) {
    super(context, BassInstrument.defaults, options);
    this.route();
  }

  protected voice(pitch: MidiPitch, time: Seconds, duration: Seconds, gain: NormalRange): NoteVoice {
    const o = this.options;
    const adsr = { attack: 0.001, decay: 0.25, sustain: 0.7, release: o.release };
    const end = time + duration + o.release + 0.01;
    const saw = this.oscillator("sawtooth", midiToHz(pitch), time, end);
    const filter = this.raw.createBiquadFilter();
    filter.type = "lowpass";
    filter.Q.value = o.resonance;
    const peak = o.cutoff * Math.pow(2, o.filterOctaves * (0.6 + 0.4 * gain));
    this.sweep(
      filter.frequency,
      time,
      duration,
      { from: o.cutoff, peak, sustain: o.cutoff * Math.pow(2, o.filterOctaves * 0.3) },
      { attack: 0.001, decay: 0.18, sustain: 0, release: o.release },
    );
    saw.connect(filter);
    const amp = this.envelope(filter, this.bus, time, duration, 0.5 * gain, adsr);
    return { start: time, end: amp.end, gains: [amp.gain], sources: [saw] };
  }
}
