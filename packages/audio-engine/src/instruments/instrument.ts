import { connect, inContext, Volume, type Context, type ToneAudioNode } from "../tone";
import {
  velocityToGain,
  type Decibels,
  type MidiPitch,
  type MidiVelocity,
  type NormalRange,
  type Seconds,
} from "../units";
import { applyEnvelope, planEnvelope, type Adsr, type EnvelopeLevels } from "./envelope";

/** Options every instrument has. */
export interface InstrumentOptions {
  /** Output level of the instrument (0 dB = as voiced). */
  volume: Decibels;
  /** Most notes sounding at once (release tails included); beyond it the oldest note is cut short. */
  polyphony: number;
}

/** The one shape of every instrument: options with defaults, `triggerNote`, `silence`, `dispose`. */
export interface Instrument {
  readonly name: string;
  readonly context: Context;
  /** Connect this to the track's channel. */
  readonly output: ToneAudioNode;
  /**
   * Plays `pitch` from context time `time` for `duration` seconds (one-shot sounds ignore the duration).
   * `variation` in [0, 1), from the note's identity (noteVariation): what varies from hit to hit (which stretch of
   * noise a drum hit plays) follows the note, not the render, so every render of the song sounds the same —
   * whether it starts at the song start or part-way (segmented exports). Without it, a running count is used.
   */
  triggerNote: (pitch: MidiPitch, time: Seconds, duration: Seconds, velocity: MidiVelocity, variation?: number) => void;
  /** Fades out, from context time `time`, everything sounding or already scheduled (pause, stop, seek). */
  silence: (time: Seconds) => void;
  /** Notes not yet finished (scheduled or sounding). */
  readonly activeNotes: number;
  readonly disposed: boolean;
  dispose: () => this;
}

/** The native nodes of one sounding note. */
export interface NoteVoice {
  start: Seconds;
  /** When the note is silent for good (release included). */
  end: Seconds;
  /** Its amplitude envelopes: a cut ramps these to 0. */
  gains: GainNode[];
  sources: AudioScheduledSourceNode[];
  /** Drum piece, for chokes. */
  tag?: string;
}

/** Fade used when a note is cut (silence, voice stealing, hi-hat choke). */
export const CUT_FADE: Seconds = 0.008;

/**
 * Base of every instrument. Each note is a handful of native Web Audio nodes made for it (oscillators or noise,
 * an amplitude envelope, maybe a filter) that end with it — nothing runs between notes, and no oscillator is
 * driven by an audio-rate signal (that puts Chromium's oscillator on a slow path; see the engine README notes).
 * The instrument's bus and output level are Tone nodes in the engine's Tone context. Notes arrive in time order.
 */
export abstract class SynthInstrument<O extends InstrumentOptions> implements Instrument {
  abstract readonly name: string;
  readonly options: Readonly<O>;
  readonly output: Volume;
  /** Native sum of this instrument's notes, feeding `output` (or a subclass's shared effect). */
  protected readonly bus: GainNode;
  protected readonly raw: BaseAudioContext;
  private notes: NoteVoice[] = [];
  /** Voices out of `notes` (ended by the time of a later note, or cut) still attached until they fall silent. */
  private ending: NoteVoice[] = [];
  private wasDisposed = false;

  constructor(
    readonly context: Context,
    defaults: O,
    options: Partial<O> = {},
  ) {
    this.options = { ...defaults, ...options };
    this.raw = context.rawContext;
    this.output = inContext(context, () => new Volume({ context, volume: this.options.volume }));
    this.bus = this.raw.createGain();
  }

  /** Connects the bus to `to` (the output, or a subclass's effect). Call once from the subclass constructor. */
  protected route(to: ToneAudioNode = this.output): void {
    connect(this.bus, to);
  }

  get disposed(): boolean {
    return this.wasDisposed;
  }

  get activeNotes(): number {
    return this.notes.length;
  }

  /** The variation of the note being made (triggerNote), for `voice`; null when none was given. */
  protected noteVariation: number | null = null;

  triggerNote(pitch: MidiPitch, time: Seconds, duration: Seconds, velocity: MidiVelocity, variation?: number): void {
    if (this.wasDisposed) return;
    this.noteVariation = variation ?? null;
    this.prune(time);
    if (this.notes.length >= this.options.polyphony) {
      let oldest: NoteVoice | null = null;
      for (const n of this.notes) if (n.start <= time && (!oldest || n.start < oldest.start)) oldest = n;
      if (!oldest) return;
      this.cut(oldest, time);
      this.notes.splice(this.notes.indexOf(oldest), 1);
    }
    const voice = this.voice(pitch, time, Math.max(0.005, duration), velocityToGain(velocity));
    if (voice) this.notes.push(voice);
  }

  silence(time: Seconds): void {
    for (const n of this.notes) if (n.end > time) this.cut(n, time);
    this.ending.push(...this.notes);
    this.notes = [];
  }

  /** Voices made and not yet detached (what the graph still pulls); for tests and diagnostics. */
  get attachedVoices(): number {
    return this.notes.length + this.ending.length;
  }

  dispose(): this {
    if (this.wasDisposed) return this;
    this.wasDisposed = true;
    for (const n of this.notes) this.release(n);
    for (const n of this.ending) this.release(n);
    this.notes = [];
    this.ending = [];
    this.disposeShared();
    this.bus.disconnect();
    this.output.dispose();
    return this;
  }

  /** Makes the nodes of one note, connected to `this.bus`; null when the pitch plays nothing. */
  protected abstract voice(pitch: MidiPitch, time: Seconds, duration: Seconds, gain: NormalRange): NoteVoice | null;

  /** Disposes what the subclass made besides notes (shared effects). */
  protected disposeShared(): void {}

  /** Notes still sounding at `time` with this tag (drum chokes). */
  protected sounding(tag: string, time: Seconds): NoteVoice[] {
    return this.notes.filter((n) => n.tag === tag && n.end > time && n.start <= time);
  }

  /** Ends a note with a short fade from `time` (before its start: it never sounds). */
  protected cut(n: NoteVoice, time: Seconds): void {
    const at = Math.max(time, 0);
    for (const g of n.gains) {
      g.gain.cancelAndHoldAtTime(at);
      g.gain.linearRampToValueAtTime(0, at + CUT_FADE);
    }
    for (const s of n.sources) s.stop(Math.max(at + CUT_FADE, n.start));
    n.end = Math.min(n.end, at + CUT_FADE);
  }

  /** An amplitude envelope: a GainNode from `input` to `destination`, automated by `adsr`. Returns its end. */
  protected envelope(
    input: AudioNode,
    destination: AudioNode,
    start: Seconds,
    duration: Seconds,
    peak: number,
    adsr: Adsr,
  ): { gain: GainNode; end: Seconds } {
    const gain = this.raw.createGain();
    gain.gain.value = 0;
    const plan = planEnvelope(start, duration, { from: 0, peak, sustain: peak * adsr.sustain, end: 0 }, adsr);
    applyEnvelope(gain.gain, plan);
    input.connect(gain);
    gain.connect(destination);
    return { gain, end: plan.end };
  }

  /** A filter cutoff sweep (base → peak → sustain → base), exponential throughout. */
  protected sweep(
    param: AudioParam,
    start: Seconds,
    duration: Seconds,
    levels: Omit<EnvelopeLevels, "end">,
    adsr: Adsr,
  ): void {
    param.value = levels.from;
    applyEnvelope(param, planEnvelope(start, duration, { ...levels, end: levels.from }, adsr));
  }

  protected oscillator(
    type: OscillatorType | PeriodicWave,
    frequency: number,
    start: Seconds,
    stop: Seconds,
    detune = 0,
  ): OscillatorNode {
    const osc = this.raw.createOscillator();
    if (typeof type === "string") osc.type = type as OscillatorType;
    else osc.setPeriodicWave(type);
    osc.frequency.value = frequency;
    if (detune) osc.detune.value = detune;
    osc.start(start);
    osc.stop(stop);
    return osc;
  }

  private prune(time: Seconds): void {
    let k = 0;
    for (const n of this.notes) {
      if (n.end > time) this.notes[k++] = n;
      else this.ending.push(n);
    }
    this.notes.length = k;
    this.detachSilent();
  }

  /**
   * Disconnects the voices that have finished sounding. A stopped oscillator goes away by itself, but the
   * envelope gain it fed stays connected to the bus, and Chromium pulls every connected node through every
   * render quantum: left attached, each played note would cost CPU for the rest of the session (a 3-minute
   * offline render slowed to a crawl). `time` is a note's start, possibly ahead of the clock: only what has
   * ended by the context's current time is detached.
   */
  private detachSilent(): void {
    const now = this.raw.currentTime;
    let k = 0;
    for (const n of this.ending) {
      if (n.end < now) for (const g of n.gains) g.disconnect();
      else this.ending[k++] = n;
    }
    this.ending.length = k;
  }

  /** Immediately silent and detached (dispose). */
  private release(n: NoteVoice): void {
    for (const g of n.gains) g.disconnect();
    for (const s of n.sources) {
      try {
        s.stop();
      } catch {
        // never started: nothing to stop
      }
    }
  }
}
