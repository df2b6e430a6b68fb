import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { addTrack, checkSongInvariants, getTrack, repairSongDoc, setTrackInputChannels } from "@bandspace/model";
import { USER, expectOneTransaction, expectRejected } from "./helpers/doc-spy";

const tracksOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>("tracks");

describe("track input channels (mono / stereo recording)", () => {
  it("reads mono until someone picks stereo, and stores nothing for mono", () => {
    const doc = new Y.Doc();
    const { id } = addTrack(doc, { name: "Keys" }, USER);
    expect(getTrack(doc, id)?.inputChannels).toBe(1);
    expect(tracksOf(doc).get(id)!.has("inputChannels")).toBe(false);
    expectOneTransaction(doc, USER, () => setTrackInputChannels(doc, id, 2, USER));
    expect(getTrack(doc, id)?.inputChannels).toBe(2);
    setTrackInputChannels(doc, id, 1, USER);
    expect(getTrack(doc, id)?.inputChannels).toBe(1);
    expect(tracksOf(doc).get(id)!.has("inputChannels")).toBe(false);
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("reaches a bandmate's document", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.on("update", (u: Uint8Array) => Y.applyUpdate(b, u));
    const { id } = addTrack(a, { name: "Keys" }, USER);
    setTrackInputChannels(a, id, 2, USER);
    expect(getTrack(b, id)?.inputChannels).toBe(2);
  });

  it("refuses other channel counts and instrument tracks, changing nothing", () => {
    const doc = new Y.Doc();
    const audio = addTrack(doc, { name: "Keys" }, USER);
    const synth = addTrack(doc, { kind: "instrument" }, USER);
    expectRejected(doc, "INVALID_INPUT_CHANNELS", () => setTrackInputChannels(doc, audio.id, 3 as 2, USER));
    expectRejected(doc, "INVALID_INPUT_CHANNELS", () =>
      setTrackInputChannels(doc, audio.id, "2" as unknown as 2, USER),
    );
    expectRejected(doc, "NOT_AN_AUDIO_TRACK", () => setTrackInputChannels(doc, synth.id, 2, USER));
    expectRejected(doc, "TRACK_NOT_FOUND", () => setTrackInputChannels(doc, "nosuchtrack00", 2, USER));
  });

  it("reads an unusable stored value as mono; invariants flag it and repair deletes it", () => {
    const doc = new Y.Doc();
    const { id } = addTrack(doc, { name: "Keys" }, USER);
    tracksOf(doc).get(id)!.set("inputChannels", 6);
    expect(getTrack(doc, id)?.inputChannels).toBe(1);
    expect(checkSongInvariants(doc).map((v) => v.invariant)).toEqual(["track-input"]);
    repairSongDoc(doc);
    expect(tracksOf(doc).get(id)!.has("inputChannels")).toBe(false);
    expect(checkSongInvariants(doc)).toEqual([]);
  });
});
