import { pitchClassNumber, type MusicalKey, type PitchClassName } from "../musical-key";

/**
 * MIDI key signatures (meta 0x59: sharps −7..7 and major/minor) ⇄ the song key. Cb major and its minor
 * relative's spellings we do not list are read as their enharmonic (Cb → B); export writes the signature with
 * the fewest accidentals for the key's pitch class.
 */
const MAJOR: readonly PitchClassName[] = [
  "B",
  "Gb",
  "Db",
  "Ab",
  "Eb",
  "Bb",
  "F",
  "C",
  "G",
  "D",
  "A",
  "E",
  "B",
  "F#",
  "C#",
];
const MINOR: readonly PitchClassName[] = [
  "Ab",
  "Eb",
  "Bb",
  "F",
  "C",
  "G",
  "D",
  "A",
  "E",
  "B",
  "F#",
  "C#",
  "G#",
  "D#",
  "A#",
];

export function keyFromSignature(sharps: number, minor: boolean): MusicalKey | null {
  if (!Number.isInteger(sharps) || sharps < -7 || sharps > 7) return null;
  return { tonic: (minor ? MINOR : MAJOR)[sharps + 7], mode: minor ? "minor" : "major" };
}

export function signatureOfKey(key: MusicalKey): { sharps: number; minor: boolean } {
  const minor = key.mode === "minor";
  const table = minor ? MINOR : MAJOR;
  const exact = table.indexOf(key.tonic);
  if (exact >= 0 && !(exact === 0 && !minor)) return { sharps: exact - 7, minor };
  const pc = pitchClassNumber(key.tonic);
  let best = 0;
  for (let s = -7; s <= 7; s++) {
    if (
      pitchClassNumber(table[s + 7]) === pc &&
      (Math.abs(s) < Math.abs(best) || pitchClassNumber(table[best + 7]) !== pc)
    )
      best = s;
  }
  return { sharps: best, minor };
}
