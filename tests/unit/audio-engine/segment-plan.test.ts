import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  MAX_PREROLL_SECONDS,
  MIN_PREROLL_SECONDS,
  planSegments,
  segmentPrerollSeconds,
} from "@bandspace/audio-engine/pure";
import { addBus, addInsert, addMidiClip, addTrack, setInsertParam, setTempo, type Origin } from "@bandspace/model";

const o: Origin = { kind: "user", userId: "segment-test" };

describe("planSegments: how a long render is cut", () => {
  it("covers every frame once, in order, with segments on render quanta", () => {
    const total = 48000 * 65 + 77;
    const segs = planSegments(total, 48000 * 20, 48000 * 5);
    expect(segs.map((s) => s.startFrame)).toEqual([0, 960000, 1920000, 2880000]);
    expect(segs.reduce((n, s) => n + s.frames, 0)).toBe(total);
    for (const s of segs) expect(s.startFrame % 128).toBe(0);
    for (const [i, s] of segs.entries())
      if (i > 0) expect(s.startFrame).toBe(segs[i - 1].startFrame + segs[i - 1].frames);
  });

  it("gives every segment but the first a quantum-rounded pre-roll that never reaches before the range start", () => {
    const segs = planSegments(48000 * 10, 48000, 48000 * 2.5 + 1);
    expect(segs[0].prerollFrames).toBe(0);
    expect(segs[1].prerollFrames).toBe(48000); // only one second exists before it
    expect(segs[2].prerollFrames).toBe(96000);
    expect(segs[3].prerollFrames).toBe(Math.ceil((48000 * 2.5 + 1) / 128) * 128);
    for (const s of segs) expect(s.prerollFrames % 128).toBe(0);
  });

  it("handles a range shorter than a segment and a zero-length pre-roll", () => {
    expect(planSegments(1000, 48000, 0)).toEqual([{ startFrame: 0, frames: 1000, prerollFrames: 0 }]);
  });
});

describe("segmentPrerollSeconds: long enough for every state to settle", () => {
  const song = () => {
    const doc = new Y.Doc();
    setTempo(doc, 120, o);
    const track = addTrack(doc, { name: "Keys", instrument: "pad" }, o).id;
    return { doc, track };
  };

  it("is the minimum for an empty song", () => {
    expect(segmentPrerollSeconds(song().doc)).toBe(MIN_PREROLL_SECONDS);
  });

  it("covers the longest note plus the instruments' release", () => {
    const { doc, track } = song();
    // 8 beats at 120 BPM: a 4-second note.
    addMidiClip(
      doc,
      {
        trackId: track,
        startTick: 0,
        lengthTicks: 960 * 16,
        notes: [{ pitch: 60, startTick: 0, durationTicks: 960 * 8, velocity: 90 }],
      },
      o,
    );
    expect(segmentPrerollSeconds(doc)).toBeCloseTo(4 + 2, 6);
  });

  it("adds a reverb's decay to −120 dB (twice its 60 dB decay) and a feedback delay's echoes", () => {
    const { doc, track } = song();
    const bus = addBus(doc, { name: "Hall" }, o);
    const rev = addInsert(doc, bus, "reverb", {}, o);
    setInsertParam(doc, rev, "decay", 5000, o);
    setInsertParam(doc, rev, "predelay", 0, o);
    const withReverb = segmentPrerollSeconds(doc);
    expect(withReverb).toBeCloseTo(10, 6);
    const delay = addInsert(doc, track, "delay", {}, o);
    setInsertParam(doc, delay, "sync", 0, o);
    setInsertParam(doc, delay, "time", 500, o);
    setInsertParam(doc, delay, "feedback", 50, o);
    // 0.5^n < 1e-6 from n = 20 echoes: (20 + 1) × 0.5 s after the reverb's 10 s.
    expect(segmentPrerollSeconds(doc)).toBeCloseTo(10 + 21 * 0.5, 6);
  });

  it("never exceeds its cap, so a segment's memory stays bounded", () => {
    const { doc, track } = song();
    const delay = addInsert(doc, track, "delay", {}, o);
    setInsertParam(doc, delay, "sync", 0, o);
    setInsertParam(doc, delay, "time", 2000, o);
    setInsertParam(doc, delay, "feedback", 95, o);
    expect(segmentPrerollSeconds(doc)).toBe(MAX_PREROLL_SECONDS);
  });
});
