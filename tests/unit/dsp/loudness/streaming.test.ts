/** The meter is streaming: block size and layout (planar or interleaved) must not change any reading. */
import { describe, expect, it } from "vitest";
import { LoudnessMeter } from "@bandspace/dsp";
import { feed, toneSegments } from "./signals";

describe("streaming loudness meter", () => {
  it("gives the same readings for blocks of 1, 128 and 100 000 frames, planar or interleaved", () => {
    const planar = toneSegments(44100, [
      { seconds: 2, dbfs: -30 },
      { seconds: 4, dbfs: -12 },
      { seconds: 1.5, dbfs: null },
    ]);
    const readings = [1, 128, 100_000].map((block) => {
      const meter = new LoudnessMeter({ sampleRate: 44100, channels: 2, seriesInterval: 0.1 });
      feed(meter, planar, block);
      return { r: meter.read(), m: meter.momentarySeries.length };
    });
    const interleaved = new Float32Array(planar[0].length * 2);
    planar[0].forEach((v, i) => {
      interleaved[2 * i] = v;
      interleaved[2 * i + 1] = planar[1][i]!;
    });
    const im = new LoudnessMeter({ sampleRate: 44100, channels: 2, seriesInterval: 0.1 });
    im.pushInterleaved(interleaved);
    for (const { r, m } of [...readings.slice(1), { r: im.read(), m: im.momentarySeries.length }]) {
      expect(m).toBe(readings[0].m);
      for (const key of [
        "integrated",
        "lra",
        "momentaryMax",
        "shortTermMax",
        "truePeakDbtp",
        "samplePeakDbfs",
      ] as const)
        expect(r[key]!).toBeCloseTo(readings[0].r[key]!, 9);
    }
    expect(readings[0].r.integrated!).toBeGreaterThan(-13);
    expect(readings[0].r.momentary).toBeNull(); // the last 400 ms were silence
  });

  it("reset starts a new measurement", () => {
    const meter = new LoudnessMeter({ sampleRate: 48000, channels: 2 });
    feed(meter, toneSegments(48000, [{ seconds: 3, dbfs: -10 }]));
    meter.reset();
    feed(meter, toneSegments(48000, [{ seconds: 3, dbfs: -30 }]));
    const r = meter.read();
    expect(Math.abs(r.integrated! + 30)).toBeLessThan(0.05);
    expect(r.samplePeakDbfs!).toBeCloseTo(-30, 2);
    expect(r.durationSeconds).toBe(3);
  });
});
