import { describe, expect, it } from "vitest";
import { detectOnsets, estimateLatencyFrames } from "@bandspace/audio-engine/pure";

/** A decaying 2 kHz click at each given frame, over low noise. */
function clicks(frames: number, at: number[], rate = 48000): Float32Array {
  const out = new Float32Array(frames);
  let seed = 1;
  for (let i = 0; i < frames; i++) {
    seed = (seed * 16807) % 2147483647;
    out[i] = ((seed / 2147483647) * 2 - 1) * 0.001;
  }
  for (const a of at) {
    for (let i = 0; i < 480 && a + i < frames; i++)
      out[a + i] += 0.8 * Math.exp(-i / 60) * Math.cos((2 * Math.PI * 2000 * i) / rate);
  }
  return out;
}

describe("click onsets and latency", () => {
  it("finds every click within a sample", () => {
    const at = [4800, 28800, 52800, 76800];
    const onsets = detectOnsets(clicks(96000, at), 48000);
    expect(onsets).toHaveLength(4);
    onsets.forEach((o, i) => expect(Math.abs(o - at[i])).toBeLessThan(1));
  });

  it("measures a round trip as the median delay, ignoring a stray click", () => {
    const played = [0, 24000, 48000, 72000];
    const onsets = detectOnsets(clicks(120000, [...played.map((p) => p + 611), 60000]), 48000);
    const est = estimateLatencyFrames(played, onsets, 24000 / 2)!;
    expect(est.matched).toBe(4);
    expect(Math.abs(est.frames - 611)).toBeLessThan(1);
    expect(estimateLatencyFrames(played, [], 4800)).toBeNull();
  });
});
