import type { Context } from "../tone";
import type { Decibels, Hertz, MidiPitch, NormalRange, Seconds } from "../units";
import { dbToGain } from "../units";
import { drumPieceForPitch, type DrumPiece } from "./drum-kit";
import { SynthInstrument, type InstrumentOptions, type NoteVoice } from "./instrument";
import type { Adsr } from "./envelope";

export interface DrumsOptions extends InstrumentOptions {
  /** Level of each piece relative to the kit. */
  levels: Readonly<Record<DrumPiece, Decibels>>;
  /** Fundamental of the kick after its pitch drop. */
  kickPitch: Hertz;
  /** Tuning of the low, mid and high toms. */
  tomPitches: readonly [Hertz, Hertz, Hertz];
  /** Decay of the open hi-hat (a closed hi-hat chokes it). */
  openHatDecay: Seconds;
  /** Seed of the noise (renders are reproducible). */
  seed: number;
}

const ONE_SHOT = (decay: Seconds): Adsr => ({ attack: 0.001, decay, sustain: 0, release: 0.01 });
/** Frequency ratios of the metallic (cymbal, cowbell) partials: inharmonic, like Tone's MetalSynth. */
const METAL_RATIOS = [1, 1.483, 1.932, 2.546, 2.63, 3.897];

/**
 * A synthesised drum kit on General MIDI percussion pitches (see `DRUM_PIECE_BY_PITCH`): pitch-dropping sine kick
 * and toms, noise-and-body snare, filtered-noise hi-hats (closed chokes open) and tambourine, inharmonic square
 * clusters for crash, ride and cowbell. Every piece starts with a 1 ms attack, so hits land exactly on their
 * time; note durations are ignored (one-shots). The noise is seeded: renders are reproducible.
 */
export class DrumsInstrument extends SynthInstrument<DrumsOptions> {
  readonly name = "drums";
  static readonly defaults: DrumsOptions = {
    volume: -4,
    polyphony: 48,
    levels: {
      kick: 0,
      snare: -3,
      closedHat: -10,
      openHat: -10,
      lowTom: -3,
      midTom: -3,
      highTom: -3,
      crash: -14,
      ride: -16,
      tambourine: -14,
      cowbell: -12,
    },
    kickPitch: 48,
    tomPitches: [82, 110, 147],
    openHatDecay: 0.35,
    seed: 1,
  };
  private readonly noise: AudioBuffer;
  private hits = 0;

  constructor(context: Context, options: Partial<DrumsOptions> = {}) {
    super(context, DrumsInstrument.defaults, options);
    this.noise = whiteNoise(this.raw, 1, this.options.seed);
    this.route();
  }

  protected voice(pitch: MidiPitch, time: Seconds, _duration: Seconds, gain: NormalRange): NoteVoice | null {
    const piece = drumPieceForPitch(pitch);
    if (!piece) return null;
    const o = this.options;
    const level = gain * dbToGain(o.levels[piece]);
    if (piece === "closedHat") for (const open of this.sounding("openHat", time)) this.cut(open, time);
    const voice = ((): Omit<NoteVoice, "tag"> => {
      switch (piece) {
        case "kick":
          return this.membrane(time, o.kickPitch, 5, 0.045, 0.32, level);
        case "lowTom":
          return this.membrane(time, o.tomPitches[0], 1.5, 0.08, 0.45, level * 0.8);
        case "midTom":
          return this.membrane(time, o.tomPitches[1], 1.5, 0.07, 0.4, level * 0.8);
        case "highTom":
          return this.membrane(time, o.tomPitches[2], 1.5, 0.06, 0.35, level * 0.8);
        case "snare": {
          const body = this.membrane(time, 190, 0.6, 0.02, 0.1, level * 0.5);
          const rattle = this.noiseHit(time, "highpass", 1500, 0.17, level * 0.6);
          return {
            start: time,
            end: Math.max(body.end, rattle.end),
            gains: [...body.gains, ...rattle.gains],
            sources: [...body.sources, ...rattle.sources],
          };
        }
        case "closedHat":
          return this.noiseHit(time, "highpass", 7500, 0.045, level);
        case "openHat":
          return this.noiseHit(time, "highpass", 7500, o.openHatDecay, level);
        case "tambourine":
          return this.noiseHit(time, "highpass", 9000, 0.12, level);
        case "crash":
          return this.metal(time, 300, 5000, 1.4, level);
        case "ride":
          return this.metal(time, 520, 7000, 0.9, level);
        case "cowbell":
          return this.metal(time, 560, 2500, 0.25, level, 2);
      }
    })();
    return { ...voice, tag: piece };
  }

  /** A sine whose pitch drops `octaves` to `pitch` within `pitchDecay` (kick, toms, snare body). */
  private membrane(
    time: Seconds,
    pitch: Hertz,
    octaves: number,
    pitchDecay: Seconds,
    decay: Seconds,
    level: number,
  ): NoteVoice {
    const osc = this.oscillator("sine", pitch * Math.pow(2, octaves), time, time + decay + 0.02);
    osc.frequency.setValueAtTime(pitch * Math.pow(2, octaves), time);
    osc.frequency.exponentialRampToValueAtTime(pitch, time + pitchDecay);
    const amp = this.envelope(osc, this.bus, time, 0, level, ONE_SHOT(decay));
    return { start: time, end: amp.end, gains: [amp.gain], sources: [osc] };
  }

  /** Seeded noise through a filter. */
  private noiseHit(time: Seconds, type: BiquadFilterType, frequency: Hertz, decay: Seconds, level: number): NoteVoice {
    const src = this.raw.createBufferSource();
    src.buffer = this.noise;
    src.loop = true;
    // A different, reproducible stretch of the noise for every hit: chosen by the note (its variation) when the
    // caller gives one, so a render that starts part-way plays the same noise; else by a running count.
    this.hits = (this.hits + 1) % 1_000_003;
    const stretch = this.noteVariation ?? (this.hits * 0.618034) % 1;
    src.start(time, stretch * this.noise.duration);
    src.stop(time + decay + 0.02);
    const filter = this.raw.createBiquadFilter();
    filter.type = type;
    filter.frequency.value = frequency;
    src.connect(filter);
    const amp = this.envelope(filter, this.bus, time, 0, level, ONE_SHOT(decay));
    return { start: time, end: amp.end, gains: [amp.gain], sources: [src] };
  }

  /** Inharmonic square partials through a high-pass (cymbals, cowbell). */
  private metal(
    time: Seconds,
    base: Hertz,
    highpass: Hertz,
    decay: Seconds,
    level: number,
    partials = METAL_RATIOS.length,
  ): NoteVoice {
    const filter = this.raw.createBiquadFilter();
    filter.type = "highpass";
    filter.frequency.value = highpass;
    const mix = this.raw.createGain();
    mix.gain.value = 1 / partials;
    const sources = METAL_RATIOS.slice(0, partials).map((r) => {
      const osc = this.oscillator("square", base * r, time, time + decay + 0.02);
      osc.connect(mix);
      return osc;
    });
    mix.connect(filter);
    const amp = this.envelope(filter, this.bus, time, 0, level * 1.5, ONE_SHOT(decay));
    return { start: time, end: amp.end, gains: [amp.gain], sources };
  }
}

/** `seconds` of white noise from a seeded generator (mulberry32). */
export function whiteNoise(raw: BaseAudioContext, seconds: Seconds, seed: number): AudioBuffer {
  const buffer = raw.createBuffer(1, Math.max(1, Math.round(seconds * raw.sampleRate)), raw.sampleRate);
  const data = buffer.getChannelData(0);
  let a = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    data[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return buffer;
}
