/** EBU Tech 3342 V4 (2023) Table 1, the synthetic cases 1–4 (5 and 6 are recorded programme): LRA ±1 LU. */
import { describe, expect, it } from "vitest";
import { LoudnessMeter, loudnessRange, lufsToPower } from "@bandspace/dsp";
import { feed, toneSegments } from "./signals";

function lra(levels: number[]): number {
  const meter = new LoudnessMeter({ sampleRate: 48000, channels: 2, truePeak: false });
  feed(
    meter,
    toneSegments(
      48000,
      levels.map((dbfs) => ({ seconds: 20, dbfs })),
    ),
  );
  return meter.read().lra!;
}

describe("EBU Tech 3342 loudness range", () => {
  it.each([
    [1, [-20, -30], 10],
    [2, [-20, -15], 5],
    [3, [-40, -20], 20],
    [4, [-50, -35, -20, -35, -50], 15],
  ])("case %i: 20 s tones at %j dBFS give LRA %i LU", (_case, levels, expected) => {
    expect(Math.abs(lra(levels) - expected)).toBeLessThan(1);
  });

  it("repeating a case's signal leaves its LRA unchanged (document's note)", () => {
    expect(Math.abs(lra([-20, -30, -20, -30]) - 10)).toBeLessThan(1);
  });

  it("gates out silence and values 20 LU under the programme, and is null for silence", () => {
    const values = [
      ...new Array<number>(50).fill(lufsToPower(-20)),
      ...new Array<number>(50).fill(lufsToPower(-25)),
      ...new Array<number>(50).fill(lufsToPower(-50)), // 27 LU under the absolute-gated mean: gated out
      ...new Array<number>(50).fill(0),
    ];
    expect(loudnessRange(values)).toBeCloseTo(5, 6);
    expect(loudnessRange(new Array<number>(40).fill(0))).toBeNull();
  });
});
