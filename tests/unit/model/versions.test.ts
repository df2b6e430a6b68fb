import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  CLIP_TAKE_ID_KEY,
  addMidiClip,
  addNotes,
  addSection,
  addTrack,
  compareArrangements,
  deleteClip,
  deleteTrack,
  docContent,
  getSectionText,
  listClips,
  moveClip,
  addRecordedTake,
  referencedTakeIds,
  renameTrack,
  revertUpdate,
  setSongTitle,
  setTempo,
  setTempoChange,
  summarizeComparison,
  updateSection,
} from "@bandspace/model";
import { USER } from "./helpers/doc-spy";

function fork(doc: Y.Doc, gc = true): Y.Doc {
  const copy = new Y.Doc({ gc });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function song() {
  const doc = new Y.Doc();
  setSongTitle(doc, "Night Drive", USER);
  const keys = addTrack(doc, { name: "Keys", kind: "instrument" }, USER);
  const bass = addTrack(doc, { name: "Bass", instrument: "bass" }, USER);
  const clip = addMidiClip(
    doc,
    {
      trackId: keys.id,
      startTick: 0,
      lengthTicks: 3840,
      name: "Chords",
      notes: [{ pitch: 60, startTick: 0, durationTicks: 480, velocity: 90 }],
    },
    USER,
  );
  const verse = addSection(doc, { name: "Verse", startTick: 0, lengthTicks: 7680 }, USER);
  getSectionText(doc, verse.id, "lyrics").insert(0, "first line");
  return { doc, keys, bass, clip, verse };
}

describe("compareArrangements", () => {
  it("reports nothing for equal docs", () => {
    const { doc } = song();
    const c = compareArrangements(doc, fork(doc));
    expect(c.identical).toBe(true);
    expect(summarizeComparison(c)).toEqual([]);
  });

  it("lists added, removed and changed tracks, clips, sections, tempo and notes by id", () => {
    const { doc, keys, bass, clip, verse } = song();
    const before = fork(doc);
    setTempo(doc, 96, USER);
    setTempoChange(doc, { bar: 9, bpm: 120 }, USER);
    renameTrack(doc, keys.id, "Rhodes", USER);
    deleteTrack(doc, bass.id, USER);
    const drums = addTrack(doc, { name: "Drums", instrument: "drums" }, USER);
    moveClip(doc, clip.id, { startTick: 960 }, USER);
    addNotes(doc, clip.id, [{ pitch: 64, startTick: 480, durationTicks: 240, velocity: 80 }], USER);
    updateSection(doc, verse.id, { name: "Verse 1" }, USER);
    getSectionText(doc, verse.id, "lyrics").insert(10, " again");

    const c = compareArrangements(before, doc);
    expect(c.identical).toBe(false);
    expect(c.song).toEqual([{ field: "tempoBpm", before: 120, after: 96 }]);
    expect(c.tempoChanges).toEqual([{ field: "bar 9", before: null, after: 120 }]);
    expect(c.tracks.added).toEqual([{ id: drums.id, name: "Drums" }]);
    expect(c.tracks.removed).toEqual([{ id: bass.id, name: "Bass" }]);
    expect(c.tracks.changed).toEqual([
      { id: keys.id, name: "Rhodes", changes: [{ field: "name", before: "Keys", after: "Rhodes" }] },
    ]);
    const clipChange = c.clips.changed.find((x) => x.id === clip.id)!;
    expect(clipChange.changes).toEqual([
      { field: "startTick", before: 0, after: 960 },
      { field: "notes", before: 1, after: { count: 2, added: 1, removed: 0, changed: 0 } },
    ]);
    expect(c.sections.changed[0].changes.map((x) => x.field)).toEqual(["name", "lyrics"]);
    expect(summarizeComparison(c)).toEqual([
      "Tempo 120 → 96 BPM",
      "1 tempo change differ",
      "1 track added",
      "1 track removed",
      "1 track changed",
      "1 clip changed",
      "1 section changed",
    ]);
  });

  it("a clip removed with its track shows as removed", () => {
    const { doc, clip, keys } = song();
    const before = fork(doc);
    deleteTrack(doc, keys.id, USER);
    const c = compareArrangements(before, doc);
    expect(c.clips.removed).toEqual([{ id: clip.id, name: "Chords" }]);
  });
});

describe("revertUpdate", () => {
  it("brings a doc back to the version's exact content, as new operations that merge on other peers", () => {
    const { doc, keys, bass, clip, verse } = song();
    const version = Y.encodeStateAsUpdate(doc);
    const expected = docContent(fork(doc));

    // Later edits: deletes, adds, field changes, text edits, nested notes.
    const peer = fork(doc);
    setTempo(doc, 140, USER);
    deleteTrack(doc, bass.id, USER);
    deleteClip(doc, clip.id, USER);
    const extra = addTrack(doc, { name: "Lead", instrument: "lead" }, USER);
    addMidiClip(doc, { trackId: extra.id, startTick: 0, lengthTicks: 960 }, USER);
    renameTrack(doc, keys.id, "Organ", USER);
    const lyrics = getSectionText(doc, verse.id, "lyrics");
    lyrics.delete(0, 5);
    lyrics.insert(0, "last");
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    expect(docContent(doc)).not.toEqual(expected);

    const update = revertUpdate(doc, version);
    Y.applyUpdate(doc, update);
    expect(docContent(doc)).toEqual(expected);
    expect(
      compareArrangements(
        fork(doc),
        (() => {
          const v = new Y.Doc();
          Y.applyUpdate(v, version);
          return v;
        })(),
      ).identical,
    ).toBe(true);

    // The same update brings a peer with the later state to the same content.
    Y.applyUpdate(peer, update);
    expect(docContent(peer)).toEqual(expected);
    expect(listClips(peer).map((c) => c.name)).toEqual(["Chords"]);
  });

  it("works when the live doc garbage-collected deleted content, and restoring twice keeps the content", () => {
    const { doc, bass } = song();
    const version = Y.encodeStateAsUpdate(doc);
    const expected = docContent(fork(doc));
    deleteTrack(doc, bass.id, USER);
    const gcDoc = new Y.Doc({ gc: true });
    Y.applyUpdate(gcDoc, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(gcDoc, revertUpdate(gcDoc, version));
    expect(docContent(gcDoc)).toEqual(expected);
    Y.applyUpdate(gcDoc, revertUpdate(gcDoc, version));
    expect(docContent(gcDoc)).toEqual(expected);
  });

  it("reverting an empty doc to an empty version is an empty change", () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, revertUpdate(doc, Y.encodeStateAsUpdate(new Y.Doc())));
    expect(docContent(doc)).toEqual({});
  });

  it("restoring an empty version empties the doc", () => {
    const empty = Y.encodeStateAsUpdate(new Y.Doc());
    const { doc } = song();
    Y.applyUpdate(doc, revertUpdate(doc, empty));
    expect(docContent(doc)).toEqual({});
  });
});

describe("referencedTakeIds", () => {
  it("collects take ids of clips, unique and sorted", () => {
    const doc = new Y.Doc();
    const clips = doc.getMap("clips");
    for (const [id, take] of [
      ["c1", "tb"],
      ["c2", "ta"],
      ["c3", "tb"],
      ["c4", 5],
    ] as const) {
      const m = new Y.Map<unknown>();
      m.set(CLIP_TAKE_ID_KEY, take);
      clips.set(id, m);
    }
    clips.set("junk", "not a map");
    expect(referencedTakeIds(doc)).toEqual(["ta", "tb"]);
  });

  it("keeps every recorded take: all loop passes in the take lanes, whichever one the clip plays", () => {
    const doc = new Y.Doc();
    const vocals = addTrack(doc, { name: "Vocals" }, USER);
    const pass = (n: number) => ({
      takeId: `take0000000000${n}x`,
      trackId: vocals.id,
      groupId: "group00000000001",
      passIndex: n,
      startTick: 0,
      sampleRate: 48000,
      channels: 1 as const,
      frames: 48000,
    });
    addRecordedTake(doc, pass(0), USER);
    addRecordedTake(doc, pass(1), USER); // the clip now plays pass 1
    expect(referencedTakeIds(doc)).toEqual(["take00000000000x", "take00000000001x"]);
  });
});
