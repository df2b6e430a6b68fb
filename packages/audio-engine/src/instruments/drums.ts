import { Filter, MembraneSynth, MetalSynth, NoiseSynth, type Context, type Gain, type ToneAudioNode } from "../tone";
import type { Decibels, Hertz, MidiPitch, NormalRange, Seconds } from "../units";
import { drumPieceForPitch, type DrumPiece } from "./drum-kit";
import { ToneInstrument, type InstrumentOptions, type VoiceSet } from "./instrument";

export interface DrumsOptions extends InstrumentOptions {
  /** Level of each piece relative to the kit. */
  levels: Readonly<Record<DrumPiece, Decibels>>;
  /** Fundamental of the kick after its pitch drop. */
  kickPitch: Hertz;
  /** Tuning of the low, mid and high toms. */
  tomPitches: readonly [Hertz, Hertz, Hertz];
  /** Decay of the open hi-hat (a closed hi-hat chokes it). */
  openHatDecay: Seconds;
}

/** One piece of the kit: a one-shot voice (or two layered), monophonic — a new hit restarts it. */
interface PieceVoice {
  hit(time: Seconds, gain: NormalRange): void;
  /** Cut the piece short (hi-hat choke). */
  choke(time: Seconds): void;
  nodes: ToneAudioNode[];
  lastStart: Seconds;
}

/**
 * A synthesised drum kit on General MIDI percussion pitches (see `DRUM_PIECE_BY_PITCH`): membrane kick and
 * toms, noise-and-body snare, filtered-noise hi-hats (closed chokes open) and tambourine, metallic FM crash,
 * ride and cowbell. Every piece starts with a 1 ms attack, so hits land exactly on their time. Note durations
 * are ignored (one-shots).
 */
export class DrumsInstrument extends ToneInstrument<DrumsOptions, DrumVoices> {
  readonly name = "drums";
  static readonly defaults: DrumsOptions = {
    volume: -6,
    levels: { kick: 0, snare: -3, closedHat: -12, openHat: -12, lowTom: -3, midTom: -3, highTom: -3, crash: -16, ride: -18, tambourine: -14, cowbell: -14 },
    kickPitch: 45,
    tomPitches: [82, 110, 147],
    openHatDecay: 0.35,
  };

  constructor(context: Context, options: Partial<DrumsOptions> = {}) {
    super(context, DrumsInstrument.defaults, options);
  }

  protected createVoices(gate: Gain): DrumVoices {
    return new DrumVoices(this.context, gate, this.options);
  }
}

/** The pieces behind one gate, each made on its first hit. */
export class DrumVoices implements VoiceSet {
  private readonly pieces = new Map<DrumPiece, PieceVoice>();

  constructor(
    private readonly context: Context,
    private readonly gate: Gain,
    private readonly options: DrumsOptions,
  ) {}

  play(pitch: MidiPitch, time: Seconds, _duration: Seconds, gain: NormalRange): void {
    const piece = drumPieceForPitch(pitch);
    if (!piece) return;
    const voice = this.piece(piece);
    if (time <= voice.lastStart) return; // a second hit at the same instant adds nothing (and Tone refuses it)
    if (piece === "closedHat" && this.pieces.has("openHat")) this.pieces.get("openHat")!.choke(time);
    voice.hit(time, gain);
    voice.lastStart = time;
  }

  dispose(): void {
    for (const p of this.pieces.values()) for (const n of p.nodes) n.dispose();
    this.pieces.clear();
  }

  private piece(piece: DrumPiece): PieceVoice {
    let voice = this.pieces.get(piece);
    if (!voice) {
      voice = this.make(piece, this.options.levels[piece]);
      this.pieces.set(piece, voice);
    }
    return voice;
  }

  private make(piece: DrumPiece, volume: Decibels): PieceVoice {
    const context = this.context;
    const o = this.options;
    const membrane = (pitch: Hertz, octaves: number, pitchDecay: Seconds, decay: Seconds): PieceVoice => {
      const synth = new MembraneSynth({
        context,
        volume,
        pitchDecay,
        octaves,
        oscillator: { type: "sine" },
        envelope: { attack: 0.001, attackCurve: "linear", decay, sustain: 0, release: 0.05 },
      }).connect(this.gate);
      return { nodes: [synth], lastStart: -Infinity, hit: (t, g) => synth.triggerAttack(pitch, t, g), choke: (t) => synth.triggerRelease(t) };
    };
    const noise = (highpass: Hertz, decay: Seconds, level: Decibels): { synth: NoiseSynth; filter: Filter } => {
      const filter = new Filter({ context, type: "highpass", frequency: highpass, rolloff: -12 }).connect(this.gate);
      const synth = new NoiseSynth({
        context,
        volume: level,
        noise: { type: "white" },
        envelope: { attack: 0.001, decay, sustain: 0, release: 0.03 },
      }).connect(filter);
      return { synth, filter };
    };
    const metal = (pitch: Hertz, harmonicity: number, modulationIndex: number, resonance: Hertz, decay: Seconds): PieceVoice => {
      const synth = new MetalSynth({
        context,
        volume,
        harmonicity,
        modulationIndex,
        resonance,
        octaves: 1.5,
        envelope: { attack: 0.001, decay, sustain: 0, release: 0.2 },
      }).connect(this.gate);
      return { nodes: [synth], lastStart: -Infinity, hit: (t, g) => synth.triggerAttack(pitch, t, g), choke: (t) => synth.triggerRelease(t) };
    };
    switch (piece) {
      case "kick":
        return membrane(o.kickPitch, 5, 0.045, 0.32);
      case "lowTom":
        return membrane(o.tomPitches[0], 1.5, 0.08, 0.45);
      case "midTom":
        return membrane(o.tomPitches[1], 1.5, 0.07, 0.4);
      case "highTom":
        return membrane(o.tomPitches[2], 1.5, 0.06, 0.35);
      case "snare": {
        const body = new MembraneSynth({
          context,
          volume: volume - 4,
          pitchDecay: 0.02,
          octaves: 1.5,
          oscillator: { type: "sine" },
          envelope: { attack: 0.001, attackCurve: "linear", decay: 0.1, sustain: 0, release: 0.03 },
        }).connect(this.gate);
        const rattle = noise(1500, 0.17, volume);
        return {
          nodes: [body, rattle.synth, rattle.filter],
          lastStart: -Infinity,
          hit: (t, g) => {
            body.triggerAttack(190, t, g);
            rattle.synth.triggerAttack(t, g);
          },
          choke: (t) => {
            body.triggerRelease(t);
            rattle.synth.triggerRelease(t);
          },
        };
      }
      case "closedHat":
      case "openHat": {
        const hat = noise(7500, piece === "closedHat" ? 0.045 : o.openHatDecay, volume);
        return {
          nodes: [hat.synth, hat.filter],
          lastStart: -Infinity,
          hit: (t, g) => hat.synth.triggerAttack(t, g),
          choke: (t) => hat.synth.triggerRelease(t),
        };
      }
      case "tambourine": {
        const jingle = noise(9000, 0.12, volume);
        return {
          nodes: [jingle.synth, jingle.filter],
          lastStart: -Infinity,
          hit: (t, g) => jingle.synth.triggerAttack(t, g),
          choke: (t) => jingle.synth.triggerRelease(t),
        };
      }
      case "cowbell":
        return metal(560, 1.48, 2, 2500, 0.25);
      case "crash":
        return metal(300, 5.1, 40, 5000, 1.4);
      case "ride":
        return metal(520, 3.1, 18, 7000, 0.9);
    }
  }
}
