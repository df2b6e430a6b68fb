/**
 * EBU Tech 3341 V4 (2023) Table 1, every case the document defines synthetically (cases 7 and 8 are recorded
 * programme and are not generated here). Signals are built from the stated frequencies, levels, durations and
 * channels; levels are per-channel sine peaks in dBFS. Tolerances as the document, aiming tighter (±0.05 LU) for
 * integrated loudness.
 */
import { describe, expect, it } from "vitest";
import { LoudnessMeter } from "@bandspace/dsp";
import { burstDownsampled, feed, taperedSine, toneSegments, type Segment } from "./signals";

const FS = 48000;

function measure(segments: Segment[], opts: { channels?: number; gainsDb?: number[]; series?: number } = {}) {
  const channels = opts.channels ?? 2;
  const meter = new LoudnessMeter({
    sampleRate: FS,
    channels,
    truePeak: false,
    seriesInterval: opts.series ?? 0,
  });
  feed(meter, toneSegments(FS, segments, channels, 1000, opts.gainsDb), 3001);
  return meter;
}

describe("EBU Tech 3341 cases 1–6: integrated, momentary and short-term of steady and stepped tones", () => {
  it("case 1: stereo 1 kHz at −23 dBFS for 20 s reads M = S = I = −23.0", () => {
    const r = measure([{ seconds: 20, dbfs: -23 }]).read();
    expect(r.integrated!).toBeCloseTo(-23, 1);
    expect(Math.abs(r.integrated! + 23)).toBeLessThan(0.05);
    expect(Math.abs(r.momentary! + 23)).toBeLessThan(0.1);
    expect(Math.abs(r.shortTerm! + 23)).toBeLessThan(0.1);
  });

  it("case 2: the same at −33 dBFS reads −33.0", () => {
    const r = measure([{ seconds: 20, dbfs: -33 }]).read();
    expect(Math.abs(r.integrated! + 33)).toBeLessThan(0.05);
    expect(Math.abs(r.momentary! + 33)).toBeLessThan(0.1);
    expect(Math.abs(r.shortTerm! + 33)).toBeLessThan(0.1);
  });

  it("case 3: −36/−23/−36 dBFS for 10/60/10 s: the relative gate leaves I = −23.0", () => {
    const r = measure([
      { seconds: 10, dbfs: -36 },
      { seconds: 60, dbfs: -23 },
      { seconds: 10, dbfs: -36 },
    ]).read();
    expect(Math.abs(r.integrated! + 23)).toBeLessThan(0.05);
  });

  it("case 4: −72/−36/−23/−36/−72 dBFS for 10/10/60/10/10 s: both gates leave I = −23.0", () => {
    const r = measure([
      { seconds: 10, dbfs: -72 },
      { seconds: 10, dbfs: -36 },
      { seconds: 60, dbfs: -23 },
      { seconds: 10, dbfs: -36 },
      { seconds: 10, dbfs: -72 },
    ]).read();
    expect(Math.abs(r.integrated! + 23)).toBeLessThan(0.05);
  });

  it("case 5: −26/−20/−26 dBFS for 20/20.1/20 s reads I = −23.0", () => {
    const r = measure([
      { seconds: 20, dbfs: -26 },
      { seconds: 20.1, dbfs: -20 },
      { seconds: 20, dbfs: -26 },
    ]).read();
    expect(Math.abs(r.integrated! + 23)).toBeLessThan(0.05);
  });

  it("case 6: 5.0 channels (L R −28, C −24, Ls Rs −30 dBFS) with surround weights read I = −23.0", () => {
    // WAV default order for five channels: L R C Ls Rs. Per-channel offsets relative to −28 dBFS.
    const r = measure([{ seconds: 20, dbfs: -28 }], { channels: 5, gainsDb: [0, 0, 4, -2, -2] }).read();
    expect(Math.abs(r.integrated! + 23)).toBeLessThan(0.05);
  });
});

describe("EBU Tech 3341 cases 9–14: short-term and momentary windows and their maxima", () => {
  it("case 9: (1.34 s at −20, 1.66 s at −30) × 5 keeps S = −23.0 after the first 3 s", () => {
    const segs: Segment[] = [];
    for (let i = 0; i < 5; i++) segs.push({ seconds: 1.34, dbfs: -20 }, { seconds: 1.66, dbfs: -30 });
    const meter = measure(segs, { series: 0.01 });
    const values = meter.shortTermSeries.filter(([t]) => t >= 3).map(([, l]) => l!);
    expect(values.length).toBeGreaterThan(1000);
    for (const v of values) expect(Math.abs(v + 23)).toBeLessThan(0.1);
  });

  it("case 10 (file-based): each of 20 files (i·0.15 s silence, 3 s at −23, 1 s silence) has max S = −23.0", () => {
    for (let i = 0; i < 20; i++) {
      const r = measure([
        { seconds: i * 0.15, dbfs: null },
        { seconds: 3, dbfs: -23 },
        { seconds: 1, dbfs: null },
      ]).read();
      expect(Math.abs(r.shortTermMax! + 23), `segment ${i}`).toBeLessThan(0.1);
    }
  });

  it("case 11 (live): one stream of 20 tones at −38+i dB gives successive max S of −38 … −19", () => {
    const segs: Segment[] = [];
    for (let i = 0; i < 20; i++)
      segs.push(
        { seconds: i * 0.15, dbfs: null },
        { seconds: 3, dbfs: -38 + i },
        { seconds: 3 - i * 0.15, dbfs: null },
      );
    const meter = measure(segs, { series: 0.01 });
    for (let i = 0; i < 20; i++) {
      const start = i * 6;
      const maxS = Math.max(
        ...meter.shortTermSeries
          .filter(([t]) => t > start + 0.01 && t <= start + 6 + 0.001)
          .map(([, l]) => l ?? -Infinity),
      );
      expect(Math.abs(maxS - (-38 + i)), `tone ${i}`).toBeLessThan(0.1);
    }
  });

  it("case 12: (0.18 s at −20, 0.22 s at −30) × 25 keeps M = −23.0 after the first second", () => {
    const segs: Segment[] = [];
    for (let i = 0; i < 25; i++) segs.push({ seconds: 0.18, dbfs: -20 }, { seconds: 0.22, dbfs: -30 });
    const meter = measure(segs, { series: 0.01 });
    const values = meter.momentarySeries.filter(([t]) => t >= 1).map(([, l]) => l!);
    expect(values.length).toBeGreaterThan(850);
    for (const v of values) expect(Math.abs(v + 23)).toBeLessThan(0.1);
  });

  it("case 13 (file-based): 400 ms bursts after i·20 ms of silence all reach max M = −23.0", () => {
    for (let i = 0; i < 20; i++) {
      const r = measure([
        { seconds: i * 0.02, dbfs: null },
        { seconds: 0.4, dbfs: -23 },
        { seconds: 1, dbfs: null },
      ]).read();
      expect(Math.abs(r.momentaryMax! + 23), `segment ${i}`).toBeLessThan(0.1);
    }
  });

  it("case 14 (live): one stream of 400 ms tones at −38+i dB gives successive max M of −38 … −19", () => {
    const segs: Segment[] = [];
    for (let i = 0; i < 20; i++)
      segs.push(
        { seconds: i * 0.02, dbfs: null },
        { seconds: 0.4, dbfs: -38 + i },
        { seconds: 0.4 - i * 0.02, dbfs: null },
      );
    const meter = measure(segs, { series: 0.01 });
    for (let i = 0; i < 20; i++) {
      const start = i * 0.8;
      const maxM = Math.max(
        ...meter.momentarySeries
          .filter(([t]) => t > start + 0.001 && t <= start + 0.8 + 0.001)
          .map(([, l]) => l ?? -Infinity),
      );
      expect(Math.abs(maxM - (-38 + i)), `tone ${i}`).toBeLessThan(0.1);
    }
  });

  it("a meter stepping 100 ms would miss case 13's bursts; the ≤ 10 ms hop does not", () => {
    // Burst at 50 ms: the 100 ms grid's best window covers only 350 ms of it (−23.6 LUFS), outside tolerance.
    const meter = measure(
      [
        { seconds: 0.05, dbfs: null },
        { seconds: 0.4, dbfs: -23 },
        { seconds: 1, dbfs: null },
      ],
      { series: 0.1 },
    );
    const coarseMax = Math.max(...meter.momentarySeries.map(([, l]) => l ?? -Infinity));
    expect(coarseMax).toBeLessThan(-23.4);
    expect(Math.abs(meter.read().momentaryMax! + 23)).toBeLessThan(0.1);
  });
});

describe("EBU Tech 3341 cases 15–23: true peak (+0.2/−0.4 dB)", () => {
  function truePeakOf(planar: Float32Array[], sampleRate = FS): number {
    const meter = new LoudnessMeter({ sampleRate, channels: 2 });
    feed(meter, planar, 1000);
    return meter.read().truePeakDbtp!;
  }
  const within = (value: number, expected: number) => {
    expect(value).toBeGreaterThanOrEqual(expected - 0.4);
    expect(value).toBeLessThanOrEqual(expected + 0.2);
  };

  it.each([
    [15, 4, 0.5, 0, -6],
    [16, 4, 0.5, 45, -6],
    [17, 6, 0.5, 60, -6],
    [18, 8, 0.5, 67.5, -6],
    [19, 4, 1.41, 45, 3],
  ])("case %i: sine at fs/%i, amplitude %f, phase %f° reads %f dBTP", (_case, div, amp, phase, expected) => {
    for (const rate of [44100, 48000, 96000])
      within(truePeakOf(taperedSine(rate, rate / div, amp, phase), rate), expected);
  });

  it("case 16's samples alone peak 3 dB lower: the reading comes from the interpolation", () => {
    const meter = new LoudnessMeter({ sampleRate: FS, channels: 2 });
    feed(meter, taperedSine(FS, FS / 4, 0.5, 45));
    const r = meter.read();
    expect(r.samplePeakDbfs!).toBeCloseTo(-9.03, 1);
    within(r.truePeakDbtp!, -6);
  });

  it.each([0, 1, 2, 3])(
    "cases 20–23: an fs/4 burst in an fs/6 tone, decimated at offset %i, reads 0.0 dBTP",
    (offset) => {
      within(truePeakOf(burstDownsampled(FS, offset)), 0);
    },
  );
});
