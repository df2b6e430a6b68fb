import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  addRecordedTake,
  checkSongInvariants,
  createUndoManager,
  getAudioClip,
  glueAudioClips,
  listAudioClips,
  pieceAnchorFrame,
  planAudioPlayback,
  quantizeAudioClipStarts,
  readTempoMap,
  repairSongDoc,
  setAudioClipFades,
  setAudioClipsReversed,
  splitAudioClip,
  stripSilence,
  toggleAudioClipsReversed,
  trimAudioClipEnd,
  trimAudioClipStart,
  type AudioClip,
  type Origin,
} from "@bandspace/model";
import { USER, expectOneTransaction, expectRejected } from "./helpers/doc-spy";
import { editSetup, takeInit } from "./helpers/edit-fixtures";

/** At the default 120 BPM one tick is 1/1920 s: 25 frames at 48 kHz. Takes: four bars (384 000 frames) at bar 2. */
const FRAMES_PER_TICK = 25;
const BAR = 3840;
const TAKE_FRAMES = 4 * 96000;
/** The person whose undo is tested; USER (another origin) edits too, and their edits must stay. */
const ME = { kind: "user" as const, userId: "me" };

/**
 * What a clip plays, frame by frame on the timeline: [timeline frame, take frame] for a few probe positions —
 * the oracle that edits of reversed clips keep the sound where it was.
 */
function heard(clip: AudioClip, probes: number[]): [number, number][] {
  const start = clip.startTick * FRAMES_PER_TICK;
  return probes
    .filter((t) => t >= start && t < start + clip.lengthFrames)
    .map((t) => {
      const k = t - start;
      return [t, clip.reversed ? clip.offsetFrames + clip.lengthFrames - 1 - k : clip.offsetFrames + k];
    });
}

const PROBES = [BAR * 25, BAR * 25 + 1, 100_000, 123_457, 200_000, 300_001, 400_000, BAR * 25 + TAKE_FRAMES - 1];
const allHeard = (clips: AudioClip[]) =>
  clips.flatMap((c) => heard(c, PROBES)).sort((a, b) => a[0] - b[0] || a[1] - b[1]);

describe("reverse", () => {
  it("reverses a selection in one transaction; the plan plays the window backwards; toggling twice restores", () => {
    const { doc, audio, audio2 } = editSetup();
    const a = addRecordedTake(doc, takeInit(audio, 1), USER).clip;
    const b = addRecordedTake(doc, takeInit(audio2, 2), USER).clip;
    expectOneTransaction(doc, USER, () => toggleAudioClipsReversed(doc, [a.id, b.id], USER));
    expect(getAudioClip(doc, a.id)!.reversed).toBe(true);
    expect(planAudioPlayback(doc).map((r) => r.reversed)).toEqual([true, true]);
    toggleAudioClipsReversed(doc, [a.id], USER);
    expect(getAudioClip(doc, a.id)!.reversed).toBe(false);
    expect(getAudioClip(doc, b.id)!.reversed).toBe(true);
    expect(checkSongInvariants(doc)).toEqual([]);
    expectRejected(doc, "AUDIO_CLIP_NOT_FOUND", () => setAudioClipsReversed(doc, ["nope"], true, USER));
    expectRejected(doc, "INVALID_EDIT", () => setAudioClipsReversed(doc, [], true, USER));
  });

  it("split, trims and glue of a reversed clip keep every timeline position playing the same take frame", () => {
    const { doc, audio } = editSetup();
    const { clip } = addRecordedTake(doc, takeInit(audio, 1), USER);
    trimAudioClipStart(doc, clip.id, BAR + 100, USER);
    setAudioClipsReversed(doc, [clip.id], true, USER);
    const before = allHeard(listAudioClips(doc));
    const { left, right } = splitAudioClip(doc, clip.id, BAR + 2000, USER);
    // The left piece plays the window's last take frames, the right its first.
    expect(left.offsetFrames).toBeGreaterThan(right.offsetFrames);
    expect(right.offsetFrames + right.lengthFrames).toBe(left.offsetFrames);
    expect(allHeard(listAudioClips(doc))).toEqual(before);
    const tempo = readTempoMap(doc);
    expect(pieceAnchorFrame(tempo, left, 48000)).toBe(pieceAnchorFrame(tempo, right, 48000));
    expect(checkSongInvariants(doc)).toEqual([]);

    // Trimming either edge shortens the clip without moving what the rest of it plays.
    trimAudioClipEnd(doc, right.id, BAR + 5000, USER);
    trimAudioClipStart(doc, left.id, BAR + 500, USER);
    const kept = allHeard(listAudioClips(doc));
    expect(kept.length).toBeGreaterThan(0);
    for (const pair of kept) expect(before).toContainEqual(pair);
    // Pulling the reversed start back past the take's end is refused.
    expectRejected(doc, "INVALID_EDIT", () => trimAudioClipStart(doc, left.id, BAR + 50, USER));

    trimAudioClipEnd(doc, right.id, BAR + 100 + TAKE_FRAMES / FRAMES_PER_TICK - 100, USER);
    trimAudioClipStart(doc, left.id, BAR + 100, USER);
    const glued = glueAudioClips(doc, [right.id, left.id], USER);
    expect(glued).toMatchObject({ id: left.id, reversed: true, offsetFrames: 2500, lengthFrames: TAKE_FRAMES - 2500 });
    expect(allHeard(listAudioClips(doc))).toEqual(before);
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("a reverse merged with a concurrent split and trim converges to one valid arrangement on both peers", () => {
    const { doc: a, audio } = editSetup();
    const { clip } = addRecordedTake(a, takeInit(audio, 1), USER);
    setAudioClipsReversed(a, [clip.id], true, USER);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const ana: Origin = { kind: "user", userId: "ana" };
    const ben: Origin = { kind: "user", userId: "ben" };
    // Ana splits the reversed clip; Ben trims its end and plays it forwards again: both write the same keys.
    splitAudioClip(a, clip.id, BAR + 3000, ana);
    trimAudioClipEnd(b, clip.id, BAR + 6000, ben);
    setAudioClipsReversed(b, [clip.id], false, ben);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    repairSongDoc(a);
    repairSongDoc(b);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(checkSongInvariants(a)).toEqual([]);
    expect(listAudioClips(a)).toEqual(listAudioClips(b));
  });
});

describe("quantize audio clip starts", () => {
  it("moves each clip's start to the nearest grid line, keeping its window; one undo step of its author", () => {
    const { doc, audio, audio2 } = editSetup();
    const a = addRecordedTake(doc, takeInit(audio, 1, { startTick: BAR + 130 }), USER).clip;
    const b = addRecordedTake(doc, takeInit(audio2, 2, { startTick: BAR + 900 }), USER).clip;
    trimAudioClipStart(doc, a.id, BAR + 1500, USER);
    const trimmed = getAudioClip(doc, a.id)!;
    const undo = createUndoManager(doc, ME, 0);
    const { result } = expectOneTransaction(doc, ME, () => quantizeAudioClipStarts(doc, [a.id, b.id], "beat", ME));
    expect(result.sort()).toEqual([a.id, b.id].sort());
    // BAR + 1500 → BAR + 1920 (two beats), BAR + 900 → BAR + 960; offsets and lengths unchanged.
    expect(getAudioClip(doc, a.id)).toMatchObject({
      startTick: BAR + 1920,
      offsetFrames: trimmed.offsetFrames,
      lengthFrames: trimmed.lengthFrames,
    });
    expect(getAudioClip(doc, b.id)).toMatchObject({ startTick: BAR + 960, offsetFrames: 0 });
    expect(quantizeAudioClipStarts(doc, [a.id, b.id], "beat", USER)).toEqual([]);
    undo.undo();
    expect(getAudioClip(doc, a.id)!.startTick).toBe(BAR + 1500);
    expect(getAudioClip(doc, b.id)!.startTick).toBe(BAR + 900);
    expect(quantizeAudioClipStarts(doc, [a.id], "bar", USER)).toEqual([a.id]);
    expect(getAudioClip(doc, a.id)!.startTick).toBe(BAR);
    expectRejected(doc, "INVALID_EDIT", () => quantizeAudioClipStarts(doc, [a.id], "off", USER));
    expect(checkSongInvariants(doc)).toEqual([]);
  });
});

describe("strip silence", () => {
  it("cuts the clip into one clip per kept range at the same alignment, in one transaction, undone as one step", () => {
    const { doc, audio } = editSetup();
    const { clip } = addRecordedTake(doc, takeInit(audio, 1), USER);
    setAudioClipFades(doc, clip.id, { fadeInFrames: 300, fadeOutFrames: 400 }, USER);
    const undo = createUndoManager(doc, ME, 0);
    const kept = [
      { startFrame: 0, endFrame: 24_000 },
      { startFrame: 48_010, endFrame: 72_010 }, // not on ticks: widened outwards to 48 000..72 025
      { startFrame: 300_000, endFrame: TAKE_FRAMES },
    ];
    const { result } = expectOneTransaction(doc, ME, () => stripSilence(doc, clip.id, kept, ME));
    expect(result.map((c) => [c.startTick, c.offsetFrames, c.lengthFrames, c.fadeInFrames, c.fadeOutFrames])).toEqual([
      [BAR, 0, 24_000, 300, 0],
      [BAR + 1920, 48_000, 24_025, 0, 0],
      [BAR + 12_000, 300_000, 84_000, 0, 400],
    ]);
    expect(result[0].id).toBe(clip.id);
    const tempo = readTempoMap(doc);
    for (const c of result) expect(pieceAnchorFrame(tempo, c, 48000)).toBe(BAR * FRAMES_PER_TICK);
    expect(checkSongInvariants(doc)).toEqual([]);
    setAudioClipFades(doc, clip.id, { fadeInCurve: "linear" }, USER); // a bandmate's edit after mine stays
    undo.undo();
    expect(listAudioClips(doc)).toEqual([getAudioClip(doc, clip.id)]);
    expect(getAudioClip(doc, clip.id)).toMatchObject({ lengthFrames: TAKE_FRAMES, fadeInFrames: 300 });
    expect(getAudioClip(doc, clip.id)!.fadeInCurve).toBe("linear");
  });

  it("ranges that touch once widened to ticks become one clip; a reversed clip keeps its sound in place", () => {
    const { doc, audio } = editSetup();
    const { clip } = addRecordedTake(doc, takeInit(audio, 1), USER);
    setAudioClipsReversed(doc, [clip.id], true, USER);
    const before = allHeard(listAudioClips(doc));
    const pieces = stripSilence(
      doc,
      clip.id,
      [
        { startFrame: 10, endFrame: 1010 },
        { startFrame: 1020, endFrame: 2000 },
        { startFrame: 150_000, endFrame: 250_000 },
      ],
      USER,
    );
    expect(pieces.map((c) => [c.startTick, c.lengthFrames, c.reversed])).toEqual([
      [BAR, 2000, true],
      [BAR + 6000, 100_000, true],
    ]);
    expect(pieces[1].offsetFrames).toBe(TAKE_FRAMES - 250_000);
    for (const pair of allHeard(pieces)) expect(before).toContainEqual(pair);
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("refuses no ranges, unordered or overlapping ranges and ranges outside the clip, changing nothing", () => {
    const { doc, audio } = editSetup();
    const { clip } = addRecordedTake(doc, takeInit(audio, 1), USER);
    for (const bad of [
      [],
      [
        { startFrame: 5000, endFrame: 6000 },
        { startFrame: 1000, endFrame: 2000 },
      ],
      [
        { startFrame: 0, endFrame: 6000 },
        { startFrame: 5000, endFrame: 7000 },
      ],
      [{ startFrame: 0, endFrame: TAKE_FRAMES + 1 }],
      [{ startFrame: -5, endFrame: 10 }],
      [{ startFrame: 10, endFrame: 10 }],
      [{ startFrame: 1.5, endFrame: 10 }],
    ])
      expectRejected(doc, "INVALID_EDIT", () => stripSilence(doc, clip.id, bad, USER));
  });
});
