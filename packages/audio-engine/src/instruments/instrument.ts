import { Gain, inContext, Volume, type Context, type Monophonic, type ToneAudioNode } from "../tone";
import { midiToHz, velocityToGain, type Decibels, type MidiPitch, type MidiVelocity, type NormalRange, type Seconds } from "../units";

/** Options every instrument has. */
export interface InstrumentOptions {
  /** Output level of the instrument (0 dB = as voiced). */
  volume: Decibels;
}

/** The one shape of every instrument: options with defaults, `triggerNote`, `silence`, `dispose`. */
export interface Instrument {
  readonly name: string;
  readonly context: Context;
  /** Connect this to the track's channel. */
  readonly output: ToneAudioNode;
  /** Plays `pitch` from context time `time` for `duration` seconds (one-shot sounds ignore the duration). */
  triggerNote(pitch: MidiPitch, time: Seconds, duration: Seconds, velocity: MidiVelocity): void;
  /** Fades out, from context time `time`, everything sounding or already scheduled (pause, stop, seek). */
  silence(time: Seconds): void;
  readonly disposed: boolean;
  dispose(): this;
}

/** The voices behind one gate: made fresh after every `silence`, so nothing scheduled before it can sound. */
export interface VoiceSet {
  /** `gain` is the velocity as an amplitude factor. */
  play(pitch: MidiPitch, time: Seconds, duration: Seconds, gain: NormalRange): void;
  dispose(): void;
}

interface Bank<V extends VoiceSet> {
  gate: Gain;
  voices: V;
}

/** Length of the fade a `silence` applies (no click). */
export const SILENCE_FADE: Seconds = 0.01;
/** A silenced bank is disposed this long after its fade (covers notes already handed to Web Audio). */
const RETIRE_AFTER: Seconds = 0.5;
/** Shortest note an instrument plays. */
const MIN_DURATION: Seconds = 0.005;

/**
 * Base of every instrument. Voices live in a bank behind a gate; `silence(t)` fades that gate out at `t` and
 * retires the bank (disposed shortly after), and the next note builds a fresh one — so notes already handed
 * to Web Audio ahead of time (the scheduler's look-ahead) can be cancelled without reaching into Tone's
 * envelopes. Every Tone call runs inside `inContext` (see tone.ts).
 */
export abstract class ToneInstrument<O extends InstrumentOptions, V extends VoiceSet> implements Instrument {
  abstract readonly name: string;
  readonly options: Readonly<O>;
  readonly output: Volume;
  private bank: Bank<V> | null = null;
  private readonly retiring = new Map<Bank<V>, number>();
  private wasDisposed = false;

  constructor(
    readonly context: Context,
    defaults: O,
    options: Partial<O> = {},
  ) {
    this.options = { ...defaults, ...options };
    this.output = inContext(context, () => new Volume({ context, volume: this.options.volume }));
  }

  get disposed(): boolean {
    return this.wasDisposed;
  }

  /** Where each bank's gate connects; an instrument with a shared effect returns that effect's input. */
  protected get voiceBus(): ToneAudioNode {
    return this.output;
  }

  /** Makes the voices of a new bank, connected to `gate`. */
  protected abstract createVoices(gate: Gain): V;

  triggerNote(pitch: MidiPitch, time: Seconds, duration: Seconds, velocity: MidiVelocity): void {
    if (this.wasDisposed) return;
    inContext(this.context, () => {
      this.currentBank().voices.play(pitch, time, Math.max(duration, MIN_DURATION), velocityToGain(velocity));
    });
  }

  silence(time: Seconds): void {
    const bank = this.bank;
    if (!bank || this.wasDisposed) return;
    this.bank = null;
    inContext(this.context, () => {
      bank.gate.gain.cancelAndHoldAtTime(time);
      bank.gate.gain.linearRampToValueAtTime(0, time + SILENCE_FADE);
    });
    const delay = Math.max(0, time - this.context.currentTime) + SILENCE_FADE + RETIRE_AFTER;
    this.retiring.set(bank, this.context.setTimeout(() => this.disposeBank(bank), delay));
  }

  dispose(): this {
    if (this.wasDisposed) return this;
    this.wasDisposed = true;
    for (const [bank, id] of this.retiring) {
      this.context.clearTimeout(id);
      this.disposeBank(bank);
    }
    if (this.bank) this.disposeBank(this.bank);
    this.bank = null;
    this.disposeShared();
    this.output.dispose();
    return this;
  }

  /** Disposes what the subclass made besides banks (shared effects). */
  protected disposeShared(): void {}

  private currentBank(): Bank<V> {
    if (!this.bank) {
      const gate = new Gain({ context: this.context, gain: 1 });
      gate.connect(this.voiceBus);
      this.bank = { gate, voices: this.createVoices(gate) };
    }
    return this.bank;
  }

  private disposeBank(bank: Bank<V>): void {
    this.retiring.delete(bank);
    bank.voices.dispose();
    bank.gate.dispose();
  }
}

interface Slot<T> {
  voice: T;
  /** Context time when the voice's last note (release included) has ended. */
  busyUntil: Seconds;
  lastStart: Seconds;
}

/**
 * Polyphony over Tone's monophonic voices (`Synth`, `FMSynth`, `MonoSynth` …), created on demand up to
 * `polyphony`. A voice is free once its last note's release has ended; when none is, the one ending soonest
 * is taken over (Tone's envelope restarts from its current level, no click). Notes arrive in time order.
 */
export class VoicePool<T extends Monophonic<any>> implements VoiceSet {
  private readonly slots: Slot<T>[] = [];

  constructor(
    private readonly create: () => T,
    private readonly polyphony: number,
    /** Release time of a voice, seconds. */
    private readonly release: Seconds,
  ) {}

  get size(): number {
    return this.slots.length;
  }

  play(pitch: MidiPitch, time: Seconds, duration: Seconds, gain: NormalRange): void {
    const slot = this.allocate(time);
    if (!slot) return; // every voice started at this very instant: drop (cannot happen below `polyphony` notes)
    slot.voice.triggerAttack(midiToHz(pitch), time, gain);
    slot.voice.triggerRelease(time + duration);
    slot.lastStart = time;
    slot.busyUntil = time + duration + this.release;
  }

  private allocate(time: Seconds): Slot<T> | null {
    let best: Slot<T> | null = null;
    for (const s of this.slots) {
      if (s.busyUntil <= time && s.lastStart < time && (!best || s.busyUntil < best.busyUntil)) best = s;
    }
    if (best) return best;
    if (this.slots.length < this.polyphony) {
      const slot: Slot<T> = { voice: this.create(), busyUntil: -Infinity, lastStart: -Infinity };
      this.slots.push(slot);
      return slot;
    }
    for (const s of this.slots) {
      if (s.lastStart < time && (!best || s.busyUntil < best.busyUntil)) best = s;
    }
    return best;
  }

  dispose(): void {
    for (const s of this.slots) s.voice.dispose();
    this.slots.length = 0;
  }
}
