import { pitchClassNumber, type MusicalKey } from "@bandspace/model";

const LETTERS = ["C", "D", "E", "F", "G", "A", "B"] as const;
const NATURAL: Record<string, number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };
const ACCIDENTAL: Record<number, string> = { 0: "", 1: "#", 2: "##", 11: "b", 10: "bb" };

const SCALES = {
  major: {
    steps: [0, 2, 4, 5, 7, 9, 11],
    qualities: ["", "m", "m", "", "", "m", "dim"],
    degrees: ["I", "ii", "iii", "IV", "V", "vi", "vii°"],
  },
  minor: {
    steps: [0, 2, 3, 5, 7, 8, 10],
    qualities: ["m", "dim", "", "m", "m", "", ""],
    degrees: ["i", "ii°", "III", "iv", "v", "VI", "VII"],
  },
} as const;

/** The seven triads of a key, spelled with the key's letters (G major → … F#dim). Display only. */
export function diatonicChords(key: MusicalKey): { degree: string; symbol: string }[] {
  const scale = SCALES[key.mode];
  const tonicPc = pitchClassNumber(key.tonic);
  const first = LETTERS.indexOf(key.tonic[0] as (typeof LETTERS)[number]);
  return scale.steps.map((step, i) => {
    const letter = LETTERS[(first + i) % 7];
    const pc = (tonicPc + step) % 12;
    const acc = ACCIDENTAL[(pc - NATURAL[letter] + 12) % 12] ?? "";
    return { degree: scale.degrees[i], symbol: `${letter}${acc}${scale.qualities[i]}` };
  });
}

/** "F#" → "F♯", "Bbm" → "B♭m": typographic accidentals after the root letter, for display. */
export function prettyPitch(symbol: string): string {
  return symbol.replace(
    /^([A-G])(bb|b|##|#)/,
    (_, l: string, a: string) => l + a.replace(/#/g, "♯").replace(/b/g, "♭"),
  );
}
