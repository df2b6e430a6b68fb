/** K-weighting derived from the analog design: the published 48 kHz table, and the same response at other rates. */
import { describe, expect, it } from "vitest";
import { LoudnessMeter, biquadGainDb, bs1770ChannelWeights, kWeighting, kWeightingGainDb } from "@bandspace/dsp";
import { feed, toneSegments } from "./signals";

// ITU-R BS.1770 Annex 1, Tables 1 and 2 (48 kHz).
const PUBLISHED = {
  shelf: {
    b0: 1.53512485958697,
    b1: -2.69169618940638,
    b2: 1.19839281085285,
    a1: -1.69065929318241,
    a2: 0.73248077421585,
  },
  highPass: { b0: 1, b1: -2, b2: 1, a1: -1.99004745483398, a2: 0.99007225036621 },
};

const publishedGainDb = (hz: number) =>
  biquadGainDb(PUBLISHED.shelf, hz, 48000) + biquadGainDb(PUBLISHED.highPass, hz, 48000);

describe("K-weighting", () => {
  it("at 48 kHz reproduces BS.1770's published coefficients", () => {
    const k = kWeighting(48000);
    for (const stage of ["shelf", "highPass"] as const)
      for (const c of ["b0", "b1", "b2", "a1", "a2"] as const) expect(k[stage][c]).toBeCloseTo(PUBLISHED[stage][c], 7);
  });

  it.each([44100, 48000, 96000, 192000])(
    "at %i Hz matches the published response within 0.01 dB, 20 Hz – 20 kHz",
    (rate) => {
      for (let hz = 20; hz <= 20000; hz *= 1.1)
        expect(Math.abs(kWeightingGainDb(hz, rate) - publishedGainDb(hz))).toBeLessThan(0.01);
    },
  );

  it("reusing the 48 kHz numbers at 96 kHz would be wrong (the test above can tell rates apart)", () => {
    // The filters' corners move with the rate: at 96 kHz the 48 kHz shelf sits an octave higher.
    for (const hz of [40, 2000]) {
      const reused = biquadGainDb(PUBLISHED.shelf, hz, 96000) + biquadGainDb(PUBLISHED.highPass, hz, 96000);
      expect(Math.abs(reused - publishedGainDb(hz))).toBeGreaterThan(0.5);
    }
  });

  it.each([44100, 48000, 88200, 96000])("calibration: stereo 1 kHz at −18 dBFS reads −18.0 LUFS at %i Hz", (rate) => {
    const meter = new LoudnessMeter({ sampleRate: rate, channels: 2, truePeak: false });
    feed(meter, toneSegments(rate, [{ seconds: 5, dbfs: -18 }]));
    expect(Math.abs(meter.read().integrated! + 18)).toBeLessThan(0.02);
  });

  it("5.1 leaves LFE out and weights surrounds +1.5 dB; the channel mask decides which channel is which", () => {
    expect(bs1770ChannelWeights(6)).toEqual([1, 1, 1, 0, 1.41, 1.41]);
    // 5.1 "side" layout (mask 0x60f): L R C LFE SL SR.
    expect(bs1770ChannelWeights(6, 0x60f)).toEqual([1, 1, 1, 0, 1.41, 1.41]);
    // A mask listing LFE last among the set bits' order still puts it where its bit says (bit 3 → 4th channel).
    expect(bs1770ChannelWeights(4, 0x33)).toEqual([1, 1, 1.41, 1.41]);
    const loudLfe = toneSegments(48000, [{ seconds: 3, dbfs: -20 }], 6, 1000, [-100, -100, -100, 0, -100, -100]);
    const meter = new LoudnessMeter({ sampleRate: 48000, channels: 6, truePeak: false });
    feed(meter, loudLfe);
    expect(meter.read().integrated! < -90 || meter.read().integrated === null).toBe(true);
  });

  it("reads null, not −Infinity, for digital silence", () => {
    const meter = new LoudnessMeter({ sampleRate: 48000, channels: 2 });
    feed(meter, [new Float32Array(48000 * 4), new Float32Array(48000 * 4)]);
    const r = meter.read();
    expect(r).toMatchObject({
      integrated: null,
      lra: null,
      momentaryMax: null,
      shortTermMax: null,
      truePeakDbtp: null,
    });
  });
});
