/**
 * Musical keys: a tonic spelled the way musicians write it, and a mode. We keep the spelling the user chose
 * (F# and Gb are the same pitch class but different keys on a chart), limited to the 17 common spellings.
 */
export const PITCH_CLASS_NAMES = [
  "C",
  "C#",
  "Db",
  "D",
  "D#",
  "Eb",
  "E",
  "F",
  "F#",
  "Gb",
  "G",
  "G#",
  "Ab",
  "A",
  "A#",
  "Bb",
  "B",
] as const;
export type PitchClassName = (typeof PITCH_CLASS_NAMES)[number];

export const KEY_MODES = ["major", "minor"] as const;
export type KeyMode = (typeof KEY_MODES)[number];

export interface MusicalKey {
  tonic: PitchClassName;
  mode: KeyMode;
}

export const DEFAULT_KEY: MusicalKey = { tonic: "C", mode: "major" };

const PITCH_CLASS_SET: ReadonlySet<string> = new Set(PITCH_CLASS_NAMES);

export function isPitchClassName(value: unknown): value is PitchClassName {
  return typeof value === "string" && PITCH_CLASS_SET.has(value);
}

export function isMusicalKey(value: unknown): value is MusicalKey {
  if (typeof value !== "object" || value === null) return false;
  const { tonic, mode } = value as { tonic?: unknown; mode?: unknown };
  return isPitchClassName(tonic) && (mode === "major" || mode === "minor");
}

/** "F# minor". */
export function formatKey(key: MusicalKey): string {
  return `${key.tonic} ${key.mode}`;
}

/** Semitones above C (C = 0 … B = 11), for transposition and the audio engine later. */
export function pitchClassNumber(tonic: PitchClassName): number {
  const natural = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 }[tonic[0] as "C"];
  const accidental = tonic[1] === "#" ? 1 : tonic[1] === "b" ? -1 : 0;
  return (natural + accidental + 12) % 12;
}

const MAJOR_WORDS = new Set(["", "maj", "major", "ionian"]);
const MINOR_WORDS = new Set(["m", "min", "minor", "aeolian", "-"]);

/**
 * Reads what a musician types for a key: "F#m", "F# minor", "f#min", "Bb major", "B♭", "Ebm", "A-".
 * The letter may be lower case; a bare tonic is major ("bb" is B♭ major — we do not use the classical
 * "lower case means minor" convention, because a songwriter typing "e" means E). A single capital "M"
 * after the tonic is major, as in chord symbols ("CM"). Spellings outside the 17 common ones
 * (E#, Cb, double sharps) and anything else unrecognised give null.
 */
export function parseKey(text: string): MusicalKey | null {
  if (typeof text !== "string") return null;
  const normalized = text.trim().replace(/♯/g, "#").replace(/♭/g, "b").replace(/\s+/g, " ");
  const m = /^([A-Ga-g])([#b]?)\s?(.*)$/.exec(normalized);
  if (!m) return null;
  const tonic = m[1].toUpperCase() + m[2];
  if (!isPitchClassName(tonic)) return null;
  const rest = m[3];
  if (rest === "M") return { tonic, mode: "major" };
  const word = rest.toLowerCase();
  if (MAJOR_WORDS.has(word)) return { tonic, mode: "major" };
  if (MINOR_WORDS.has(word)) return { tonic, mode: "minor" };
  return null;
}
