import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { Midi } from "@tonejs/midi";
import {
  addMidiClip,
  addTrack,
  checkSongInvariants,
  exportMidiFile,
  importMidiFile,
  listClips,
  listNotes,
  listTempoChanges,
  listTracks,
  MAX_IMPORT_NOTES,
  NOTES_PER_TRANSACTION,
  readSong,
  readTempoMap,
  setTempo,
  setTempoChange,
  setTimeSignature,
  type NoteInit,
} from "@bandspace/model";
import { USER, expectOneTransaction, expectRejected } from "./helpers/doc-spy";

const BAR_3_4 = 2880;

/** Every note of every instrument track as (track name, instrument, pitch, absolute tick, duration, velocity). */
function absoluteNotes(doc: Y.Doc) {
  const tracks = new Map(listTracks(doc).map((t) => [t.id, t]));
  return listClips(doc)
    .flatMap((clip) =>
      listNotes(doc, clip.id).map((n) => ({
        instrument: tracks.get(clip.trackId)!.instrument,
        pitch: n.pitch,
        tick: clip.startTick + n.startTick,
        durationTicks: n.durationTicks,
        velocity: n.velocity,
      })),
    )
    .sort((a, b) => a.tick - b.tick || a.pitch - b.pitch || String(a.instrument).localeCompare(String(b.instrument)));
}

/**
 * A type-0 Standard MIDI File of `count` short notes, written byte by byte (building it with @tonejs/midi's
 * sorted addNote is quadratic).
 */
function denseSmf(count: number): Uint8Array {
  const events: number[] = [];
  for (let i = 0; i < count; i++) events.push(0x00, 0x90, 60, 100, 0x05, 0x80, 60, 0); // on, 5 ticks, off
  events.push(0x00, 0xff, 0x2f, 0x00); // end of track
  const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const header = [0x4d, 0x54, 0x68, 0x64, ...u32(6), 0, 0, 0, 1, 0x01, 0xe0]; // MThd, format 0, 1 track, PPQ 480
  return new Uint8Array([...header, 0x4d, 0x54, 0x72, 0x6b, ...u32(events.length), ...events]);
}

function bandSong(): Y.Doc {
  const doc = new Y.Doc();
  setTempo(doc, 100, USER);
  setTimeSignature(doc, 3, 4, USER);
  setTempoChange(doc, { bar: 5, bpm: 140 }, USER);
  const drums = addTrack(doc, { name: "Drums", instrument: "drums" }, USER);
  const bass = addTrack(doc, { name: "Bass", instrument: "bass" }, USER);
  addTrack(doc, { name: "Vocals" }, USER); // audio: not exported
  const pattern: NoteInit[] = [];
  for (let beat = 0; beat < 3; beat++) {
    pattern.push({
      pitch: beat === 0 ? 36 : 38,
      startTick: beat * 960,
      durationTicks: 120,
      velocity: beat === 0 ? 127 : 96,
    });
    for (const eighth of [0, 480])
      pattern.push({ pitch: 42, startTick: beat * 960 + eighth, durationTicks: 480, velocity: 70 + eighth / 48 });
  }
  for (let bar = 0; bar < 8; bar += 2)
    addMidiClip(doc, { trackId: drums.id, startTick: bar * BAR_3_4, lengthTicks: BAR_3_4, notes: pattern }, USER);
  const line: NoteInit[] = [40, 43, 45, 47, 45, 43].map((pitch, i) => ({
    pitch,
    startTick: i * 960 + (i % 2) * 7,
    durationTicks: 900 - i,
    velocity: 60 + i * 11,
  }));
  addMidiClip(doc, { trackId: bass.id, startTick: 3 * BAR_3_4, lengthTicks: 3 * BAR_3_4, notes: line }, USER);
  return doc;
}

describe("exportMidiFile", () => {
  it("writes a type 1 SMF at PPQ 960 with a conductor track, drums on channel 10 and GM programs", () => {
    const bytes = exportMidiFile(bandSong());
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(String.fromCharCode(...bytes.slice(0, 4))).toBe("MThd");
    expect(view.getUint16(8)).toBe(1); // format 1
    expect(view.getUint16(10)).toBe(3); // conductor + drums + bass
    expect(view.getUint16(12)).toBe(960); // PPQ

    const midi = new Midi(bytes);
    expect(midi.header.ppq).toBe(960);
    expect(midi.header.timeSignatures.map((t) => [t.ticks, t.timeSignature])).toEqual([[0, [3, 4]]]);
    expect(midi.header.tempos.map((t) => [t.ticks, Math.round(t.bpm * 1000) / 1000])).toEqual([
      [0, 100],
      [4 * BAR_3_4, 140],
    ]);
    expect(midi.tracks.map((t) => [t.name, t.channel, t.instrument.number])).toEqual([
      ["Drums", 9, 0],
      ["Bass", 0, 33],
    ]);
    expect(midi.tracks[0].instrument.percussion).toBe(true);
    expect(midi.tracks[0].notes).toHaveLength(4 * 9);
  });

  it("counts the meter's beat: 6/8 at 120 eighths per minute is 60 quarters per minute", () => {
    const doc = new Y.Doc();
    setTimeSignature(doc, 6, 8, USER);
    setTempo(doc, 120, USER);
    const midi = new Midi(exportMidiFile(doc));
    expect(midi.header.tempos[0].bpm).toBeCloseTo(60, 6);
    const back = new Y.Doc();
    importMidiFile(back, exportMidiFile(doc), { origin: USER });
    expect(readSong(back)).toMatchObject({ tempoBpm: 120, timeSignature: { numerator: 6, denominator: 8 } });
  });
});

describe("importMidiFile", () => {
  it("round-trips notes, tempo map and meter through export → import, in one transaction", () => {
    const doc = bandSong();
    const fresh = new Y.Doc();
    const { result } = expectOneTransaction(fresh, USER, () =>
      importMidiFile(fresh, exportMidiFile(doc), { origin: USER }),
    );
    expect(result.trackIds).toHaveLength(2);
    expect(result.clipIds).toHaveLength(2);
    expect(listTracks(fresh).map((t) => [t.name, t.kind, t.instrument])).toEqual([
      ["Drums", "instrument", "drums"],
      ["Bass", "instrument", "bass"],
    ]);
    expect(absoluteNotes(fresh)).toEqual(absoluteNotes(doc));
    expect(absoluteNotes(fresh)).toHaveLength(4 * 9 + 6);
    expect(readSong(fresh).timeSignature).toEqual({ numerator: 3, denominator: 4 });
    expect(readSong(fresh).tempoBpm).toBe(100);
    expect(listTempoChanges(fresh).map(({ bar, bpm }) => ({ bar, bpm }))).toEqual([{ bar: 5, bpm: 140 }]);
    expect(readTempoMap(fresh).segments()).toEqual(readTempoMap(doc).segments());
    // Clips span the notes, rounded out to whole bars.
    for (const clip of listClips(fresh)) {
      expect(clip.startTick % BAR_3_4).toBe(0);
      expect(clip.lengthTicks % BAR_3_4).toBe(0);
    }
    expect(checkSongInvariants(fresh)).toEqual([]);
  });

  it("rescales a PPQ 480 file from another program, maps GM programs, and places it at atTick", () => {
    const midi = new Midi(); // PPQ 480
    expect(midi.header.ppq).toBe(480);
    midi.header.tempos = [
      { ticks: 0, bpm: 90 },
      { ticks: 480 * 4 * 2, bpm: 120 },
      { ticks: 480 * 4 * 2 + 10, bpm: 121 },
    ];
    midi.header.timeSignatures = [{ ticks: 0, timeSignature: [4, 4] }];
    midi.header.update();
    const pad = midi.addTrack();
    pad.name = "Strings";
    pad.instrument.number = 48; // String Ensemble 1
    pad.addNote({ midi: 60, ticks: 480, durationTicks: 240, velocity: 100 / 127 });
    pad.addNote({ midi: 67, ticks: 480 * 5 + 1, durationTicks: 479, velocity: 1 / 127 });
    const lead = midi.addTrack();
    lead.channel = 1;
    lead.instrument.number = 81; // Lead 2 (sawtooth)
    lead.addNote({ midi: 72, ticks: 0, durationTicks: 480, velocity: 1 });
    const bytes = midi.toArray();

    const doc = new Y.Doc();
    importMidiFile(doc, bytes, { origin: USER });
    expect(listTracks(doc).map((t) => [t.name, t.instrument])).toEqual([
      ["Strings", "pad"],
      ["Lead", "lead"],
    ]);
    const [strings] = listClips(doc, listTracks(doc)[0].id);
    expect(strings).toMatchObject({ startTick: 0, lengthTicks: 2 * 3840 });
    expect(listNotes(doc, strings.id).map(({ id: _id, ...n }) => n)).toEqual([
      { pitch: 60, startTick: 960, durationTicks: 480, velocity: 100 },
      { pitch: 67, startTick: 960 * 5 + 2, durationTicks: 958, velocity: 1 },
    ]);
    // @tonejs/midi writes floor(60e6 / bpm) µs: the file's tempo is 90.00009, not 90, and it is kept as written.
    expect(readSong(doc).tempoBpm).toBeCloseTo(90, 3);
    // Tempo changes stay at their own ticks (no longer merged into the bar start).
    expect(listTempoChanges(doc).map(({ tick, bpm }) => [tick, Math.round(bpm)])).toEqual([
      [7680, 120],
      [7700, 121],
    ]);

    // At another position the song's tempo map is left alone, and clips go on the song's bar grid.
    const second = new Y.Doc();
    setTempo(second, 77, USER);
    const { clipIds } = importMidiFile(second, bytes, { atTick: 3840 * 8 + 960, origin: USER });
    expect(readSong(second).tempoBpm).toBe(77);
    expect(listTempoChanges(second)).toEqual([]);
    const clip = listClips(second).find((c) => c.id === clipIds[0])!;
    expect(clip.startTick).toBe(3840 * 8);
    expect(clip.startTick + listNotes(second, clip.id)[0].startTick).toBe(3840 * 8 + 960 + 960);
  });

  it("rejects garbage with INVALID_MIDI_FILE without writing anything", () => {
    const doc = new Y.Doc();
    const garbage = new Uint8Array(64).map((_, i) => (i * 37) & 255);
    expectRejected(doc, "INVALID_MIDI_FILE", () => importMidiFile(doc, garbage, { origin: USER }));
    expectRejected(doc, "INVALID_MIDI_FILE", () => importMidiFile(doc, new Uint8Array(0), { origin: USER }));
    const truncated = exportMidiFile(bandSong()).slice(0, 40);
    expectRejected(doc, "MIDI_FILE_DAMAGED", () => importMidiFile(doc, truncated, { origin: USER }));
    expectRejected(doc, "INVALID_TICK", () =>
      importMidiFile(doc, exportMidiFile(bandSong()), { atTick: -1, origin: USER }),
    );
  });

  it("imports a dense file in several updates, each far below the sync server's 2 MB message limit", () => {
    const midi = new Midi();
    const piano = midi.addTrack();
    const strings = midi.addTrack();
    strings.instrument.number = 48;
    const count = 2 * NOTES_PER_TRANSACTION + 1234;
    for (let i = 0; i < count; i++)
      piano.addNote({ midi: 36 + (i % 48), ticks: i * 60, durationTicks: 50, velocity: 0.7 });
    for (let i = 0; i < 100; i++) strings.addNote({ midi: 60, ticks: i * 480, durationTicks: 480, velocity: 0.5 });
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    const { clipIds } = importMidiFile(doc, midi.toArray(), { origin: USER });
    expect(updates.length).toBe(3); // tracks + clips + the first 4,000 notes, then 4,000, then the rest
    for (const u of updates) expect(u.length).toBeLessThan(1024 * 1024);
    expect(listNotes(doc, clipIds[0])).toHaveLength(count);
    expect(listNotes(doc, clipIds[1])).toHaveLength(100);
    expect(checkSongInvariants(doc)).toEqual([]);
    // A replica that applies the updates one by one ends up identical.
    const replica = new Y.Doc();
    for (const u of updates) Y.applyUpdate(replica, u);
    expect(listNotes(replica, clipIds[0])).toEqual(listNotes(doc, clipIds[0]));
  });

  it("refuses a file with more notes than one import may add, before writing anything", () => {
    const doc = new Y.Doc();
    const error = expectRejected(doc, "INVALID_MIDI_FILE", () =>
      importMidiFile(doc, denseSmf(MAX_IMPORT_NOTES + 1), { origin: USER }),
    );
    expect(error.message).toMatch(/50,001 notes; at most 50,000/);
  });
});
