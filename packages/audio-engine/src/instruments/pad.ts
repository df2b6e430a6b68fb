import { Filter, inContext, type Context } from "../tone";
import { midiToHz, type Hertz, type MidiPitch, type NormalRange, type Seconds } from "../units";
import { SynthInstrument, type InstrumentOptions, type NoteVoice } from "./instrument";

export interface PadOptions extends InstrumentOptions {
  attack: Seconds;
  release: Seconds;
  /** Detune spread of the three saws, cents. */
  spread: number;
  /** Cutoff of the shared low-pass. */
  cutoff: Hertz;
}

/** Pad: three detuned saws per note, slow attack and long release, through one shared low-pass (a Tone filter). */
export class PadInstrument extends SynthInstrument<PadOptions> {
  readonly name = "pad";
  static readonly defaults: PadOptions = {
    volume: -16,
    polyphony: 16,
    attack: 0.35,
    release: 1.5,
    spread: 14,
    cutoff: 2200,
  };
  private readonly filter: Filter;

  constructor(context: Context, options: Partial<PadOptions> = {}) {
    super(context, PadInstrument.defaults, options);
    this.filter = inContext(context, () =>
      new Filter({ context, type: "lowpass", frequency: this.options.cutoff, rolloff: -12, Q: 0.7 }).connect(
        this.output,
      ),
    );
    this.route(this.filter);
  }

  protected voice(pitch: MidiPitch, time: Seconds, duration: Seconds, gain: NormalRange): NoteVoice {
    const o = this.options;
    const hz = midiToHz(pitch);
    const end = time + duration + o.release + 0.01;
    const mix = this.raw.createGain();
    mix.gain.value = 1 / 3;
    const saws = [-o.spread, 0, o.spread].map((cents) => {
      const osc = this.oscillator("sawtooth", hz, time, end, cents);
      osc.connect(mix);
      return osc;
    });
    const amp = this.envelope(mix, this.bus, time, duration, 0.5 * gain, {
      attack: o.attack,
      decay: 0.6,
      sustain: 0.75,
      release: o.release,
    });
    return { start: time, end: amp.end, gains: [amp.gain], sources: saws };
  }

  protected disposeShared(): void {
    this.filter.dispose();
  }
}
