import type { Context } from "../tone";
import { midiToHz, type Decibels, type MidiPitch, type NormalRange, type Seconds } from "../units";
import { SynthInstrument, type InstrumentOptions, type NoteVoice } from "./instrument";

export interface MetronomeOptions extends InstrumentOptions {
  /** Pitch of the accented downbeat click (default A6, 1760 Hz). */
  accentPitch: MidiPitch;
  /** Pitch of the other beats (default E6, ≈1319 Hz). */
  beatPitch: MidiPitch;
  /** Level of the other beats relative to the downbeat. */
  beatLevel: Decibels;
}

/** The click: a short sine blip, higher and louder on the downbeat. */
export class Metronome extends SynthInstrument<MetronomeOptions> {
  readonly name = "metronome";
  static readonly defaults: MetronomeOptions = {
    volume: -8,
    polyphony: 8,
    accentPitch: 93,
    beatPitch: 88,
    beatLevel: -8,
  };
  static readonly CLICK: Seconds = 0.03;

  constructor(context: Context, options: Partial<MetronomeOptions> = {}) {
    super(context, Metronome.defaults, options);
    this.route();
  }

  /** One click at context time `time`. */
  click(time: Seconds, downbeat: boolean): void {
    const o = this.options;
    // velocity 127 → gain 1; the beat click's velocity is chosen so that its gain is `beatLevel` below.
    const velocity = downbeat ? 127 : 127 * Math.pow(Math.pow(10, o.beatLevel / 20), 1 / 1.5);
    this.triggerNote(downbeat ? o.accentPitch : o.beatPitch, time, Metronome.CLICK, velocity);
  }

  protected voice(pitch: MidiPitch, time: Seconds, duration: Seconds, gain: NormalRange): NoteVoice {
    const osc = this.oscillator("sine", midiToHz(pitch), time, time + duration + 0.01);
    const amp = this.envelope(osc, this.bus, time, duration, gain, {
      attack: 0.001,
      decay: duration,
      sustain: 0,
      release: 0.005,
    });
    return { start: time, end: amp.end, gains: [amp.gain], sources: [osc] };
  }
}
