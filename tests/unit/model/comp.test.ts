import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  addRecordedTake,
  checkSongInvariants,
  compTake,
  flattenComp,
  listAudioClips,
  listCompSegments,
  planAudioPlayback,
  removeCompSegment,
  repairSongDoc,
  setAudioClipGain,
  setCompCrossfade,
  type Origin,
} from "@bandspace/model";
import { USER, expectOneTransaction, expectRejected } from "./helpers/doc-spy";
import { editSetup, takeInit } from "./helpers/edit-fixtures";

const BAR = 3840;

/** A loop recording of two passes (one group, two take lanes) starting at bar 2, four bars each. */
function loopRecording() {
  const s = editSetup();
  const p0 = addRecordedTake(s.doc, takeInit(s.audio, 1, { groupId: "loop1", passIndex: 0 }), USER);
  const p1 = addRecordedTake(s.doc, takeInit(s.audio, 2, { groupId: "loop1", passIndex: 1 }), USER);
  return { ...s, clip: p1.clip, pass0: p0.take.id, pass1: p1.take.id };
}

const ranges = (doc: Y.Doc) => listCompSegments(doc).map((s) => [s.takeId, s.startTick, s.endTick]);

describe("comping", () => {
  it("a swipe makes a take play in a range, cutting what other segments had there", () => {
    const { doc, pass0, pass1 } = loopRecording();
    compTake(doc, { takeId: pass0, startTick: BAR, endTick: 5 * BAR }, USER);
    const { result } = expectOneTransaction(doc, USER, () =>
      compTake(doc, { takeId: pass1, startTick: 2 * BAR, endTick: 3 * BAR }, USER),
    );
    expect(result).toMatchObject({ takeId: pass1, startTick: 2 * BAR, endTick: 3 * BAR, crossfadeTicks: 30 });
    expect(ranges(doc)).toEqual([
      [pass0, BAR, 2 * BAR],
      [pass1, 2 * BAR, 3 * BAR],
      [pass0, 3 * BAR, 5 * BAR],
    ]);
    compTake(doc, { takeId: pass0, startTick: 2 * BAR - 10, endTick: 3 * BAR + 10 }, USER);
    expect(ranges(doc)).toEqual([
      [pass0, BAR, 2 * BAR - 10],
      [pass0, 2 * BAR - 10, 3 * BAR + 10],
      [pass0, 3 * BAR + 10, 5 * BAR],
    ]);
    expectRejected(doc, "INVALID_EDIT", () => compTake(doc, { takeId: pass0, startTick: 9, endTick: 9 }, USER));
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("the comp plays instead of the recording's clip, each take at its recorded place, crossfading at boundaries", () => {
    const { doc, clip, pass0, pass1 } = loopRecording();
    setAudioClipGain(doc, clip.id, -6, USER);
    expect(planAudioPlayback(doc).map((r) => r.key)).toEqual([clip.id]);
    compTake(doc, { takeId: pass0, startTick: BAR, endTick: 2 * BAR }, USER);
    const second = compTake(doc, { takeId: pass1, startTick: 2 * BAR, endTick: 3 * BAR }, USER);
    setCompCrossfade(doc, second.id, 40, USER);
    const [a, b] = planAudioPlayback(doc);
    // 40 ticks = 1000 frames at 48 kHz, 120 BPM, centred on bar 3 (4 s): pass 0 runs 500 frames late, pass 1 starts 500 early.
    expect(a).toMatchObject({ takeId: pass0, startSeconds: 2, offsetFrames: 0, lengthFrames: 96_500, gainDb: -6 });
    expect(b).toMatchObject({ takeId: pass1, offsetFrames: 95_500, lengthFrames: 96_500, gainDb: -6 });
    expect(b.startSeconds).toBeCloseTo(4 - 500 / 48000, 12);
    expect(a.fadeOut).toEqual({ frames: 1000, crossfade: "equal-power" });
    expect(b.fadeIn).toEqual({ frames: 1000, crossfade: "equal-power" });
    removeCompSegment(doc, second.id, USER);
    expect(planAudioPlayback(doc)).toMatchObject([{ takeId: pass0, lengthFrames: 96_000, fadeOut: null }]);
    expectRejected(doc, "INVALID_FADE", () => setCompCrossfade(doc, listCompSegments(doc)[0].id, 99_999, USER));
  });

  it("flatten comp turns it into ordinary clips that play exactly what the comp played", () => {
    const { doc, audio, clip, pass0, pass1 } = loopRecording();
    compTake(doc, { takeId: pass0, startTick: BAR, endTick: 2 * BAR }, USER);
    compTake(doc, { takeId: pass1, startTick: 2 * BAR, endTick: 3 * BAR + 480 }, USER);
    compTake(doc, { takeId: pass0, startTick: 3 * BAR + 480, endTick: 5 * BAR }, USER);
    const before = planAudioPlayback(doc).map(({ key: _key, ...r }) => r);
    const clips = flattenComp(doc, audio, "loop1", USER);
    expect(clips.map((c) => c.takeId)).toEqual([pass0, pass1, pass0]);
    expect(listCompSegments(doc)).toEqual([]);
    expect(listAudioClips(doc).some((c) => c.id === clip.id)).toBe(false);
    expect(planAudioPlayback(doc).map(({ key: _key, ...r }) => r)).toEqual(before);
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("two bandmates swiping overlapping ranges at once end on one comp, ordered and apart, on both", () => {
    const { doc: a, pass0, pass1 } = loopRecording();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const A: Origin = { kind: "user", userId: "a" };
    const B: Origin = { kind: "user", userId: "b" };
    compTake(a, { takeId: pass0, startTick: BAR, endTick: 3 * BAR }, A);
    compTake(b, { takeId: pass1, startTick: 2 * BAR, endTick: 4 * BAR }, B);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(checkSongInvariants(a).map((v) => v.invariant)).toEqual(["comp-segments"]);
    expect(ranges(a)).toEqual(ranges(b));
    expect(ranges(a)).toEqual([
      [pass0, BAR, 3 * BAR],
      [pass1, 3 * BAR, 4 * BAR],
    ]);
    repairSongDoc(a);
    repairSongDoc(b);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(checkSongInvariants(a)).toEqual([]);
    expect(ranges(a)).toEqual([
      [pass0, BAR, 3 * BAR],
      [pass1, 3 * BAR, 4 * BAR],
    ]);
    expect(repairSongDoc(b)).toBe(false);
  });
});
