import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  addAudioClip,
  addRecordedTake,
  checkSongInvariants,
  copyAudioClips,
  createUndoManager,
  deleteAudioClips,
  duplicateAudioClips,
  getAudioClip,
  glueAudioClips,
  listAudioClips,
  moveAudioClipTo,
  pasteAudioClips,
  planAudioPlayback,
  repairSongDoc,
  setAudioClipFades,
  setCrossfadeLaw,
  slipAudioClip,
  splitAudioClip,
  trimAudioClipEnd,
  trimAudioClipStart,
  type AudioClip,
  type Origin,
} from "@bandspace/model";
import { USER, expectOneTransaction, expectRejected } from "./helpers/doc-spy";
import { editSetup, takeInit } from "./helpers/edit-fixtures";

/** At the default 120 BPM one tick is 1/1920 s: 25 frames at 48 kHz, so tick edits land on whole frames. */
const FRAMES_PER_TICK = 25;
const BAR = 3840;

/** Where frame 0 of the clip's take sits, in frames from the song start: equal for pieces that did not move. */
const anchor = (c: AudioClip) => c.startTick * FRAMES_PER_TICK - c.offsetFrames;

describe("audio clip editing", () => {
  it("split at a tick makes two gapless pieces of the take, in one transaction; the fade-out moves right", () => {
    const { doc, audio } = editSetup();
    const { clip } = addRecordedTake(doc, takeInit(audio, 1), USER);
    setAudioClipFades(doc, clip.id, { fadeInFrames: 100, fadeOutFrames: 200, fadeOutCurve: "s-curve" }, USER);
    const { result } = expectOneTransaction(doc, USER, () => splitAudioClip(doc, clip.id, BAR + 1000, USER));
    expect(result.left).toMatchObject({ id: clip.id, startTick: BAR, offsetFrames: 0, lengthFrames: 25_000 });
    expect(result.left).toMatchObject({ fadeInFrames: 100, fadeOutFrames: 0 });
    expect(result.right).toMatchObject({ startTick: BAR + 1000, offsetFrames: 25_000, lengthFrames: 384_000 - 25_000 });
    expect(result.right).toMatchObject({ fadeInFrames: 0, fadeOutFrames: 200, fadeOutCurve: "s-curve" });
    expect(anchor(result.right)).toBe(anchor(result.left));
    expectRejected(doc, "INVALID_EDIT", () => splitAudioClip(doc, clip.id, BAR, USER));
    expectRejected(doc, "INVALID_EDIT", () => splitAudioClip(doc, clip.id, BAR + 1000, USER));
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("trimming an edge keeps the audio where it was and can pull it back, but never past the take", () => {
    const { doc, audio } = editSetup();
    const { clip } = addRecordedTake(doc, takeInit(audio, 1), USER);
    trimAudioClipStart(doc, clip.id, BAR + 960, USER);
    const trimmed = getAudioClip(doc, clip.id)!;
    expect(trimmed).toMatchObject({ startTick: BAR + 960, offsetFrames: 24_000, lengthFrames: 360_000 });
    expect(anchor(trimmed)).toBe(anchor(clip));
    trimAudioClipStart(doc, clip.id, BAR + 480, USER);
    expect(getAudioClip(doc, clip.id)).toMatchObject({ offsetFrames: 12_000, lengthFrames: 372_000 });
    expectRejected(doc, "INVALID_EDIT", () => trimAudioClipStart(doc, clip.id, BAR - 1, USER));
    trimAudioClipEnd(doc, clip.id, 3 * BAR, USER);
    expect(getAudioClip(doc, clip.id)).toMatchObject({ lengthFrames: 2 * 96_000 - 12_000 });
    expectRejected(doc, "INVALID_EDIT", () => trimAudioClipEnd(doc, clip.id, 5 * BAR + 1, USER));
    expectRejected(doc, "INVALID_EDIT", () => trimAudioClipEnd(doc, clip.id, BAR + 480, USER));
    trimAudioClipEnd(doc, clip.id, 5 * BAR, USER);
    expect(getAudioClip(doc, clip.id)).toMatchObject({ offsetFrames: 12_000, lengthFrames: 372_000 });
  });

  it("a trim shortens the fades with the clip so they never outgrow it", () => {
    const { doc, audio } = editSetup();
    const { clip } = addRecordedTake(doc, takeInit(audio, 1), USER);
    setAudioClipFades(doc, clip.id, { fadeInFrames: 50_000, fadeOutFrames: 50_000 }, USER);
    trimAudioClipEnd(doc, clip.id, BAR + 2000, USER);
    expect(getAudioClip(doc, clip.id)).toMatchObject({ lengthFrames: 50_000, fadeInFrames: 50_000, fadeOutFrames: 0 });
    expectRejected(doc, "INVALID_FADE", () => setAudioClipFades(doc, clip.id, { fadeOutFrames: 1 }, USER));
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("slip moves the audio inside the clip, within the take only", () => {
    const { doc, audio } = editSetup();
    const { clip } = addRecordedTake(doc, takeInit(audio, 1), USER);
    trimAudioClipEnd(doc, clip.id, 2 * BAR, USER);
    slipAudioClip(doc, clip.id, 1234, USER);
    expect(getAudioClip(doc, clip.id)).toMatchObject({ startTick: BAR, offsetFrames: 1234, lengthFrames: 96_000 });
    slipAudioClip(doc, clip.id, 3 * 96_000, USER);
    expectRejected(doc, "INVALID_EDIT", () => slipAudioClip(doc, clip.id, 3 * 96_000 + 1, USER));
    expectRejected(doc, "INVALID_EDIT", () => slipAudioClip(doc, clip.id, -1, USER));
  });

  it("glue puts split pieces back together exactly; pieces that moved apart are refused", () => {
    const { doc, audio } = editSetup();
    const { clip } = addRecordedTake(doc, takeInit(audio, 1), USER);
    const a = splitAudioClip(doc, clip.id, 2 * BAR, USER);
    const b = splitAudioClip(doc, a.right.id, 3 * BAR, USER);
    const glued = glueAudioClips(doc, [b.right.id, clip.id, a.right.id], USER);
    expect(glued).toEqual(clip);
    expect(listAudioClips(doc)).toEqual([clip]);
    const c = splitAudioClip(doc, clip.id, 2 * BAR, USER);
    moveAudioClipTo(doc, c.right.id, { startTick: 2 * BAR + 100 }, USER);
    expectRejected(doc, "INVALID_EDIT", () => glueAudioClips(doc, [clip.id, c.right.id], USER));
  });

  it("moves across audio tracks only; copy/paste lands at a tick on any audio track; duplicate follows the selection", () => {
    const { doc, audio, audio2, synth } = editSetup();
    const { clip } = addRecordedTake(doc, takeInit(audio, 1), USER);
    trimAudioClipEnd(doc, clip.id, 2 * BAR, USER);
    moveAudioClipTo(doc, clip.id, { trackId: audio2, startTick: 0 }, USER);
    expect(getAudioClip(doc, clip.id)).toMatchObject({ trackId: audio2, startTick: 0 });
    expectRejected(doc, "NOT_AN_AUDIO_TRACK", () => moveAudioClipTo(doc, clip.id, { trackId: synth }, USER));
    setAudioClipFades(doc, clip.id, { fadeInFrames: 480, fadeInCurve: "exponential" }, USER);
    const board = copyAudioClips(doc, [clip.id]);
    const [pasted] = pasteAudioClips(doc, board, { tick: 7 * BAR, trackId: audio }, USER);
    expect(pasted).toMatchObject({ trackId: audio, startTick: 7 * BAR, offsetFrames: 0, lengthFrames: 96_000 });
    expect(pasted).toMatchObject({ fadeInFrames: 480, fadeInCurve: "exponential", takeId: clip.takeId });
    const [dup] = duplicateAudioClips(doc, [clip.id], USER);
    expect(dup).toMatchObject({ trackId: audio2, startTick: BAR, lengthFrames: 96_000 });
    expectRejected(doc, "INVALID_CLIPBOARD", () =>
      pasteAudioClips(doc, { ...board, clips: [{ ...board.clips[0], lengthFrames: 10 ** 9 }] }, { tick: 0 }, USER),
    );
    deleteAudioClips(doc, [pasted.id, dup.id], USER);
    expect(listAudioClips(doc).map((c) => c.id)).toEqual([clip.id]);
  });

  it("overlapping clips on one track crossfade over the overlap by the later clip's law; apart clips keep their own fades", () => {
    const { doc, audio } = editSetup();
    const { clip } = addRecordedTake(doc, takeInit(audio, 1), USER);
    trimAudioClipEnd(doc, clip.id, 2 * BAR, USER);
    setAudioClipFades(doc, clip.id, { fadeInFrames: 100, fadeInCurve: "linear", fadeOutFrames: 300 }, USER);
    const later = addAudioClip(doc, { takeId: clip.takeId, startTick: 2 * BAR - 40, lengthFrames: 48_000 }, USER);
    let [a, b] = planAudioPlayback(doc);
    expect(a).toMatchObject({ key: clip.id, startSeconds: 2, lengthFrames: 96_000 });
    expect(a.fadeIn).toEqual({ frames: 100, curve: "linear" });
    expect(a.fadeOut).toEqual({ frames: 1000, crossfade: "equal-power" });
    expect(b.fadeIn).toEqual({ frames: 1000, crossfade: "equal-power" });
    expect(b.fadeOut).toBeNull();
    setCrossfadeLaw(doc, later.id, "equal-gain", USER);
    [a, b] = planAudioPlayback(doc);
    expect(b.fadeIn).toEqual({ frames: 1000, crossfade: "equal-gain" });
    moveAudioClipTo(doc, later.id, { startTick: 3 * BAR }, USER);
    [a, b] = planAudioPlayback(doc);
    expect(a.fadeOut).toEqual({ frames: 300, curve: "equal-power" });
    expect(b.fadeIn).toBeNull();
  });

  it("undo takes back only my split, for everyone", () => {
    const { doc, audio } = editSetup();
    const me: Origin = { kind: "user", userId: "me" };
    const other: Origin = { kind: "user", userId: "other" };
    const { clip } = addRecordedTake(doc, takeInit(audio, 1), other);
    const undo = createUndoManager(doc, me, 0);
    splitAudioClip(doc, clip.id, 2 * BAR, me);
    setAudioClipFades(doc, clip.id, { fadeInFrames: 10 }, other);
    undo.undo();
    expect(listAudioClips(doc)).toEqual([{ ...clip, fadeInFrames: 10 }]);
  });
});

describe("audio clip edits merged concurrently, then repaired", () => {
  function pair() {
    const a = editSetup();
    const b = new Y.Doc();
    const { clip } = addRecordedTake(a.doc, takeInit(a.audio, 1), USER);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc));
    const merge = () => {
      const ua = Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b));
      const ub = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a.doc));
      Y.applyUpdate(a.doc, ub);
      Y.applyUpdate(b, ua);
    };
    return { a: a.doc, b, clip, merge };
  }
  const A: Origin = { kind: "user", userId: "a" };
  const B: Origin = { kind: "user", userId: "b" };

  it("A trims the start while B splits: the repaired result has both edits and no audio twice", () => {
    const { a, b, clip, merge } = pair();
    trimAudioClipStart(a, clip.id, BAR + 960, A);
    const { right } = splitAudioClip(b, clip.id, 3 * BAR, B);
    merge();
    expect(checkSongInvariants(a).map((v) => v.invariant)).toContain("audio-clip-pieces");
    repairSongDoc(a);
    repairSongDoc(b);
    merge();
    expect(listAudioClips(a)).toEqual(listAudioClips(b));
    expect(checkSongInvariants(a)).toEqual([]);
    expect(listAudioClips(a)).toMatchObject([
      { id: clip.id, startTick: BAR + 960, offsetFrames: 24_000, lengthFrames: 2 * 96_000 - 24_000 },
      { id: right.id, startTick: 3 * BAR, offsetFrames: 2 * 96_000, lengthFrames: 2 * 96_000 },
    ]);
  });

  it("A lengthens the end while B slips past it: repair keeps the window inside the take on both peers alike", () => {
    const { a, b, clip, merge } = pair();
    trimAudioClipEnd(a, clip.id, 2 * BAR, A);
    slipAudioClip(a, clip.id, 100_000, A);
    merge();
    trimAudioClipEnd(a, clip.id, 3 * BAR, A); // 192 000 frames from 100 000: fits
    setAudioClipFades(b, clip.id, { fadeInFrames: 90_000 }, B);
    slipAudioClip(b, clip.id, 288_000, B); // 96 000 frames from 288 000: fits
    merge();
    expect(checkSongInvariants(a).map((v) => v.invariant)).toContain("audio-clip-window");
    repairSongDoc(a);
    repairSongDoc(b);
    merge();
    expect(checkSongInvariants(a)).toEqual([]);
    expect(listAudioClips(a)).toEqual(listAudioClips(b));
    expect(listAudioClips(a)[0]).toMatchObject({ offsetFrames: 288_000, lengthFrames: 96_000, fadeInFrames: 90_000 });
  });

  it("A moves a clip B deletes: it stays deleted on both", () => {
    const { a, b, clip, merge } = pair();
    moveAudioClipTo(a, clip.id, { startTick: 0 }, A);
    deleteAudioClips(b, [clip.id], B);
    merge();
    expect(listAudioClips(a)).toEqual([]);
    expect(listAudioClips(b)).toEqual([]);
    expect(repairSongDoc(a)).toBe(false);
  });

  it("rogue writes (fades longer than the clip, a window past the take) are clamped by repair", () => {
    const { a, clip } = pair();
    const map = a.getMap<Y.Map<unknown>>("audioClips").get(clip.id)!;
    a.transact(() => {
      map.set("fadeInFrames", 10 ** 7);
      map.set("fadeOutFrames", 5);
      map.set("offsetFrames", 384_000);
      map.set("fadeInCurve", "wobbly");
    });
    expect(checkSongInvariants(a).length).toBeGreaterThan(0);
    expect(repairSongDoc(a)).toBe(true);
    expect(checkSongInvariants(a)).toEqual([]);
    expect(listAudioClips(a)[0]).toMatchObject({
      offsetFrames: 383_999,
      lengthFrames: 1,
      fadeInFrames: 1,
      fadeOutFrames: 0,
      fadeInCurve: "equal-power",
    });
    expect(repairSongDoc(a)).toBe(false);
  });
});
