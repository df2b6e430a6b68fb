import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  DRUM_MAP,
  INSTRUMENTS,
  addMidiClip,
  addNotes,
  addTrack,
  checkSongInvariants,
  deleteClip,
  deleteNotes,
  deleteTrack,
  duplicateClip,
  getClip,
  getTrack,
  listClips,
  listNotes,
  moveClip,
  moveNotes,
  quantizeNotes,
  renameClip,
  resizeClip,
  setTrackInstrument,
  updateNotes,
  type NoteInit,
} from "@bandspace/model";
import { USER, expectOneTransaction, expectRejected } from "./helpers/doc-spy";

const note = (pitch: number, startTick: number, durationTicks = 240, velocity = 100): NoteInit => ({
  pitch,
  startTick,
  durationTicks,
  velocity,
});
const strip = (notes: { id: string }[]) => notes.map(({ id: _id, ...rest }) => rest);

function setup() {
  const doc = new Y.Doc();
  const keys = addTrack(doc, { name: "Keys", kind: "instrument" }, USER);
  const bass = addTrack(doc, { name: "Bass", instrument: "bass" }, USER);
  const audio = addTrack(doc, { name: "Vocals" }, USER);
  return { doc, keys, bass, audio };
}

describe("instrument tracks", () => {
  it("default to piano; audio tracks have none; setTrackInstrument changes it in one transaction", () => {
    const { doc, keys, bass, audio } = setup();
    expect(INSTRUMENTS.map((i) => i.id)).toEqual(["piano", "bass", "pad", "lead", "drums"]);
    expect(keys.instrument).toBe("piano");
    expect(bass).toMatchObject({ kind: "instrument", instrument: "bass" });
    expect(audio.instrument).toBeNull();
    expectOneTransaction(doc, USER, () => setTrackInstrument(doc, keys.id, "drums", USER));
    expect(getTrack(doc, keys.id)!.instrument).toBe("drums");
    expectRejected(doc, "NOT_AN_INSTRUMENT_TRACK", () => setTrackInstrument(doc, audio.id, "pad", USER));
    expectRejected(doc, "INVALID_INSTRUMENT", () => setTrackInstrument(doc, keys.id, "banjo" as never, USER));
    expectRejected(doc, "TRACK_NOT_FOUND", () => setTrackInstrument(doc, "nosuchtrack000", "pad", USER));
    expectRejected(doc, "NOT_AN_INSTRUMENT_TRACK", () => addTrack(doc, { kind: "audio", instrument: "pad" }, USER));
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("DRUM_MAP names the General MIDI drums", () => {
    const byPitch = new Map(DRUM_MAP.map((d) => [d.pitch, d.name]));
    expect(byPitch.get(36)).toBe("Kick");
    expect(byPitch.get(38)).toBe("Snare");
    expect(byPitch.get(42)).toBe("Closed hi-hat");
    expect(byPitch.get(46)).toBe("Open hi-hat");
    for (const p of [41, 45, 48, 49, 51]) expect(byPitch.has(p)).toBe(true);
  });
});

describe("MIDI clips", () => {
  it("addMidiClip writes a clip with its notes in one transaction", () => {
    const { doc, keys } = setup();
    const { result: clip } = expectOneTransaction(doc, USER, () =>
      addMidiClip(
        doc,
        { trackId: keys.id, startTick: 3840, lengthTicks: 3840, notes: [note(64, 480), note(60, 0)] },
        USER,
      ),
    );
    expect(clip).toEqual({ id: clip.id, trackId: keys.id, name: "Clip", startTick: 3840, lengthTicks: 3840 });
    expect(getClip(doc, clip.id)).toEqual(clip);
    expect(strip(listNotes(doc, clip.id))).toEqual([note(60, 0), note(64, 480)]);
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("rejects invalid clips before writing anything", () => {
    const { doc, keys, audio } = setup();
    const ok = { trackId: keys.id, startTick: 0, lengthTicks: 960 };
    expectRejected(doc, "NOT_AN_INSTRUMENT_TRACK", () => addMidiClip(doc, { ...ok, trackId: audio.id }, USER));
    expectRejected(doc, "TRACK_NOT_FOUND", () => addMidiClip(doc, { ...ok, trackId: "gone0000000000" }, USER));
    expectRejected(doc, "INVALID_TICK", () => addMidiClip(doc, { ...ok, startTick: -1 }, USER));
    expectRejected(doc, "INVALID_TICK", () => addMidiClip(doc, { ...ok, startTick: 1.5 }, USER));
    expectRejected(doc, "INVALID_LENGTH", () => addMidiClip(doc, { ...ok, lengthTicks: 0 }, USER));
    expectRejected(doc, "INVALID_LENGTH", () => addMidiClip(doc, { ...ok, lengthTicks: -960 }, USER));
    expectRejected(doc, "INVALID_NAME", () => addMidiClip(doc, { ...ok, name: "  " }, USER));
    expectRejected(doc, "INVALID_PITCH", () => addMidiClip(doc, { ...ok, notes: [note(128, 0)] }, USER));
    expectRejected(doc, "INVALID_PITCH", () => addMidiClip(doc, { ...ok, notes: [note(-1, 0)] }, USER));
    expectRejected(doc, "INVALID_VELOCITY", () => addMidiClip(doc, { ...ok, notes: [note(60, 0, 240, 0)] }, USER));
    expectRejected(doc, "INVALID_VELOCITY", () => addMidiClip(doc, { ...ok, notes: [note(60, 0, 240, 128)] }, USER));
    expectRejected(doc, "INVALID_LENGTH", () => addMidiClip(doc, { ...ok, notes: [note(60, 0, 0)] }, USER));
    expect(listClips(doc)).toEqual([]);
  });

  it("lists by start then id, per track; moves in time and across instrument tracks", () => {
    const { doc, keys, bass, audio } = setup();
    const b = addMidiClip(doc, { trackId: keys.id, startTick: 7680, lengthTicks: 960 }, USER);
    const a = addMidiClip(doc, { trackId: keys.id, startTick: 0, lengthTicks: 960 }, USER);
    expect(listClips(doc).map((c) => c.id)).toEqual([a.id, b.id]);
    expectOneTransaction(doc, USER, () => moveClip(doc, a.id, { startTick: 9600, trackId: bass.id }, USER));
    expect(listClips(doc, keys.id).map((c) => c.id)).toEqual([b.id]);
    expect(listClips(doc, bass.id)).toEqual([{ ...a, startTick: 9600, trackId: bass.id }]);
    expectRejected(doc, "NOT_AN_INSTRUMENT_TRACK", () => moveClip(doc, a.id, { trackId: audio.id }, USER));
    expectRejected(doc, "INVALID_TICK", () => moveClip(doc, a.id, { startTick: -5 }, USER));
    expectRejected(doc, "CLIP_NOT_FOUND", () => moveClip(doc, "nosuchclip0000", { startTick: 0 }, USER));
  });

  it("resizing the start keeps notes at their absolute time and drops notes trimmed off", () => {
    const { doc, keys } = setup();
    const clip = addMidiClip(
      doc,
      { trackId: keys.id, startTick: 3840, lengthTicks: 3840, notes: [note(60, 0), note(62, 960), note(64, 1920)] },
      USER,
    );
    expectOneTransaction(doc, USER, () => resizeClip(doc, clip.id, { startTick: 3840 + 960 }, USER));
    expect(getClip(doc, clip.id)).toMatchObject({ startTick: 4800, lengthTicks: 2880 });
    expect(strip(listNotes(doc, clip.id))).toEqual([note(62, 0), note(64, 960)]);
    resizeClip(doc, clip.id, { startTick: 3840 }, USER); // back out: notes stay at their absolute time
    expect(strip(listNotes(doc, clip.id))).toEqual([note(62, 960), note(64, 1920)]);
    resizeClip(doc, clip.id, { lengthTicks: 960 }, USER);
    expect(getClip(doc, clip.id)).toMatchObject({ startTick: 3840, lengthTicks: 960 });
    expect(listNotes(doc, clip.id)).toHaveLength(2); // kept (silent) past the end
    expectRejected(doc, "INVALID_LENGTH", () => resizeClip(doc, clip.id, { startTick: 3840 + 960 }, USER));
    expectRejected(doc, "INVALID_LENGTH", () => resizeClip(doc, clip.id, { lengthTicks: 0 }, USER));
  });

  it("duplicates right after the original with copies of the notes; deletes", () => {
    const { doc, keys } = setup();
    const clip = addMidiClip(
      doc,
      { trackId: keys.id, startTick: 960, lengthTicks: 1920, name: "Riff", notes: [note(60, 0)] },
      USER,
    );
    const { result: copy } = expectOneTransaction(doc, USER, () => duplicateClip(doc, clip.id, USER));
    expect(copy).toEqual({ id: copy.id, trackId: keys.id, name: "Riff", startTick: 2880, lengthTicks: 1920 });
    expect(strip(listNotes(doc, copy.id))).toEqual([note(60, 0)]);
    expect(listNotes(doc, copy.id)[0].id).not.toBe(listNotes(doc, clip.id)[0].id);
    expectOneTransaction(doc, USER, () => deleteClip(doc, clip.id, USER));
    expect(listClips(doc).map((c) => c.id)).toEqual([copy.id]);
    expectRejected(doc, "CLIP_NOT_FOUND", () => deleteClip(doc, clip.id, USER));
  });

  it("renames in one transaction (trimmed, one line); empty, over-long or multi-line names are refused", () => {
    const { doc, keys } = setup();
    const clip = addMidiClip(doc, { trackId: keys.id, startTick: 0, lengthTicks: 960 }, USER);
    expectOneTransaction(doc, USER, () => renameClip(doc, clip.id, "  Chorus riff ", USER));
    expect(getClip(doc, clip.id)!.name).toBe("Chorus riff");
    expectRejected(doc, "INVALID_NAME", () => renameClip(doc, clip.id, "   ", USER));
    expectRejected(doc, "INVALID_NAME", () => renameClip(doc, clip.id, "x".repeat(500), USER));
    expectRejected(doc, "INVALID_NAME", () => renameClip(doc, clip.id, 42 as unknown as string, USER));
    expectRejected(doc, "CLIP_NOT_FOUND", () => renameClip(doc, "nosuchclip0000", "A", USER));
  });

  it("deleting a track deletes its clips in the same transaction", () => {
    const { doc, keys, bass } = setup();
    addMidiClip(doc, { trackId: keys.id, startTick: 0, lengthTicks: 960 }, USER);
    const kept = addMidiClip(doc, { trackId: bass.id, startTick: 0, lengthTicks: 960 }, USER);
    expectOneTransaction(doc, USER, () => deleteTrack(doc, keys.id, USER));
    expect(listClips(doc)).toEqual([kept]);
    expect(doc.getMap("clips").size).toBe(1);
  });
});

describe("notes", () => {
  function clipDoc() {
    const { doc, keys } = setup();
    const clip = addMidiClip(doc, { trackId: keys.id, startTick: 1000, lengthTicks: 3840 }, USER);
    return { doc, clip };
  }

  it("addNotes returns the new notes; listNotes sorts by start, pitch, id", () => {
    const { doc, clip } = clipDoc();
    const { result } = expectOneTransaction(doc, USER, () =>
      addNotes(doc, clip.id, [note(67, 480), note(60, 480), note(72, 0)], USER),
    );
    expect(strip(result)).toEqual([note(67, 480), note(60, 480), note(72, 0)]);
    expect(strip(listNotes(doc, clip.id))).toEqual([note(72, 0), note(60, 480), note(67, 480)]);
    expect(listNotes(doc, "nosuchclip0000")).toEqual([]);
    expectRejected(doc, "CLIP_NOT_FOUND", () => addNotes(doc, "nosuchclip0000", [note(60, 0)], USER));
    expectRejected(doc, "INVALID_PITCH", () => addNotes(doc, clip.id, [note(60, 0), note(200, 0)], USER));
  });

  it("updateNotes and moveNotes change only the given notes, validated first", () => {
    const { doc, clip } = clipDoc();
    const [a, b] = addNotes(doc, clip.id, [note(60, 0), note(64, 480)], USER);
    expectOneTransaction(doc, USER, () =>
      updateNotes(doc, clip.id, [{ id: a.id, velocity: 30, durationTicks: 960 }], USER),
    );
    expect(listNotes(doc, clip.id)[0]).toEqual({ ...a, velocity: 30, durationTicks: 960 });
    expectOneTransaction(doc, USER, () => moveNotes(doc, clip.id, [a.id, b.id], { ticks: 240, pitch: -12 }, USER));
    expect(strip(listNotes(doc, clip.id))).toEqual([note(48, 240, 960, 30), note(52, 720)]);
    expectRejected(doc, "INVALID_TICK", () => moveNotes(doc, clip.id, [a.id], { ticks: -1000 }, USER));
    expectRejected(doc, "INVALID_PITCH", () => moveNotes(doc, clip.id, [a.id, b.id], { pitch: 76 }, USER));
    expectRejected(doc, "NOTE_NOT_FOUND", () => moveNotes(doc, clip.id, ["nosuchnote0000"], { pitch: 1 }, USER));
    expectRejected(doc, "NOTE_NOT_FOUND", () => updateNotes(doc, clip.id, [{ id: "nosuchnote0000", pitch: 1 }], USER));
    expectRejected(doc, "INVALID_VELOCITY", () => updateNotes(doc, clip.id, [{ id: a.id, velocity: 0 }], USER));
    expectRejected(doc, "INVALID_PITCH", () =>
      updateNotes(
        doc,
        clip.id,
        [
          { id: b.id, pitch: 61 },
          { id: a.id, pitch: 128 },
        ],
        USER,
      ),
    );
  });

  it("deleteNotes skips ids that are already gone", () => {
    const { doc, clip } = clipDoc();
    const [a, b] = addNotes(doc, clip.id, [note(60, 0), note(64, 480)], USER);
    expectOneTransaction(doc, USER, () => deleteNotes(doc, clip.id, [a.id, "alreadygone000"], USER));
    expect(listNotes(doc, clip.id).map((n) => n.id)).toEqual([b.id]);
  });

  it("quantizeNotes snaps starts to the song's grid (clip starts off-grid), keeping durations", () => {
    const { doc, clip } = clipDoc(); // clip starts at 1000
    const [a, b, c] = addNotes(doc, clip.id, [note(60, 0, 100), note(62, 230, 100), note(64, 500, 100)], USER);
    // absolute 1000 → 960 is before the clip: next line 1200; 1230 → 1200; 1500 → 1440.
    expectOneTransaction(doc, USER, () => quantizeNotes(doc, clip.id, [a.id, b.id], 240, USER));
    const starts = new Map(listNotes(doc, clip.id).map((n) => [n.id, n.startTick]));
    expect([starts.get(a.id), starts.get(b.id), starts.get(c.id)]).toEqual([200, 200, 500]);
    quantizeNotes(doc, clip.id, null, 240, USER);
    expect(new Map(listNotes(doc, clip.id).map((n) => [n.id, n.startTick])).get(c.id)).toBe(440);
    expect(listNotes(doc, clip.id).every((n) => n.durationTicks === 100)).toBe(true);
    expectRejected(doc, "INVALID_GRID", () => quantizeNotes(doc, clip.id, null, 0, USER));
  });
});
