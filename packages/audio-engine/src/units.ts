/**
 * Unit-typed numbers used across the engine (after Tone.js `Units.ts`): plain numbers at run time, named
 * so a signature says what it expects. Pure types — safe to import from Node tests.
 */

/** Time in seconds: timeline seconds (from tick 0 through the TempoMap) or AudioContext seconds, as named. */
export type Seconds = number;
/** Level in decibels relative to full scale / unity gain (0 dB = gain 1). */
export type Decibels = number;
/** A number in [0, 1]. */
export type NormalRange = number;
/** A number in [-1, 1] (pan: -1 left, 0 centre, 1 right). */
export type AudioRange = number;
/** Frequency in hertz. */
export type Hertz = number;
/** Musical time in ticks, PPQ = 960 per quarter note (see the arrangement contract). */
export type Ticks = number;
/** MIDI note number 0..127 (60 = middle C, 69 = A4 = 440 Hz). */
export type MidiPitch = number;
/** MIDI velocity 1..127. */
export type MidiVelocity = number;

/** Equal-tempered frequency of a MIDI pitch, A4 (69) = 440 Hz. */
export function midiToHz(pitch: MidiPitch): Hertz {
  return 440 * Math.pow(2, (pitch - 69) / 12);
}

/** Velocity 1..127 → amplitude factor: a gentle power curve (127 → 1, 64 → ≈0.36, 1 → ≈0.0005). */
export function velocityToGain(velocity: MidiVelocity): NormalRange {
  const v = Math.min(127, Math.max(0, velocity)) / 127;
  return Math.pow(v, 1.5);
}

export function dbToGain(db: Decibels): number {
  return Math.pow(10, db / 20);
}
