import { describe, expect, it } from "vitest";
import { PITCH_CLASS_NAMES, formatKey, parseKey, pitchClassNumber } from "@bandspace/model";

describe("PITCH_CLASS_NAMES", () => {
  it("lists the 17 common spellings, each pitch class at least once", () => {
    expect(PITCH_CLASS_NAMES).toHaveLength(17);
    expect(new Set(PITCH_CLASS_NAMES.map(pitchClassNumber)).size).toBe(12);
    expect(pitchClassNumber("C#")).toBe(pitchClassNumber("Db"));
    expect(pitchClassNumber("B")).toBe(11);
  });
});

describe("formatKey / parseKey", () => {
  it("formats as musicians write it", () => {
    expect(formatKey({ tonic: "F#", mode: "minor" })).toBe("F# minor");
    expect(formatKey({ tonic: "Bb", mode: "major" })).toBe("Bb major");
  });

  it.each([
    ["F#m", "F#", "minor"],
    ["F# minor", "F#", "minor"],
    ["f#min", "F#", "minor"],
    ["Bb major", "Bb", "major"],
    ["bb", "Bb", "major"],
    ["B♭", "Bb", "major"],
    ["C♯m", "C#", "minor"],
    ["Ebm", "Eb", "minor"],
    ["A-", "A", "minor"],
    ["  g   MINOR ", "G", "minor"],
    ["CM", "C", "major"],
    ["Cmaj", "C", "major"],
    ["e", "E", "major"],
    ["D aeolian", "D", "minor"],
  ] as const)("reads %j", (text, tonic, mode) => {
    expect(parseKey(text)).toEqual({ tonic, mode });
  });

  it.each(["", "H", "E#", "Cb", "F##", "C dorian", "Cmaj7", "minor", "C# m7", "x"])("refuses %j", (text) => {
    expect(parseKey(text)).toBeNull();
  });

  it("round-trips every key", () => {
    for (const tonic of PITCH_CLASS_NAMES) {
      for (const mode of ["major", "minor"] as const) {
        expect(parseKey(formatKey({ tonic, mode }))).toEqual({ tonic, mode });
      }
    }
  });
});
