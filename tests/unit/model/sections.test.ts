import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  SECTION_PRESETS,
  addMidiClip,
  addSection,
  addTrack,
  checkSongInvariants,
  deleteSection,
  duplicateSection,
  getSectionText,
  listClips,
  listNotes,
  listSections,
  listTempoChanges,
  readTempoMap,
  setTempo,
  setTempoChange,
  setTimeSignature,
  updateSection,
} from "@bandspace/model";
import { USER, expectOneTransaction, expectRejected } from "./helpers/doc-spy";

const BAR = 3840;

describe("sections", () => {
  it("add, list (by start then id), update and delete, each in one transaction", () => {
    const doc = new Y.Doc();
    expect(SECTION_PRESETS).toEqual(["Intro", "Verse", "Pre-Chorus", "Chorus", "Bridge", "Solo", "Outro"]);
    const { result: chorus } = expectOneTransaction(doc, USER, () =>
      addSection(doc, { name: "Chorus", startTick: 8 * BAR, lengthTicks: 8 * BAR }, USER),
    );
    const verse = addSection(doc, { name: " Verse ", startTick: 0, lengthTicks: 8 * BAR, color: "#ABCDEF" }, USER);
    expect(verse).toEqual({ id: verse.id, name: "Verse", color: "#abcdef", startTick: 0, lengthTicks: 8 * BAR });
    expect(chorus.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(listSections(doc).map((s) => s.name)).toEqual(["Verse", "Chorus"]);
    expectOneTransaction(doc, USER, () => updateSection(doc, verse.id, { name: "Verse 1", startTick: 16 * BAR }, USER));
    expect(listSections(doc).map((s) => s.name)).toEqual(["Chorus", "Verse 1"]);
    expectOneTransaction(doc, USER, () => deleteSection(doc, chorus.id, USER));
    expect(listSections(doc).map((s) => s.id)).toEqual([verse.id]);
    expectRejected(doc, "SECTION_NOT_FOUND", () => deleteSection(doc, chorus.id, USER));
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("rejects invalid sections before writing", () => {
    const doc = new Y.Doc();
    const ok = { name: "Verse", startTick: 0, lengthTicks: BAR };
    expectRejected(doc, "INVALID_LENGTH", () => addSection(doc, { ...ok, lengthTicks: 0 }, USER));
    expectRejected(doc, "INVALID_LENGTH", () => addSection(doc, { ...ok, lengthTicks: -BAR }, USER));
    expectRejected(doc, "INVALID_TICK", () => addSection(doc, { ...ok, startTick: -1 }, USER));
    expectRejected(doc, "INVALID_NAME", () => addSection(doc, { ...ok, name: "" }, USER));
    expectRejected(doc, "INVALID_NAME", () => addSection(doc, { ...ok, name: "x".repeat(41) }, USER));
    expectRejected(doc, "INVALID_COLOR", () => addSection(doc, { ...ok, color: "blue" }, USER));
    const s = addSection(doc, ok, USER);
    expectRejected(doc, "INVALID_LENGTH", () => updateSection(doc, s.id, { lengthTicks: 0.5 }, USER));
    expectRejected(doc, "SECTION_NOT_FOUND", () => updateSection(doc, "nosuchsection0", { name: "X" }, USER));
  });

  it("getSectionText gives the collaborative lyrics and chords texts", () => {
    const a = new Y.Doc();
    const s = addSection(a, { name: "Verse", startTick: 0, lengthTicks: BAR }, USER);
    getSectionText(a, s.id, "lyrics").insert(0, "Hello darkness");
    getSectionText(a, s.id, "chords").insert(0, "Am | G | F");
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(getSectionText(b, s.id, "lyrics").toString()).toBe("Hello darkness");
    expect(getSectionText(b, s.id, "chords").toString()).toBe("Am | G | F");
    expect(() => getSectionText(b, "nosuchsection0", "lyrics")).toThrow(/no longer exists/);
  });
});

describe("duplicateSection", () => {
  function song() {
    const doc = new Y.Doc();
    setTempo(doc, 100, USER);
    const keys = addTrack(doc, { name: "Keys", kind: "instrument" }, USER);
    const intro = addSection(doc, { name: "Intro", startTick: 0, lengthTicks: 4 * BAR }, USER);
    const verse = addSection(doc, { name: "Verse", startTick: 4 * BAR, lengthTicks: 4 * BAR }, USER);
    const chorus = addSection(doc, { name: "Chorus", startTick: 8 * BAR, lengthTicks: 4 * BAR }, USER);
    getSectionText(doc, verse.id, "lyrics").insert(0, "line one\nline two");
    getSectionText(doc, verse.id, "chords").insert(0, "C | Am | F | G");
    const before = addMidiClip(doc, { trackId: keys.id, startTick: 0, lengthTicks: 4 * BAR }, USER);
    const inside = addMidiClip(
      doc,
      {
        trackId: keys.id,
        startTick: 5 * BAR,
        lengthTicks: 2 * BAR,
        notes: [{ pitch: 60, startTick: 0, durationTicks: 960, velocity: 90 }],
      },
      USER,
    );
    const after = addMidiClip(doc, { trackId: keys.id, startTick: 8 * BAR, lengthTicks: BAR }, USER);
    return { doc, keys, intro, verse, chorus, before, inside, after };
  }

  it("inserts a copy with lyrics, chords and clips, shifting everything after it — one transaction", () => {
    const { doc, keys, intro, verse, chorus, before, inside, after } = song();
    setTempoChange(doc, { bar: 7, bpm: 120 }, USER); // inside the verse
    setTempoChange(doc, { bar: 9, bpm: 140 }, USER); // at the chorus
    const { result: copy } = expectOneTransaction(doc, USER, () => duplicateSection(doc, verse.id, USER));

    expect(copy).toEqual({ id: copy.id, name: "Verse", color: verse.color, startTick: 8 * BAR, lengthTicks: 4 * BAR });
    expect(listSections(doc).map((s) => [s.id, s.startTick])).toEqual([
      [intro.id, 0],
      [verse.id, 4 * BAR],
      [copy.id, 8 * BAR],
      [chorus.id, 12 * BAR],
    ]);
    expect(getSectionText(doc, copy.id, "lyrics").toString()).toBe("line one\nline two");
    expect(getSectionText(doc, copy.id, "chords").toString()).toBe("C | Am | F | G");
    getSectionText(doc, copy.id, "lyrics").insert(0, "changed ");
    expect(getSectionText(doc, verse.id, "lyrics").toString()).toBe("line one\nline two"); // independent texts

    const clips = listClips(doc, keys.id);
    expect(clips.map((c) => c.startTick)).toEqual([0, 5 * BAR, 9 * BAR, 12 * BAR]);
    expect(clips.find((c) => c.id === before.id)!.startTick).toBe(0);
    expect(clips.find((c) => c.id === inside.id)!.startTick).toBe(5 * BAR);
    expect(clips.find((c) => c.id === after.id)!.startTick).toBe(12 * BAR);
    const copied = clips.find((c) => c.startTick === 9 * BAR)!;
    expect(listNotes(doc, copied.id).map(({ id: _id, ...n }) => n)).toEqual([
      { pitch: 60, startTick: 0, durationTicks: 960, velocity: 90 },
    ]);

    // Tempo: the copy opens at the verse's tempo (100), repeats the change at its bar 3, and the chorus keeps 140.
    expect(listTempoChanges(doc).map(({ bar, bpm }) => ({ bar, bpm }))).toEqual([
      { bar: 7, bpm: 120 },
      { bar: 9, bpm: 100 },
      { bar: 11, bpm: 120 },
      { bar: 13, bpm: 140 },
    ]);
    const map = readTempoMap(doc);
    expect(map.ticksToSeconds(12 * BAR) - map.ticksToSeconds(8 * BAR)).toBeCloseTo(
      map.ticksToSeconds(8 * BAR) - map.ticksToSeconds(4 * BAR),
      9,
    );
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("works in 3/4 and moves tempo changes by whole bars", () => {
    const doc = new Y.Doc();
    setTimeSignature(doc, 3, 4, USER);
    const s = addSection(doc, { name: "A", startTick: 0, lengthTicks: 2 * 2880 }, USER);
    setTempoChange(doc, { bar: 3, bpm: 90 }, USER);
    duplicateSection(doc, s.id, USER);
    expect(listTempoChanges(doc).map(({ bar, bpm }) => ({ bar, bpm }))).toEqual([{ bar: 5, bpm: 90 }]);
  });

  it("refuses when the song would run past the end of the timeline", () => {
    const doc = new Y.Doc();
    const s = addSection(doc, { name: "Long", startTick: 0, lengthTicks: 60_000_000 }, USER);
    expectRejected(doc, "INVALID_TICK", () => duplicateSection(doc, s.id, USER));
    expectRejected(doc, "SECTION_NOT_FOUND", () => duplicateSection(doc, "nosuchsection0", USER));
  });
});
