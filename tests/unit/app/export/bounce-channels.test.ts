import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { addRecordedTake, addTrack, type RecordedTakeInit } from "@bandspace/model";
import { bounceChannels } from "../../../../app/lib/export/bounce";
import { USER } from "../../model/helpers/doc-spy";

const take = (trackId: string, n: number, channels: 1 | 2): RecordedTakeInit => ({
  takeId: `take${String(n).padStart(12, "0")}`,
  trackId,
  startTick: 0,
  sampleRate: 48000,
  channels,
  frames: 48000,
  latencyMs: 0,
  createdBy: "Ana",
  createdAt: 1000 + n,
});

describe("bounce in place keeps a stereo track stereo", () => {
  it("bounces in stereo only a track that plays a stereo take", () => {
    const doc = new Y.Doc();
    const vocal = addTrack(doc, { kind: "audio", name: "Vox" }, USER).id;
    const keys = addTrack(doc, { kind: "audio", name: "Keys" }, USER).id;
    const empty = addTrack(doc, { kind: "audio", name: "Empty" }, USER).id;
    addRecordedTake(doc, take(vocal, 1, 1), USER);
    addRecordedTake(doc, take(keys, 2, 1), USER);
    expect(bounceChannels(doc, keys)).toBe(1);
    addRecordedTake(doc, take(keys, 3, 2), USER);
    expect([bounceChannels(doc, vocal), bounceChannels(doc, keys), bounceChannels(doc, empty)]).toEqual([1, 2, 1]);
  });
});
