/**
 * The live meter's core (what the master output's AudioWorklet runs, 128 frames at a time) reads what the
 * whole-buffer meter reads on the same samples: the final statistics, and every history point equals the
 * offline meter's momentary / short-term value at the same instant.
 */
import { describe, expect, it } from "vitest";
import { LiveLoudness, LoudnessMeter, type LiveLoudnessPoint, type LiveLoudnessUpdate } from "@bandspace/dsp";
import { toneSegments } from "./signals";

const FS = 44100;

/** Pink-ish noise (a few one-pole-filtered white noises summed), seeded. */
function noise(seconds: number, amp: number, seed = 7): Float32Array {
  let x = seed;
  const n = Math.round(seconds * FS);
  const out = new Float32Array(n);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const w = x / 2 ** 32 - 0.5;
    a = 0.99 * a + 0.1 * w;
    b = 0.9 * b + 0.3 * w;
    out[i] = amp * (a + b + 0.5 * w);
  }
  return out;
}

function programme(): Float32Array[] {
  const tone = toneSegments(FS, [
    { seconds: 3, dbfs: -20 },
    { seconds: 2, dbfs: -30 },
    { seconds: 3, dbfs: -14 },
  ]);
  const n = noise(8, 0.2);
  return tone.map((ch, c) => ch.map((v, i) => v + (c === 0 ? n[i] : -0.5 * n[i])));
}

function liveRun(planar: Float32Array[]): { updates: LiveLoudnessUpdate[]; points: LiveLoudnessPoint[] } {
  const live = new LiveLoudness({ sampleRate: FS, channels: 2 });
  const updates: LiveLoudnessUpdate[] = [];
  for (let i = 0; i < planar[0].length; i += 128) {
    const u = live.process(planar.map((ch) => ch.subarray(i, Math.min(i + 128, ch.length))));
    if (u) updates.push(u);
  }
  return { updates, points: updates.flatMap((u) => u.points) };
}

describe("live loudness core (the master meter worklet)", () => {
  it("ends with the whole-buffer meter's integrated, LRA, maxima, true peak and sample peak", () => {
    const planar = programme();
    const whole = new LoudnessMeter({ sampleRate: FS, channels: 2 });
    whole.push(planar);
    const offline = whole.read();
    const { updates } = liveRun(planar);
    const last = updates.at(-1)!.reading;
    // The last update is at most one post interval (and a block) short of the end: feed the rest and compare.
    expect(last.durationSeconds).toBeGreaterThan(offline.durationSeconds - 0.11);
    const live = new LiveLoudness({ sampleRate: FS, channels: 2 });
    for (let i = 0; i < planar[0].length; i += 128) live.process(planar.map((ch) => ch.subarray(i, i + 128)));
    const final = live.meter.read();
    for (const key of ["integrated", "lra", "momentaryMax", "shortTermMax", "truePeakDbtp", "samplePeakDbfs"] as const)
      expect(final[key], key).toBeCloseTo(offline[key]!, 9);
    expect(last.integrated).toBeCloseTo(offline.integrated!, 1);
  });

  it("takes a history point every 100 ms whose values are the offline meter's at that instant", () => {
    const planar = programme();
    const { points, updates } = liveRun(planar);
    expect(points.length).toBeGreaterThanOrEqual(79);
    expect(updates.every((u) => u.points.length <= 2)).toBe(true);
    for (let k = 1; k < points.length; k++) expect(points[k].t - points[k - 1].t).toBeCloseTo(0.1, 2);
    for (const p of points.filter((_, k) => k % 9 === 4)) {
      const frames = Math.round(p.t * FS);
      const m = new LoudnessMeter({ sampleRate: FS, channels: 2, truePeak: false });
      m.push(planar.map((ch) => ch.subarray(0, frames)));
      const w = m.windows();
      if (w.momentary === null) expect(p.momentary).toBeNull();
      else expect(p.momentary!).toBeCloseTo(w.momentary, 6);
      if (w.shortTerm === null) expect(p.shortTerm).toBeNull();
      else expect(p.shortTerm!).toBeCloseTo(w.shortTerm, 6);
    }
    // A steady −20 dBFS stereo 1 kHz tone with the noise reads about −20 LUFS at 2.9 s (momentary).
    const at = points.find((p) => Math.abs(p.t - 2.9) < 0.06)!;
    expect(at.momentary!).toBeGreaterThan(-21);
    expect(at.momentary!).toBeLessThan(-17);
  });

  it("starts afresh on reset and marks later updates with a new generation", () => {
    const planar = programme();
    const live = new LiveLoudness({ sampleRate: FS, channels: 2 });
    for (let i = 0; i < FS * 4; i += 128) live.process(planar.map((ch) => ch.subarray(i, i + 128)));
    live.reset();
    let u: LiveLoudnessUpdate | null = null;
    const silence = [new Float32Array(128), new Float32Array(128)];
    for (let i = 0; i < 40 && !u; i++) u = live.process(silence);
    expect(u!.generation).toBe(1);
    expect(u!.reading.integrated).toBeNull();
    expect(u!.reading.samplePeakDbfs).toBeNull(); // silence has no peak
    expect(u!.points[0].t).toBeCloseTo(0.1, 2);
  });
});
