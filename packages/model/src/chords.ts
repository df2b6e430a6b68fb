import { isPitchClassName, pitchClassNumber, type PitchClassName } from "./musical-key";

/**
 * Chord symbols as bands write them on a chart: "C", "F#m7", "Bb/D", "Cmaj7", "Dsus4", "G7b9", "Edim", "Faug",
 * "Am7b5", "C6", "Cadd9", "E7#9", "N.C." … Pure; no Y types.
 *
 * Grammar: ROOT [QUALITY] [EXTENSION] [SUFFIX…] ["/" BASS], where ROOT and BASS are A–G with an optional # or b
 * (one of the 17 spellings of PITCH_CLASS_NAMES), QUALITY is maj|M|Δ (major 7th family), m|min|mi|- (minor),
 * dim|° (diminished), aug|+ (augmented), ø (half-diminished) or mMaj/m(maj…) (minor-major), EXTENSION is
 * 5|6|69|7|9|11|13, and each SUFFIX is sus2|sus4|sus, add2|add4|add9|add11|add13 or an alteration
 * b5 #5 b9 #9 #11 b13 — alone or in parentheses, comma- or space-separated: "C7(b9,#11)".
 */
export interface Chord {
  /** The symbol as written (trimmed). */
  symbol: string;
  /** null only for "N.C." (no chord). */
  root: PitchClassName | null;
  /** Canonical quality: "maj", "m", "dim", "aug", "5", "7", "maj7", "m7", "m7b5", "dim7", "9", "sus4", "7#9", "add9", "N.C." … */
  quality: string;
  /** Slash bass ("Bb/D" → "D"), else null. */
  bass: PitchClassName | null;
  /** Pitch classes (C = 0 … B = 11): the bass note first (slash bass, else the root), then the other chord tones by interval from the root. Empty for N.C. */
  pitchClasses: number[];
}

type Base = "major" | "minor" | "dim" | "aug" | "half-dim" | "minor-major" | "major-seventh";

const BASES: readonly [RegExp, Base][] = [
  [/^(mMaj|mmaj|mM|m\(maj\)|m\(Maj\)|m\(M\)|minmaj|-Maj|-M|-Δ|mΔ)/, "minor-major"],
  [/^(maj|Maj|MA|Ma|M|Δ|∆|\^)/, "major-seventh"],
  [/^(min|mi|m|-)/, "minor"],
  [/^(dim|°|o)/, "dim"],
  [/^(aug|\+)/, "aug"],
  [/^(ø|Ø)/, "half-dim"],
];

const ALTERATIONS: Readonly<Record<string, number>> = { b5: 6, "#5": 8, b9: 1, "#9": 3, "#11": 6, b13: 8 };
const ALTERATION_ORDER = ["b5", "#5", "b9", "#9", "#11", "b13"];
const ADDS: Readonly<Record<string, [string, number]>> = {
  add2: ["add9", 2],
  add9: ["add9", 2],
  add4: ["add11", 5],
  add11: ["add11", 5],
  add13: ["add13", 9],
};

function parseNoteName(text: string): PitchClassName | null {
  return isPitchClassName(text) ? text : null;
}

/** The chord, or null for anything that is not a chord symbol ("H7", "Cxyz", "C/", ""). */
export function parseChord(symbol: string): Chord | null {
  if (typeof symbol !== "string") return null;
  const text = symbol.trim();
  const normalized = text.replace(/♯/g, "#").replace(/♭/g, "b").replace(/−/g, "-");
  if (/^N\.?\s?C\.?$/i.test(normalized))
    return { symbol: text, root: null, quality: "N.C.", bass: null, pitchClasses: [] };

  const head = /^([A-G][#b]?)(.*)$/.exec(normalized);
  if (!head) return null;
  const root = parseNoteName(head[1]);
  if (!root) return null;
  let rest = head[2];
  let bass: PitchClassName | null = null;
  const slash = rest.lastIndexOf("/");
  if (slash >= 0 && !/^6\/9/.test(rest.slice(slash - 1))) {
    bass = parseNoteName(rest.slice(slash + 1));
    if (!bass) return null;
    rest = rest.slice(0, slash);
  }
  const body = parseBody(rest.replace(/6\/9/, "69"));
  if (!body) return null;

  const rootPc = pitchClassNumber(root);
  const tones = [...new Set(body.intervals)].sort((a, b) => a - b).map((i) => (rootPc + i) % 12);
  const bassPc = bass === null ? rootPc : pitchClassNumber(bass);
  const pitchClasses = [bassPc, ...tones.filter((pc) => pc !== bassPc)];
  return { symbol: text, root, quality: body.quality, bass, pitchClasses };
}

function parseBody(written: string): { quality: string; intervals: number[] } | null {
  // "Cm(maj7)" is written with the major seventh in parentheses: read it as "CmMaj7".
  const input = written.replace(
    /^(?:m|min|-)\((?:maj|Maj|M|Δ)(7|9|11|13)?\)/,
    (_m, n: string | undefined) => "mMaj" + (n ?? "7"),
  );
  let rest = input;
  let base: Base = "major";
  for (const [pattern, name] of BASES) {
    const m = pattern.exec(rest);
    // "m" must not swallow the "maj" of a major-seventh chord: the major-seventh pattern comes first.
    if (m) {
      base = name;
      rest = rest.slice(m[0].length);
      break;
    }
  }
  const ext = /^(69|13|11|9|7|6|5)/.exec(rest)?.[0] ?? "";
  rest = rest.slice(ext.length);

  // Which extensions each base allows ("" = none written).
  const allowed: Record<Base, string[]> = {
    major: ["", "5", "6", "69", "7", "9", "11", "13"],
    minor: ["", "6", "69", "7", "9", "11", "13"],
    dim: ["", "7"],
    aug: ["", "7", "9", "11", "13"],
    "half-dim": ["", "7"],
    "minor-major": ["7", "9", "11", "13"],
    "major-seventh": ["", "7", "9", "11", "13"],
  };
  if (!allowed[base].includes(ext)) return null;

  let sus: "" | "sus2" | "sus4" = "";
  const adds = new Set<string>();
  const alts = new Set<string>();
  const suffix = /^(sus2|sus4|sus|add\s?(?:13|11|9|4|2)|b5|#5|b9|#9|#11|b13|-5|\+5|-9|\+9|\+11|-13)/;
  const readToken = (token: string): boolean => {
    if (token.startsWith("sus")) {
      if (sus) return false;
      sus = token === "sus2" ? "sus2" : "sus4";
    } else if (token.startsWith("add")) {
      adds.add(token.replace(/\s/g, ""));
    } else {
      alts.add(token.replace(/^-/, "b").replace(/^\+/, "#"));
    }
    return true;
  };
  while (rest.length > 0) {
    if (rest[0] === "(") {
      const close = rest.indexOf(")");
      if (close < 0) return null;
      const inner = rest
        .slice(1, close)
        .split(/[\s,]+/)
        .filter(Boolean);
      if (inner.length === 0) return null;
      for (const token of inner)
        if (!suffix.test(token) || suffix.exec(token)![0] !== token || !readToken(token)) return null;
      rest = rest.slice(close + 1);
      continue;
    }
    const m = suffix.exec(rest);
    if (!m || !readToken(m[0])) return null;
    rest = rest.slice(m[0].length);
  }
  if (ext === "5" && (sus || adds.size > 0 || alts.size > 0)) return null;

  // Intervals above the root.
  if (ext === "5") return { quality: "5", intervals: [0, 7] };
  const minorThird = base === "minor" || base === "dim" || base === "half-dim" || base === "minor-major";
  let third = minorThird ? 3 : 4;
  if (sus) third = sus === "sus2" ? 2 : 5;
  let fifths = [base === "dim" || base === "half-dim" ? 6 : base === "aug" ? 8 : 7];
  if (alts.has("b5") || alts.has("#5")) fifths = [...(alts.has("b5") ? [6] : []), ...(alts.has("#5") ? [8] : [])];
  const intervals = [0, third, ...fifths];
  const seventh = base === "major-seventh" || base === "minor-major" ? 11 : base === "dim" ? 9 : 10;
  const hasSeventh =
    ["7", "9", "11", "13"].includes(ext) ||
    base === "half-dim" ||
    (base === "major-seventh" && ext === "" && /^[Δ∆^]/.test(input));
  if (hasSeventh) intervals.push(seventh);
  if (ext === "6" || ext === "69") intervals.push(9);
  if (ext === "69" || ext === "9" || ext === "11" || ext === "13") intervals.push(2);
  if (ext === "11") intervals.push(5);
  if (ext === "13") intervals.push(9, ...(minorThird ? [5] : []));
  for (const add of adds) intervals.push(ADDS[add][1]);
  for (const alt of alts) if (alt !== "b5" && alt !== "#5") intervals.push(ALTERATIONS[alt]);
  if (alts.has("b9") || alts.has("#9")) removeInterval(intervals, 2);

  return { quality: qualityName(base, ext, hasSeventh, sus, adds, alts), intervals };
}

function removeInterval(intervals: number[], value: number): void {
  for (let i = intervals.length - 1; i >= 0; i--) if (intervals[i] === value) intervals.splice(i, 1);
}

function qualityName(
  base: Base,
  ext: string,
  hasSeventh: boolean,
  sus: string,
  adds: Set<string>,
  alts: Set<string>,
): string {
  const seventhExt = ext === "" && hasSeventh ? "7" : ext;
  let name: string;
  switch (base) {
    case "minor":
      name = "m" + ext;
      break;
    case "dim":
      name = ext === "7" ? "dim7" : "dim";
      break;
    case "aug":
      name = ext === "" ? "aug" : "aug" + ext;
      break;
    case "half-dim":
      name = "m7b5";
      alts.delete("b5");
      break;
    case "minor-major":
      name = "mMaj" + seventhExt;
      break;
    case "major-seventh":
      name = seventhExt === "" ? "maj" : "maj" + seventhExt;
      break;
    default:
      name = ext;
  }
  if (name === "maj" && (sus || adds.size > 0 || alts.size > 0)) name = "";
  if (base === "minor" && ext === "7" && alts.has("b5")) {
    name = "m7b5";
    alts.delete("b5");
  }
  const addNames = [...new Set([...adds].map((a) => ADDS[a][0]))].sort();
  const altNames = ALTERATION_ORDER.filter((a) => alts.has(a));
  const full = name + sus + addNames.join("") + altNames.join("");
  return full === "" ? "maj" : full;
}

export interface ChordToken {
  symbol: string;
  /** Offsets in the line: text.slice(start, end) === symbol. */
  start: number;
  end: number;
  /** null when the token is not a chord (the UI can underline it). */
  chord: Chord | null;
}

/** Splits a chord line into tokens at whitespace and bar lines ("|"), and parses each one. */
export function parseChordLine(text: string): ChordToken[] {
  const out: ChordToken[] = [];
  if (typeof text !== "string") return out;
  const token = /[^\s|]+/g;
  for (let m = token.exec(text); m !== null; m = token.exec(text)) {
    out.push({ symbol: m[0], start: m.index, end: m.index + m[0].length, chord: parseChord(m[0]) });
  }
  return out;
}
