import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  addAudioClip,
  addRecordedTake,
  addTrack,
  deleteAudioClip,
  deleteTrack,
  getAudioClip,
  listAudioClips,
  listTakeLanes,
  listTakes,
  moveAudioClip,
  moveAudioClipTo,
  observeTakes,
  setActiveTake,
  setAudioClipGain,
  trimAudioClip,
  type RecordedTakeInit,
  type TakesChange,
} from "@bandspace/model";
import { USER, expectOneTransaction, expectRejected } from "./helpers/doc-spy";

function setup() {
  const doc = new Y.Doc();
  const audio = addTrack(doc, { kind: "audio", name: "Vox" }, USER);
  const synth = addTrack(doc, { kind: "instrument" }, USER);
  return { doc, audio: audio.id, synth: synth.id };
}

const take = (trackId: string, n: number, extra: Partial<RecordedTakeInit> = {}): RecordedTakeInit => ({
  takeId: `take${String(n).padStart(12, "0")}`,
  trackId,
  startTick: 3840,
  sampleRate: 48000,
  channels: 1,
  frames: 96000,
  latencyMs: 12.5,
  createdBy: "Ana",
  createdAt: 1000 + n,
  ...extra,
});

describe("recorded takes and audio clips", () => {
  it("a track's takes, clips and lanes are exactly its share of the whole session's", () => {
    const { doc, audio } = setup();
    const other = addTrack(doc, { kind: "audio", name: "Gtr" }, USER).id;
    for (let n = 1; n <= 6; n++) addRecordedTake(doc, take(n % 2 ? audio : other, n, { startTick: n * 3840 }), USER);
    for (const trackId of [audio, other]) {
      expect(listAudioClips(doc, trackId)).toEqual(listAudioClips(doc).filter((c) => c.trackId === trackId));
      expect(listTakes(doc, trackId)).toEqual(listTakes(doc).filter((t) => t.trackId === trackId));
      expect(listAudioClips(doc, trackId)).toHaveLength(3);
      expect(listTakeLanes(doc, trackId).map((l) => l.clipId)).toEqual(listAudioClips(doc, trackId).map((c) => c.id));
    }
    // A clip moved to the other track is listed there, not here.
    const moved = listAudioClips(doc, audio)[0];
    moveAudioClipTo(doc, moved.id, { trackId: other }, USER);
    expect(listAudioClips(doc, audio).map((c) => c.id)).not.toContain(moved.id);
    expect(listAudioClips(doc, other).map((c) => c.id)).toContain(moved.id);
  });

  it("a finished take becomes one audio clip spanning it, in one transaction", () => {
    const { doc, audio } = setup();
    const { result } = expectOneTransaction(doc, USER, () => addRecordedTake(doc, take(audio, 1), USER));
    expect(result.take).toMatchObject({
      trackId: audio,
      groupId: result.take.id,
      passIndex: 0,
      startTick: 3840,
      frames: 96000,
      createdBy: "Ana",
    });
    expect(result.clip).toMatchObject({
      trackId: audio,
      takeId: result.take.id,
      startTick: 3840,
      offsetFrames: 0,
      lengthFrames: 96000,
      gainDb: 0,
    });
    expect(listAudioClips(doc, audio)).toEqual([result.clip]);
  });

  it("adding the same take twice (a reloaded recorder) changes nothing", () => {
    const { doc, audio } = setup();
    const first = addRecordedTake(doc, take(audio, 1), USER);
    const before = Y.encodeStateVector(doc);
    const again = addRecordedTake(doc, take(audio, 1), USER);
    expect(again).toEqual(first);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it("loop passes share one clip: the newest pass plays, every pass is a take lane, any can be made active", () => {
    const { doc, audio } = setup();
    const group = "loopgroup1";
    const passes = [0, 1, 2].map((p) =>
      addRecordedTake(doc, take(audio, p + 1, { groupId: group, passIndex: p }), USER),
    );
    expect(listAudioClips(doc, audio)).toHaveLength(1);
    const clip = listAudioClips(doc, audio)[0];
    expect(clip.takeId).toBe(passes[2].take.id);
    const lanes = listTakeLanes(doc, audio);
    expect(lanes).toHaveLength(1);
    expect(lanes[0]).toMatchObject({ groupId: group, clipId: clip.id, activeTakeId: passes[2].take.id });
    expect(lanes[0].takes.map((t) => t.passIndex)).toEqual([0, 1, 2]);
    expectOneTransaction(doc, USER, () => setActiveTake(doc, clip.id, passes[0].take.id, USER));
    expect(getAudioClip(doc, clip.id)?.takeId).toBe(passes[0].take.id);
  });

  it("passes that finish out of order: the newest pass plays, whichever finished last", () => {
    const { doc, audio } = setup();
    const group = "loopgroup2";
    const [p0, p2, p1] = [0, 2, 1].map((p) =>
      addRecordedTake(doc, take(audio, p + 1, { groupId: group, passIndex: p }), USER),
    );
    const clip = listAudioClips(doc, audio)[0];
    expect(p0.clip.id).toBe(clip.id);
    expect(clip.takeId).toBe(p2.take.id);
    expect(listTakeLanes(doc, audio)[0].takes.map((t) => t.id)).toEqual([p0, p1, p2].map((p) => p.take.id));
  });

  it("refuses a take from another recording, bad formats, instrument tracks — without touching the doc", () => {
    const { doc, audio, synth } = setup();
    const a = addRecordedTake(doc, take(audio, 1), USER);
    const b = addRecordedTake(doc, take(audio, 2), USER);
    expectRejected(doc, "TAKE_NOT_IN_GROUP", () => setActiveTake(doc, a.clip.id, b.take.id, USER));
    expectRejected(doc, "TAKE_NOT_FOUND", () => setActiveTake(doc, a.clip.id, "nosuchtake000000", USER));
    expectRejected(doc, "NOT_AN_AUDIO_TRACK", () => addRecordedTake(doc, take(synth, 3), USER));
    expectRejected(doc, "TRACK_NOT_FOUND", () => addRecordedTake(doc, take("gone", 3), USER));
    expectRejected(doc, "INVALID_TAKE", () => addRecordedTake(doc, take(audio, 3, { sampleRate: 22050 }), USER));
    expectRejected(doc, "INVALID_TAKE", () => addRecordedTake(doc, take(audio, 3, { takeId: "UPPER/../x" }), USER));
    expectRejected(doc, "INVALID_TAKE", () => addRecordedTake(doc, take(audio, 3, { frames: 0 }), USER));
    expectRejected(doc, "INVALID_TICK", () => addRecordedTake(doc, take(audio, 3, { startTick: -1 }), USER));
    expectRejected(doc, "INVALID_GAIN", () => setAudioClipGain(doc, a.clip.id, 40, USER));
    expectRejected(doc, "INVALID_LENGTH", () => trimAudioClip(doc, a.clip.id, { lengthFrames: 0 }, USER));
    expectRejected(doc, "AUDIO_CLIP_NOT_FOUND", () => moveAudioClip(doc, "nope", { startTick: 0 }, USER));
  });

  it("moves, trims, gains, copies and deletes clips; takes outlive their clip", () => {
    const { doc, audio } = setup();
    const { take: t, clip } = addRecordedTake(doc, take(audio, 1), USER);
    moveAudioClip(doc, clip.id, { startTick: 0 }, USER);
    trimAudioClip(doc, clip.id, { offsetFrames: 480, lengthFrames: 48000 }, USER);
    setAudioClipGain(doc, clip.id, -3.04, USER);
    expect(getAudioClip(doc, clip.id)).toMatchObject({
      startTick: 0,
      offsetFrames: 480,
      lengthFrames: 48000,
      gainDb: -3,
    });
    const copy = addAudioClip(doc, { takeId: t.id, startTick: 7680 }, USER);
    expect(copy).toMatchObject({ takeId: t.id, groupId: t.groupId, lengthFrames: 96000 });
    deleteAudioClip(doc, clip.id, USER);
    expect(listAudioClips(doc, audio).map((c) => c.id)).toEqual([copy.id]);
    expect(listTakes(doc, audio).map((x) => x.id)).toEqual([t.id]);
  });

  it("a deleted track hides its takes and clips (orphans are skipped)", () => {
    const { doc, audio } = setup();
    addRecordedTake(doc, take(audio, 1), USER);
    deleteTrack(doc, audio, USER);
    expect(listTakes(doc)).toEqual([]);
    expect(listAudioClips(doc)).toEqual([]);
  });

  it("peers converge: two bandmates picking different passes end on the same one", () => {
    const { doc, audio } = setup();
    const group = "loopgroup2";
    const p = [0, 1].map((i) => addRecordedTake(doc, take(audio, i + 1, { groupId: group, passIndex: i }), USER));
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const clipId = p[0].clip.id;
    setActiveTake(doc, clipId, p[0].take.id, USER);
    setActiveTake(other, clipId, p[1].take.id, { kind: "user", userId: "u2" });
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(getAudioClip(doc, clipId)?.takeId).toBe(getAudioClip(other, clipId)?.takeId);
  });

  it("observeTakes reports take and clip ids per transaction", () => {
    const { doc, audio } = setup();
    const seen: TakesChange[] = [];
    const stop = observeTakes(doc, (c) => seen.push(c));
    const { take: t, clip } = addRecordedTake(doc, take(audio, 1), USER);
    setAudioClipGain(doc, clip.id, -6, USER);
    stop();
    setAudioClipGain(doc, clip.id, -7, USER);
    expect(seen).toEqual([
      { origin: USER, local: true, takes: [t.id], audioClips: [clip.id] },
      { origin: USER, local: true, takes: [], audioClips: [clip.id] },
    ]);
  });
});
