import { Synth, type Context, type Gain } from "../tone";
import type { Decibels, MidiPitch, Seconds } from "../units";
import { ToneInstrument, VoicePool, type InstrumentOptions } from "./instrument";

export interface MetronomeOptions extends InstrumentOptions {
  /** Pitch of the accented downbeat click (default A6, 1760 Hz). */
  accentPitch: MidiPitch;
  /** Pitch of the other beats (default E6, ≈1319 Hz). */
  beatPitch: MidiPitch;
  /** Level of the other beats relative to the downbeat. */
  beatLevel: Decibels;
}

/** The click: a short sine blip, higher and louder on the downbeat. */
export class Metronome extends ToneInstrument<MetronomeOptions, VoicePool<Synth>> {
  readonly name = "metronome";
  static readonly defaults: MetronomeOptions = { volume: -8, accentPitch: 93, beatPitch: 88, beatLevel: -8 };
  static readonly CLICK: Seconds = 0.03;

  constructor(context: Context, options: Partial<MetronomeOptions> = {}) {
    super(context, Metronome.defaults, options);
  }

  /** One click at context time `time`. */
  click(time: Seconds, downbeat: boolean): void {
    const o = this.options;
    // velocity 127 → gain 1; the beat click's velocity is chosen so that its gain is `beatLevel` below.
    const velocity = downbeat ? 127 : 127 * Math.pow(Math.pow(10, o.beatLevel / 20), 1 / 1.5);
    this.triggerNote(downbeat ? o.accentPitch : o.beatPitch, time, Metronome.CLICK, velocity);
  }

  protected createVoices(gate: Gain): VoicePool<Synth> {
    const make = () =>
      new Synth({
        context: this.context,
        oscillator: { type: "sine" },
        envelope: { attack: 0.001, attackCurve: "linear", decay: 0.03, sustain: 0, release: 0.01 },
      }).connect(gate);
    return new VoicePool(make, 4, 0.05);
  }
}
