import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { Midi } from "@tonejs/midi";
import {
  addMidiClip,
  addNotes,
  addRecordedTake,
  addSection,
  addTrack,
  createUndoManager,
  getAudioClip,
  getClip,
  listTakeLanes,
  importMidiFile,
  listClips,
  listNotes,
  listSections,
  listTracks,
  moveClip,
  NOTES_PER_TRANSACTION,
  readSong,
  renameTrack,
  setActiveTake,
  setTempo,
  type Origin,
  asOneUndoStep,
} from "@bandspace/model";

const ANA: Extract<Origin, { kind: "user" }> = { kind: "user", userId: "ana" };
const BEN: Extract<Origin, { kind: "user" }> = { kind: "user", userId: "ben" };
const REMOTE = { kind: "remote" } as const;

/** Two replicas kept in sync like two browsers (each remote update applied with the "remote" origin). */
function band() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on("update", (u: Uint8Array, origin: unknown) => origin !== REMOTE && Y.applyUpdate(b, u, REMOTE));
  b.on("update", (u: Uint8Array, origin: unknown) => origin !== REMOTE && Y.applyUpdate(a, u, REMOTE));
  return { a, b, undoA: createUndoManager(a, ANA, 0), undoB: createUndoManager(b, BEN, 0) };
}

describe("per-person undo", () => {
  it("undoes and redoes only my own edits, one operation per step, while a bandmate's edits stay", () => {
    const { a, b, undoA, undoB } = band();
    const keys = addTrack(a, { name: "Keys", kind: "instrument" }, ANA);
    const clip = addMidiClip(b, { trackId: keys.id, startTick: 0, lengthTicks: 3840 }, BEN);
    renameTrack(a, keys.id, "Piano", ANA);
    moveClip(b, clip.id, { startTick: 960 }, BEN);
    setTempo(a, 100, ANA);

    undoA.undo(); // the tempo
    expect(readSong(b).tempoBpm).toBe(120);
    undoA.undo(); // the rename — Ben's move is untouched
    expect(listTracks(b)[0].name).toBe("Keys");
    expect(getClip(a, clip.id)!.startTick).toBe(960);
    expect(undoA.undoStack).toHaveLength(1); // Ana's addTrack is left; Ben's edits were never hers
    undoA.redo();
    expect(listTracks(b)[0].name).toBe("Piano");

    // Ben undoes his move: only his.
    undoB.undo();
    expect(getClip(a, clip.id)!.startTick).toBe(0);
    expect(listTracks(a)[0].name).toBe("Piano");
  });

  it("a remote change never enters my history; undoing my add of a track Ben has since filled keeps the doc consistent", () => {
    const { a, b, undoA } = band();
    const keys = addTrack(a, { name: "Keys", kind: "instrument" }, ANA);
    addMidiClip(b, { trackId: keys.id, startTick: 0, lengthTicks: 960 }, BEN);
    addSection(b, { name: "Verse", startTick: 0, lengthTicks: 3840 }, BEN);
    expect(undoA.undoStack).toHaveLength(1);
    undoA.undo();
    expect(listTracks(b)).toEqual([]);
    // Readers skip the clip whose track is gone (it is an orphan until repair), the section is Ben's and stays.
    expect(listClips(b)).toEqual([]);
    expect(listSections(b).map((s) => s.name)).toEqual(["Verse"]);
    undoA.redo();
    expect(listTracks(b).map((t) => t.name)).toEqual(["Keys"]);
    expect(listClips(b)).toHaveLength(1);
  });

  it("a large MIDI import applied in several transactions is one step, however slow the machine", () => {
    const doc = new Y.Doc();
    // No capture window at all: every transaction would be its own step, as on a machine too slow for the
    // window; asOneUndoStep must still make the import one step.
    const undo = createUndoManager(doc, ANA, 0);
    const before = addTrack(doc, { name: "Before", kind: "instrument" }, ANA);
    const midi = new Midi();
    const track = midi.addTrack();
    for (let i = 0; i < NOTES_PER_TRANSACTION + 10; i++)
      track.addNote({ midi: 60 + (i % 12), ticks: i * 60, durationTicks: 50, velocity: 0.8 });
    const updates: number[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u.length));
    const { clipIds } = asOneUndoStep(undo, () => importMidiFile(doc, midi.toArray(), { origin: ANA }));
    addTrack(doc, { name: "After", kind: "instrument" }, ANA);
    expect(updates.length).toBe(3);
    expect(listNotes(doc, clipIds[0])).toHaveLength(NOTES_PER_TRANSACTION + 10);
    expect(undo.undoStack).toHaveLength(3); // Before, the import, After: neither neighbour merged into it
    undo.undo();
    expect(listTracks(doc).map((t) => t.name)).toEqual(["Before", expect.any(String)]);
    undo.undo();
    expect(listTracks(doc).map((t) => t.id)).toEqual([before.id]);
    expect(listClips(doc)).toEqual([]);
  });

  it("notes edited in the piano roll undo one add at a time when the gestures are apart", () => {
    const doc = new Y.Doc();
    const undo = createUndoManager(doc, ANA, 0);
    const keys = addTrack(doc, { name: "Keys", kind: "instrument" }, ANA);
    const clip = addMidiClip(doc, { trackId: keys.id, startTick: 0, lengthTicks: 3840 }, ANA);
    addNotes(doc, clip.id, [{ pitch: 60, startTick: 0, durationTicks: 240, velocity: 100 }], ANA);
    addNotes(doc, clip.id, [{ pitch: 64, startTick: 240, durationTicks: 240, velocity: 100 }], ANA);
    undo.undo();
    expect(listNotes(doc, clip.id).map((n) => n.pitch)).toEqual([60]);
    undo.undo();
    expect(listNotes(doc, clip.id)).toEqual([]);
    expect(getClip(doc, clip.id)).not.toBeNull();
  });

  it("a take picked in the take lanes undoes for whoever picked it; undoing a recording removes its clip; the takes stay listed", () => {
    const { a, b, undoA, undoB } = band();
    const vox = addTrack(a, { name: "Vox", kind: "audio" }, ANA);
    const pass = (i: number) => ({
      takeId: `take${i}aaaaaaaaaaaaaaa`,
      trackId: vox.id,
      groupId: "rec1",
      passIndex: i,
      startTick: 0,
      sampleRate: 48000,
      channels: 1 as const,
      frames: 96000,
    });
    const { clip } = addRecordedTake(a, pass(0), ANA);
    addRecordedTake(a, pass(1), ANA);
    expect(getAudioClip(b, clip.id)!.takeId).toBe(pass(1).takeId);
    setActiveTake(b, clip.id, pass(0).takeId, BEN);
    expect(getAudioClip(a, clip.id)!.takeId).toBe(pass(0).takeId);
    undoB.undo();
    expect(getAudioClip(a, clip.id)!.takeId).toBe(pass(1).takeId);
    undoB.redo();
    expect(getAudioClip(a, clip.id)!.takeId).toBe(pass(0).takeId);
    // Ana undoes: her newest pass's pick was superseded by Ben's, so the step that still changes something is
    // her recording's clip — it goes; the takes stay in the lanes (and the track stays).
    undoA.undo();
    expect(getAudioClip(b, clip.id)).toBeNull();
    expect(listTakeLanes(b, vox.id)[0].takes.map((t) => t.passIndex)).toEqual([0, 1]);
    expect(listTakeLanes(b, vox.id)[0].clipId).toBeNull();
  });

  it("refuses an origin that is not a person", () => {
    expect(() => createUndoManager(new Y.Doc(), { kind: "user", userId: "" })).toThrow(/origin/);
  });
});
