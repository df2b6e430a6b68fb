/** One definition of loudness targets: the presets the issue names, and what a person's choice resolves to. */
import { describe, expect, it } from "vitest";
import { LOUDNESS_TARGETS, resolveLoudnessTarget } from "@bandspace/dsp";

describe("loudness targets", () => {
  it("are the issue's presets", () => {
    expect(LOUDNESS_TARGETS.map((t) => [t.id, t.lufs, t.ceilingDbtp])).toEqual([
      ["streaming", -14, -1],
      ["apple", -16, -1],
      ["ebu", -23, -1],
      ["podcast", -16, -1],
      ["club", -9, -0.3],
    ]);
  });

  it("resolve a preset, a custom target (clamped) and no target", () => {
    const custom = { customLufs: -18, customCeilingDbtp: -2 };
    expect(resolveLoudnessTarget({ id: "club", ...custom })).toEqual({ lufs: -9, ceilingDbtp: -0.3 });
    expect(resolveLoudnessTarget({ id: "custom", ...custom })).toEqual({ lufs: -18, ceilingDbtp: -2 });
    expect(resolveLoudnessTarget({ id: "custom", customLufs: 5, customCeilingDbtp: -99 })).toEqual({
      lufs: 0,
      ceilingDbtp: -20,
    });
    expect(resolveLoudnessTarget({ id: "none", ...custom })).toBeNull();
  });
});
