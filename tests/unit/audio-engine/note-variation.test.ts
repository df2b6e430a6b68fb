import { describe, expect, it } from "vitest";
import { noteVariation } from "@bandspace/audio-engine/pure";

describe("noteVariation: a drum hit's noise follows the note, not the render", () => {
  it("is the same number for the same note, every time", () => {
    expect(noteVariation("clip1234abcd5678", "note0001")).toBe(noteVariation("clip1234abcd5678", "note0001"));
  });

  it("lies in [0, 1) and spreads evenly over many notes", () => {
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const v = noteVariation("clipA", `n${i}`);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      bins[Math.floor(v * 10)]++;
    }
    // Each tenth holds 1000 ± 15 % (a uniform spread would rarely leave that band).
    for (const b of bins) expect(Math.abs(b - 1000)).toBeLessThan(150);
  });

  it("tells apart the same note id in two clips and ids that only differ in where the clip id ends", () => {
    expect(noteVariation("clipA", "n1")).not.toBe(noteVariation("clipB", "n1"));
    expect(noteVariation("ab", "c")).not.toBe(noteVariation("a", "bc"));
  });
});
