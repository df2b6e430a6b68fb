import { describe, expect, it } from "vitest";
import {
  addRecordedTake,
  anchorTargetsOf,
  moveAudioClipTo,
  resolveAnchor,
  splitAudioClip,
  trimAudioClipStart,
  validateAnchor,
} from "@bandspace/model";
import { USER } from "./helpers/doc-spy";
import { editSetup, takeInit } from "./helpers/edit-fixtures";

const BAR = 3840;

describe("comments pinned to an audio clip follow the audio they were made on", () => {
  it("through a move to another track, a trim of the start and a split", () => {
    const { doc, audio, audio2 } = editSetup();
    const { clip } = addRecordedTake(doc, takeInit(audio, 1), USER); // bars 2–5, take frame 0 at tick 3840
    const targets = anchorTargetsOf(doc);
    // A point 2.5 bars into the take (tick 3840 + 9600): take frame 240 000.
    const anchor = validateAnchor({ startTick: BAR + 9600, endTick: BAR + 9700, clipId: clip.id }, targets);
    expect(anchor).toMatchObject({ takeId: clip.takeId, takeFrame: 240_000, clipId: clip.id });
    const at = () => resolveAnchor(anchor, anchorTargetsOf(doc));

    moveAudioClipTo(doc, clip.id, { startTick: 2 * BAR, trackId: audio2 }, USER);
    expect(at()).toMatchObject({
      startTick: 2 * BAR + 9600,
      endTick: 2 * BAR + 9700,
      trackId: audio2,
      clipId: clip.id,
    });

    trimAudioClipStart(doc, clip.id, 2 * BAR + 4000, USER); // the clip starts later, the audio stays put
    expect(at()).toMatchObject({ startTick: 2 * BAR + 9600, clipId: clip.id, detached: false });

    const { right } = splitAudioClip(doc, clip.id, 2 * BAR + 8000, USER); // the pinned audio is in the right piece
    moveAudioClipTo(doc, right.id, { startTick: 6 * BAR }, USER);
    // The right piece starts at take frame 200 000; frame 240 000 is 40 000 frames (1600 ticks) into it.
    expect(at()).toMatchObject({ startTick: 6 * BAR + 1600, clipId: right.id, trackId: audio2, detached: false });
  });

  it("older anchors without a take keep the clip-offset rule", () => {
    const { doc, audio } = editSetup();
    const { clip } = addRecordedTake(doc, takeInit(audio, 1), USER);
    const legacy = { startTick: BAR + 100, endTick: BAR + 100, trackId: audio, clipId: clip.id, clipOffsetTicks: 100 };
    moveAudioClipTo(doc, clip.id, { startTick: 3 * BAR }, USER);
    expect(resolveAnchor(legacy, anchorTargetsOf(doc))).toMatchObject({ startTick: 3 * BAR + 100, clipId: clip.id });
  });
});
