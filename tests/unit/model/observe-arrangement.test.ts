import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  addMidiClip,
  addNotes,
  addSection,
  addTrack,
  deleteClip,
  deleteTrack,
  getSectionText,
  moveClip,
  observeArrangement,
  setKey,
  setLoopRange,
  setSongTitle,
  setTempo,
  setTempoChange,
  setTimeSignature,
  setTrackInstrument,
  updateNotes,
  updateSection,
  type ArrangementChange,
} from "@bandspace/model";
import { USER } from "./helpers/doc-spy";

const NONE: Omit<ArrangementChange, "origin" | "local"> = {
  tempo: false,
  tracks: [],
  clipsAdded: [],
  clipsRemoved: [],
  clipsUpdated: [],
  notesChanged: [],
  sections: false,
  loop: false,
};
const change = (diff: Partial<ArrangementChange>): ArrangementChange => ({
  origin: USER,
  local: true,
  ...NONE,
  ...diff,
});

describe("observeArrangement", () => {
  it("reports exactly the ids one edit touched, once per transaction", () => {
    const doc = new Y.Doc();
    const keys = addTrack(doc, { name: "Keys", kind: "instrument" }, USER);
    const bass = addTrack(doc, { name: "Bass", kind: "instrument" }, USER);
    const clip = addMidiClip(doc, { trackId: keys.id, startTick: 0, lengthTicks: 3840 }, USER);
    const other = addMidiClip(doc, { trackId: bass.id, startTick: 0, lengthTicks: 3840 }, USER);
    const section = addSection(doc, { name: "Verse", startTick: 0, lengthTicks: 3840 }, USER);
    const seen: ArrangementChange[] = [];
    const stop = observeArrangement(doc, (c) => seen.push(c));
    const expectNext = (edit: () => unknown, expected: ArrangementChange | null) => {
      seen.length = 0;
      edit();
      expect(seen).toEqual(expected === null ? [] : [expected]);
    };

    expectNext(() => setTempo(doc, 90, USER), change({ tempo: true }));
    expectNext(() => setTimeSignature(doc, 3, 4, USER), change({ tempo: true }));
    expectNext(() => setTempoChange(doc, { bar: 5, bpm: 140 }, USER), change({ tempo: true }));
    expectNext(() => setSongTitle(doc, "Not arrangement", USER), null);
    expectNext(() => setKey(doc, { tonic: "D", mode: "minor" }, USER), null);
    expectNext(() => setTrackInstrument(doc, keys.id, "pad", USER), change({ tracks: [keys.id] }));
    seen.length = 0;
    const added = addMidiClip(
      doc,
      {
        trackId: keys.id,
        startTick: 3840,
        lengthTicks: 960,
        notes: [{ pitch: 60, startTick: 0, durationTicks: 1, velocity: 1 }],
      },
      USER,
    ).id;
    expect(seen).toEqual([change({ clipsAdded: [added] })]);
    expectNext(() => moveClip(doc, clip.id, { startTick: 960 }, USER), change({ clipsUpdated: [clip.id] }));
    expectNext(() => moveClip(doc, clip.id, { trackId: bass.id }, USER), change({ clipsUpdated: [clip.id] }));
    seen.length = 0;
    const noteId = addNotes(doc, other.id, [{ pitch: 40, startTick: 0, durationTicks: 960, velocity: 100 }], USER)[0]
      .id;
    expect(seen).toEqual([change({ notesChanged: [other.id] })]);
    expectNext(
      () => updateNotes(doc, other.id, [{ id: noteId, velocity: 64 }], USER),
      change({ notesChanged: [other.id] }),
    );
    expectNext(() => deleteClip(doc, added, USER), change({ clipsRemoved: [added] }));
    expectNext(() => updateSection(doc, section.id, { name: "Chorus" }, USER), change({ sections: true }));
    expectNext(() => getSectionText(doc, section.id, "lyrics").insert(0, "la la"), {
      ...change({ sections: true }),
      origin: null,
    });
    expectNext(() => setLoopRange(doc, { startTick: 0, endTick: 960 }, USER), change({ loop: true }));
    expectNext(
      () => deleteTrack(doc, bass.id, USER),
      change({ tracks: [bass.id], clipsRemoved: [clip.id, other.id].sort() }),
    );

    stop();
    expectNext(() => setTempo(doc, 100, USER), null);
  });

  it("reports remote updates as not local, with the applying origin", () => {
    const source = new Y.Doc();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
    const track = addTrack(source, { kind: "instrument" }, USER);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
    const seen: ArrangementChange[] = [];
    observeArrangement(doc, (c) => seen.push(c));
    const before = Y.encodeStateVector(doc);
    const clip = addMidiClip(source, { trackId: track.id, startTick: 0, lengthTicks: 960 }, USER);
    setTempoChange(source, { bar: 3, bpm: 60 }, USER);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source, before), { kind: "remote" });
    expect(seen).toEqual([
      { ...change({ tempo: true, clipsAdded: [clip.id] }), origin: { kind: "remote" }, local: false },
    ]);
  });
});
