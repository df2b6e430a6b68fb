import { describe, expect, it } from "vitest";
import { parseChord, parseChordLine } from "@bandspace/model";

// symbol, root, quality, bass, pitch classes (bass first, then by interval from the root; C=0 … B=11)
const VALID: [string, string, string, string | null, number[]][] = [
  ["C", "C", "maj", null, [0, 4, 7]],
  ["Cmaj", "C", "maj", null, [0, 4, 7]],
  ["CM", "C", "maj", null, [0, 4, 7]],
  ["Am", "A", "m", null, [9, 0, 4]],
  ["Amin", "A", "m", null, [9, 0, 4]],
  ["A-", "A", "m", null, [9, 0, 4]],
  ["F#m7", "F#", "m7", null, [6, 9, 1, 4]],
  ["Bb/D", "Bb", "maj", "D", [2, 10, 5]],
  ["C/E", "C", "maj", "E", [4, 0, 7]],
  ["Cmaj7", "C", "maj7", null, [0, 4, 7, 11]],
  ["CM7", "C", "maj7", null, [0, 4, 7, 11]],
  ["CΔ7", "C", "maj7", null, [0, 4, 7, 11]],
  ["CΔ", "C", "maj7", null, [0, 4, 7, 11]],
  ["Dsus4", "D", "sus4", null, [2, 7, 9]],
  ["Dsus2", "D", "sus2", null, [2, 4, 9]],
  ["Dsus", "D", "sus4", null, [2, 7, 9]],
  ["G7sus4", "G", "7sus4", null, [7, 0, 2, 5]],
  ["G7", "G", "7", null, [7, 11, 2, 5]],
  ["G7b9", "G", "7b9", null, [7, 8, 11, 2, 5]],
  ["E7#9", "E", "7#9", null, [4, 7, 8, 11, 2]],
  ["C7(b9,#11)", "C", "7b9#11", null, [0, 1, 4, 6, 7, 10]],
  ["C7(b9 #11)", "C", "7b9#11", null, [0, 1, 4, 6, 7, 10]],
  ["C7b13", "C", "7b13", null, [0, 4, 7, 8, 10]],
  ["C7b5", "C", "7b5", null, [0, 4, 6, 10]],
  ["C7#5", "C", "7#5", null, [0, 4, 8, 10]],
  ["Edim", "E", "dim", null, [4, 7, 10]],
  ["E°", "E", "dim", null, [4, 7, 10]],
  ["Edim7", "E", "dim7", null, [4, 7, 10, 1]],
  ["E°7", "E", "dim7", null, [4, 7, 10, 1]],
  ["Faug", "F", "aug", null, [5, 9, 1]],
  ["F+", "F", "aug", null, [5, 9, 1]],
  ["F+7", "F", "aug7", null, [5, 9, 1, 3]],
  ["Am7b5", "A", "m7b5", null, [9, 0, 3, 7]],
  ["Aø", "A", "m7b5", null, [9, 0, 3, 7]],
  ["Aø7", "A", "m7b5", null, [9, 0, 3, 7]],
  ["C6", "C", "6", null, [0, 4, 7, 9]],
  ["Cm6", "C", "m6", null, [0, 3, 7, 9]],
  ["C69", "C", "69", null, [0, 2, 4, 7, 9]],
  ["C6/9", "C", "69", null, [0, 2, 4, 7, 9]],
  ["C5", "C", "5", null, [0, 7]],
  ["Cadd9", "C", "add9", null, [0, 2, 4, 7]],
  ["C(add9)", "C", "add9", null, [0, 2, 4, 7]],
  ["Cmadd9", "C", "madd9", null, [0, 2, 3, 7]],
  ["Cadd11", "C", "add11", null, [0, 4, 5, 7]],
  ["C9", "C", "9", null, [0, 2, 4, 7, 10]],
  ["Cmaj9", "C", "maj9", null, [0, 2, 4, 7, 11]],
  ["Cm9", "C", "m9", null, [0, 2, 3, 7, 10]],
  ["C11", "C", "11", null, [0, 2, 4, 5, 7, 10]],
  ["Cm11", "C", "m11", null, [0, 2, 3, 5, 7, 10]],
  ["C13", "C", "13", null, [0, 2, 4, 7, 9, 10]],
  ["Cmaj13", "C", "maj13", null, [0, 2, 4, 7, 9, 11]],
  ["C9#11", "C", "9#11", null, [0, 2, 4, 6, 7, 10]],
  ["CmMaj7", "C", "mMaj7", null, [0, 3, 7, 11]],
  ["Cm(maj7)", "C", "mMaj7", null, [0, 3, 7, 11]],
  ["Ebm7/Db", "Eb", "m7", "Db", [1, 3, 6, 10]],
  ["G/F#", "G", "maj", "F#", [6, 7, 11, 2]],
  ["C♯m", "C#", "m", null, [1, 4, 8]],
  ["B♭", "Bb", "maj", null, [10, 2, 5]],
];

describe("parseChord", () => {
  it.each(VALID)("%s", (symbol, root, quality, bass, pitchClasses) => {
    expect(parseChord(symbol)).toEqual({ symbol, root, quality, bass, pitchClasses });
  });

  it.each(["N.C.", "NC", "N.C", " n.c. "])("%j is no chord", (symbol) => {
    expect(parseChord(symbol)).toEqual({
      symbol: symbol.trim(),
      root: null,
      quality: "N.C.",
      bass: null,
      pitchClasses: [],
    });
  });

  it.each([
    "",
    "   ",
    "H7",
    "Cxyz",
    "C/",
    "C/H",
    "c",
    "Cm5",
    "Cdim9",
    "C7(",
    "C7()",
    "C7(xyz)",
    "Csus4sus2",
    "Cb",
    "E#",
    "C#/",
    "CC",
    "7",
    "Am7b5x",
    "C5b9",
  ])("rejects %j", (symbol) => {
    expect(parseChord(symbol)).toBeNull();
  });
});

describe("parseChordLine", () => {
  it("tokenizes at whitespace and bar lines with offsets", () => {
    const line = "| Am  G/B |C N.C. Hx|";
    const tokens = parseChordLine(line);
    expect(tokens.map((t) => [t.symbol, t.start, t.end, t.chord?.quality ?? null])).toEqual([
      ["Am", 2, 4, "m"],
      ["G/B", 6, 9, "maj"],
      ["C", 11, 12, "maj"],
      ["N.C.", 13, 17, "N.C."],
      ["Hx", 18, 20, null],
    ]);
    for (const t of tokens) expect(line.slice(t.start, t.end)).toBe(t.symbol);
    expect(parseChordLine("")).toEqual([]);
  });
});
