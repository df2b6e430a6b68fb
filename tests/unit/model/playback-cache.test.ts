import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  addAudioClip,
  addRecordedTake,
  compTake,
  deleteAudioClip,
  deleteTrack,
  getAudioClip,
  listAudioClips,
  moveAudioClipTo,
  planAudioPlayback,
  planAudioPlaybackFresh,
  planCacheStats,
  setAudioClipFades,
  setAudioClipGain,
  setCrossfadeLaw,
  setTempo,
  splitAudioClip,
  trimAudioClipEnd,
} from "@bandspace/model";
import { USER } from "./helpers/doc-spy";
import { editSetup, takeInit } from "./helpers/edit-fixtures";

/**
 * planAudioPlayback remembers its plan per track and re-plans only the tracks an audio-clip edit touched. Whatever
 * the edits, and whether they are made here or arrive from a peer, it must equal a plan computed from scratch.
 */

const BAR = 3840;

/** xorshift32: the same edits on every run for a seed. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

function session() {
  const { doc, audio, audio2, synth } = editSetup();
  addRecordedTake(doc, takeInit(audio, 1), USER);
  addRecordedTake(doc, takeInit(audio2, 2), USER);
  for (let i = 1; i < 6; i++) {
    addAudioClip(doc, { takeId: takeInit(audio, 1).takeId, startTick: BAR + i * 3 * BAR }, USER);
    addAudioClip(doc, { takeId: takeInit(audio2, 2).takeId, startTick: BAR + i * 2 * BAR }, USER);
  }
  return { doc, audio, audio2, synth };
}

/** One random valid edit (refusals are fine: the model rejects some, e.g. a split outside the clip). */
function randomEdit(doc: Y.Doc, next: (n: number) => number, tracks: string[]): void {
  const clips = listAudioClips(doc);
  if (clips.length === 0) return;
  const c = clips[next(clips.length)];
  try {
    switch (next(9)) {
      case 0:
        return moveAudioClipTo(doc, c.id, { startTick: Math.max(0, c.startTick + (next(9) - 4) * 960) }, USER);
      case 1:
        return moveAudioClipTo(doc, c.id, { trackId: tracks[next(tracks.length)] }, USER);
      case 2:
        return trimAudioClipEnd(doc, c.id, c.startTick + 960 * (1 + next(12)), USER);
      case 3:
        return setAudioClipFades(doc, c.id, { fadeInFrames: next(20000), fadeOutFrames: next(20000) }, USER);
      case 4:
        return setAudioClipGain(doc, c.id, next(12) - 6, USER);
      case 5:
        return setCrossfadeLaw(doc, c.id, next(2) ? "equal-gain" : "equal-power", USER);
      case 6:
        splitAudioClip(doc, c.id, c.startTick + 960 * (1 + next(6)), USER);
        return;
      case 7:
        return deleteAudioClip(doc, c.id, USER);
      default: {
        const take = getAudioClip(doc, c.id)!.takeId;
        if (next(3) === 0) compTake(doc, { takeId: take, startTick: c.startTick, endTick: c.startTick + BAR }, USER);
        else addAudioClip(doc, { takeId: take, startTick: next(40) * 960 }, USER);
      }
    }
  } catch {
    // a refused edit changes nothing
  }
}

describe("planAudioPlayback (incremental per track)", () => {
  it("equals a fresh plan after every one of 300 random edits, on the editing doc and on a peer receiving them", () => {
    for (const seed of [1, 2]) {
      const { doc, audio, audio2 } = session();
      const peer = new Y.Doc();
      Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
      doc.on("update", (u: Uint8Array) => Y.applyUpdate(peer, u));
      const next = rng(seed);
      for (let i = 0; i < 300; i++) {
        randomEdit(doc, next, [audio, audio2]);
        if (i === 150) setTempo(doc, 96, USER);
        const fresh = planAudioPlaybackFresh(doc);
        expect(planAudioPlayback(doc), `seed ${seed}, edit ${i}`).toEqual(fresh);
        expect(planAudioPlayback(peer), `seed ${seed}, edit ${i} (peer)`).toEqual(fresh);
      }
    }
  });

  it("re-plans only the edited clip's tracks; a change outside the audio clips re-plans everything", () => {
    const { doc, audio, audio2 } = session();
    planAudioPlayback(doc);
    const before = planCacheStats(doc);
    const clip = listAudioClips(doc, audio)[2];
    moveAudioClipTo(doc, clip.id, { startTick: clip.startTick + 960 }, USER);
    planAudioPlayback(doc);
    expect(planCacheStats(doc)).toEqual({ fullPlans: before.fullPlans, trackPlans: before.trackPlans + 1 });

    // Moved to the other track: both tracks are re-planned (the clip left one and joined the other).
    moveAudioClipTo(doc, clip.id, { trackId: audio2 }, USER);
    const regions = planAudioPlayback(doc);
    expect(planCacheStats(doc)).toEqual({ fullPlans: before.fullPlans, trackPlans: before.trackPlans + 3 });
    expect(regions.find((r) => r.key === clip.id)?.trackId).toBe(audio2);

    // Nothing changed: nothing re-planned.
    planAudioPlayback(doc);
    expect(planCacheStats(doc).trackPlans).toBe(before.trackPlans + 3);

    setTempo(doc, 140, USER);
    planAudioPlayback(doc);
    expect(planCacheStats(doc).fullPlans).toBe(before.fullPlans + 1);
    expect(planAudioPlayback(doc)).toEqual(planAudioPlaybackFresh(doc));
  });

  it("drops a deleted track's regions", () => {
    const { doc, audio, audio2 } = session();
    expect(planAudioPlayback(doc).some((r) => r.trackId === audio)).toBe(true);
    deleteTrack(doc, audio, USER);
    const regions = planAudioPlayback(doc);
    expect(regions.some((r) => r.trackId === audio)).toBe(false);
    expect(regions.some((r) => r.trackId === audio2)).toBe(true);
    expect(regions).toEqual(planAudioPlaybackFresh(doc));
  });

  it("returns copies: a caller changing a region does not change the next plan", () => {
    const { doc } = session();
    const first = planAudioPlayback(doc);
    first[0].gainDb = 99;
    expect(planAudioPlayback(doc)[0].gainDb).not.toBe(99);
  });
});
