import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  addMidiClip,
  addTrack,
  checkSongInvariants,
  exportMidiFile,
  importMidiFile,
  isModelError,
  listClips,
  listMeterChanges,
  listTracks,
  MidiDamageError,
  RAMP_STEP_TICKS,
  readSong,
  readTempoMap,
  setClipPedal,
  setKey,
  setMeterChange,
  setTempo,
  setTempoChange,
  type NoteInit,
} from "@bandspace/model";
import { makeRng, USER } from "./helpers/doc-spy";
import {
  docNotes,
  fileClock,
  notesMismatch,
  parseMidi,
  referenceNotes,
  trackEvents,
  writeFile,
  type AbsEvent,
} from "./helpers/midi-reference";

const PPQ_FILE = 480;
const BAR = 4 * PPQ_FILE;

const on = (tick: number, channel: number, pitch: number, velocity: number): AbsEvent => ({
  tick,
  type: "noteOn",
  channel,
  noteNumber: pitch,
  velocity,
});
const off = (tick: number, channel: number, pitch: number): AbsEvent => ({
  tick,
  type: "noteOff",
  channel,
  noteNumber: pitch,
  velocity: 0,
});
const program = (tick: number, channel: number, n: number): AbsEvent => ({
  tick,
  type: "programChange",
  channel,
  programNumber: n,
});
const cc = (tick: number, channel: number, controllerType: number, value: number): AbsEvent => ({
  tick,
  type: "controller",
  channel,
  controllerType,
  value,
});
const name = (text: string): AbsEvent => ({ tick: 0, type: "trackName", text, meta: true });
const tempo = (tick: number, micros: number): AbsEvent => ({
  tick,
  type: "setTempo",
  microsecondsPerBeat: micros,
  meta: true,
});
const meter = (tick: number, numerator: number, denominator: number): AbsEvent => ({
  tick,
  type: "timeSignature",
  numerator,
  denominator,
  metronome: 24,
  thirtyseconds: 8,
  meta: true,
});
const end = (tick: number): AbsEvent => ({ tick, type: "endOfTrack", meta: true });

// Bars 1–4 in 4/4 (1920 file ticks), bars 5–6 in 3/4 (1440), 7–8 in 7/8 (1680), from bar 9 in 4/4.
const BAR5 = 4 * BAR;
const BAR7 = BAR5 + 2 * 1440;
const BAR9 = BAR7 + 2 * 1680;

/**
 * A file that exercises what real files do: tempo changes off the bar line, a stepped accelerando, three meter
 * changes, a key, a program change inside a held note, running status, a track with three channels, a
 * zero-length note, the sustain pedal, an unmatched note-on, and 300 seeded notes across all of it.
 */
function tortureFile(): Uint8Array {
  const conductor: AbsEvent[] = [
    name("Rubato"),
    meter(0, 4, 4),
    { tick: 0, type: "keySignature", key: -3, scale: 1, meta: true }, // C minor
    tempo(0, 500_000), // 120
    tempo(BAR + 240, 631_579), // ≈ 95, inside bar 2
    tempo(3 * BAR + 100, 400_000), // 150, inside bar 4
    meter(BAR5, 3, 4),
    meter(BAR7, 7, 8),
    meter(BAR9, 4, 4),
  ];
  // An accelerando written as steps every 60 ticks over bars 10–11: 150 → ~200 BPM.
  for (let i = 0; i < 64; i++) conductor.push(tempo(BAR9 + BAR + i * 60, Math.round(60e6 / (150 + (50 * i) / 63))));

  const piano: AbsEvent[] = [
    name("Piano"),
    program(0, 0, 0),
    on(0, 0, 60, 90),
    program(240, 0, 1), // while 60 is held: its note-off must still end it
    off(960, 0, 60),
    on(480, 0, 62, 70), // running status: consecutive note-ons on one channel
    on(480, 0, 65, 71),
    off(900, 0, 62),
    off(900, 0, 65),
    cc(1920, 0, 64, 127), // sustain down
    on(1920, 0, 64, 80),
    off(2000, 0, 64),
    cc(2880, 0, 64, 0), // sustain up
    on(3000, 0, 67, 60), // zero length
    off(3000, 0, 67),
    on(3500, 0, 72, 100), // never released: ends at the track end
    end(6 * BAR),
  ];
  const band: AbsEvent[] = [
    name("Band"),
    program(0, 0, 0),
    program(0, 1, 4), // Electric piano: the same instrument family as channel 1
    on(0, 0, 48, 100),
    off(480, 0, 48),
    on(480, 1, 52, 101),
    off(960, 1, 52),
    on(0, 9, 36, 120),
    off(60, 9, 36),
    on(480, 9, 38, 110),
    off(540, 9, 38),
  ];
  const rng = makeRng(2020);
  const bass: AbsEvent[] = [name("Bass"), program(0, 2, 33)];
  for (let i = 0; i < 300; i++) {
    const start = rng.int(BAR9 + 4 * BAR);
    const pitch = 28 + rng.int(24);
    bass.push(on(start, 2, pitch, 1 + rng.int(127)), off(start + 1 + rng.int(900), 2, pitch));
  }
  return writeFile(PPQ_FILE, [conductor, piano, band, bass]);
}

describe("MIDI import keeps every note of a real file", () => {
  const bytes = tortureFile();

  it("every note's pitch, start and end (within 1 ms) and velocity match the file", () => {
    const doc = new Y.Doc();
    const { report } = importMidiFile(doc, bytes, { origin: USER });
    const ref = referenceNotes(bytes);
    expect(ref.length).toBe(6 + 4 + 300); // sanity: the reference sees them all
    expect(notesMismatch(ref, docNotes(doc))).toBeNull();
    expect(report.notes).toBe(ref.length);
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("pairs a note across a program change, keeps zero-length and unmatched notes, and says so", () => {
    const doc = new Y.Doc();
    const { report } = importMidiFile(doc, bytes, { origin: USER });
    const piano = docNotes(doc).filter((n) => n.track === "Piano");
    expect(piano.find((n) => n.pitch === 60)).toMatchObject({ start: 0, end: 1 }); // 2 beats at 120
    const zero = piano.find((n) => n.pitch === 67)!;
    expect(zero.end - zero.start).toBeGreaterThan(0);
    expect(zero.end - zero.start).toBeLessThan(0.001); // one tick
    const map = readTempoMap(doc);
    const unmatched = piano.find((n) => n.pitch === 72)!;
    expect(unmatched.end).toBeCloseTo(map.ticksToSeconds(6 * 3840), 9);
    expect(report).toMatchObject({ zeroLengthNotes: 1, unmatchedNoteOns: 1, strayNoteOffs: 0, sustainPedals: 1 });
    expect(report.warnings.join(" ")).toMatch(/never released/);
    expect(report.warnings.join(" ")).toMatch(/no length/);
  });

  it("one track per MIDI track, split only where its channels are different instruments; names and key", () => {
    const doc = new Y.Doc();
    const { report } = importMidiFile(doc, bytes, { origin: USER });
    expect(listTracks(doc).map((t) => [t.name, t.instrument])).toEqual([
      ["Piano", "piano"],
      ["Band (Piano)", "piano"],
      ["Band (Drums)", "drums"],
      ["Bass", "bass"],
    ]);
    expect(report.splits).toEqual([
      "“Band” holds channels 1, 2, 10 of different instruments: split into Piano and Drums.",
    ]);
    expect(readSong(doc).key).toEqual({ tonic: "C", mode: "minor" });
    expect(report.key).toEqual({ tonic: "C", mode: "minor" });
  });

  it("imports tempo changes at their exact ticks and every meter change", () => {
    const doc = new Y.Doc();
    const { report } = importMidiFile(doc, bytes, { origin: USER });
    expect(listMeterChanges(doc)).toEqual([
      { bar: 5, numerator: 3, denominator: 4 },
      { bar: 7, numerator: 7, denominator: 8 },
      { bar: 9, numerator: 4, denominator: 4 },
    ]);
    expect(report.meterChanges).toBe(3);
    const map = readTempoMap(doc);
    expect(map.bpm).toBe(120);
    const changes = map.changes();
    expect(changes[0]).toMatchObject({ tick: (BAR + 240) * 2, ramp: false });
    // 631,579 µs is how MIDI writes 95 BPM: read back as the 95 the author typed (within the microsecond).
    expect(changes[0].bpm).toBe(95);
    expect(changes.length).toBe(report.tempoChanges);
    // Time at every beat of the file equals the map's (the file's clock is integrated independently).
    const clock = fileClock(parseMidi(bytes));
    for (let t = 0; t <= BAR9 + 6 * BAR; t += 120) expect(map.ticksToSeconds(t * 2)).toBeCloseTo(clock(t), 6);
    expect(map.formatPosition(BAR7 * 2)).toBe("7.1.1");
  });

  it("keeps the sustain pedal on the clip (CC 64 down at beat 5, up at beat 7)", () => {
    const doc = new Y.Doc();
    importMidiFile(doc, bytes, { origin: USER });
    const piano = listTracks(doc).find((t) => t.name === "Piano")!;
    const [clip] = listClips(doc, piano.id);
    expect(clip.pedal).toEqual([{ startTick: 3840, endTick: 5760 }]);
  });

  it("a file placed later in the song keeps the song's tempo map and says the file's changes were not applied", () => {
    const doc = new Y.Doc();
    setTempo(doc, 90, USER);
    const { report } = importMidiFile(doc, bytes, { atTick: 8 * 3840, origin: USER });
    expect(readSong(doc).tempoBpm).toBe(90);
    expect(readTempoMap(doc).changes()).toEqual([]);
    expect(report.warnings.join(" ")).toMatch(/not applied/);
  });
});

describe("MIDI export writes what another DAW needs to play the song at the same times", () => {
  it("round trip: the export, read by an independent parser, plays every note of the original within 1 ms", () => {
    const original = tortureFile();
    const doc = new Y.Doc();
    importMidiFile(doc, original, { origin: USER });
    const exported = exportMidiFile(doc);
    expect(notesMismatch(referenceNotes(original), referenceNotes(exported))).toBeNull();

    const data = parseMidi(exported);
    expect(data.header).toMatchObject({ format: 1, ticksPerBeat: 960 });
    const conductor = trackEvents(exported, 0);
    expect(
      conductor.filter((e) => e.type === "timeSignature").map((e) => [e.tick, e.numerator, e.denominator]),
    ).toEqual([
      [0, 4, 4],
      [BAR5 * 2, 3, 4],
      [BAR7 * 2, 7, 8],
      [BAR9 * 2, 4, 4],
    ]);
    expect(conductor.find((e) => e.type === "keySignature")).toMatchObject({ key: -3, scale: 1 });
    const names = data.tracks
      .map((t) => t.find((e) => e.type === "trackName"))
      .map((e) => (e as { text: string }).text);
    expect(names[0]).toBe(readSong(doc).title);
    expect(names.slice(1)).toEqual(["Piano", "Band (Piano)", "Band (Drums)", "Bass"]);
    // The tempo map: the time of every beat of the original, in the export.
    const a = fileClock(parseMidi(original));
    const b = fileClock(data);
    for (let t = 0; t <= BAR9 + 6 * BAR; t += PPQ_FILE) expect(Math.abs(b(t * 2) - a(t))).toBeLessThan(0.001);
    // The sustain pedal on the piano's channel, down and up where the file had it.
    const pedal = trackEvents(exported, 1).filter((e) => e.type === "controller" && e.controllerType === 64);
    expect(pedal.map((e) => [e.tick, e.value])).toEqual([
      [3840, 127],
      [5760, 0],
    ]);
    // Drums on channel 10.
    expect(trackEvents(exported, 3).find((e) => e.type === "noteOn")).toMatchObject({ channel: 9 });
  });

  it("writes a ramp as documented dense steps whose notes land within 1 ms of the map's time", () => {
    const doc = new Y.Doc();
    setTempo(doc, 80, USER);
    setMeterChange(doc, { bar: 3, numerator: 6, denominator: 8 }, USER);
    setTempoChange(doc, { tick: 3840 + 1200, bpm: 80 }, USER); // the ramp starts mid-bar…
    setTempoChange(doc, { tick: 3 * 3840, bpm: 160, ramp: true }, USER); // …and reaches 160
    setTempoChange(doc, { tick: 4 * 3840 + 700, bpm: 100 }, USER); // an instant change mid-bar
    setKey(doc, { tonic: "F#", mode: "major" }, USER);
    const track = addTrack(doc, { name: "Keys", instrument: "piano" }, USER);
    const notes: NoteInit[] = [];
    for (let t = 0; t < 8 * 3840; t += 330)
      notes.push({ pitch: 60 + (t % 12), startTick: t, durationTicks: 200, velocity: 99 });
    addMidiClip(doc, { trackId: track.id, startTick: 0, lengthTicks: 8 * 3840, notes }, USER);
    const exported = exportMidiFile(doc);

    expect(notesMismatch(docNotes(doc), referenceNotes(exported))).toBeNull();
    const tempos = trackEvents(exported, 0).filter((e) => e.type === "setTempo");
    const inRamp = tempos.filter((e) => e.tick >= 3840 + 1200 && e.tick < 3 * 3840);
    expect(inRamp.length).toBe(Math.ceil((3 * 3840 - 3840 - 1200) / RAMP_STEP_TICKS));
    expect(trackEvents(exported, 0).find((e) => e.type === "keySignature")).toMatchObject({ key: 6, scale: 0 });

    // Imported back, the steps are plain tempo changes and every note still plays at the same time.
    const back = new Y.Doc();
    importMidiFile(back, exported, { origin: USER });
    expect(notesMismatch(docNotes(doc), docNotes(back))).toBeNull();
    expect(listMeterChanges(back)).toEqual([{ bar: 3, numerator: 6, denominator: 8 }]);
    expect(readSong(back).key).toEqual({ tonic: "F#", mode: "major" });
  });

  it("keeps a clip's sustain pedal", () => {
    const doc = new Y.Doc();
    const track = addTrack(doc, { name: "Keys", instrument: "piano" }, USER);
    const clip = addMidiClip(
      doc,
      {
        trackId: track.id,
        startTick: 3840,
        lengthTicks: 3840,
        notes: [{ pitch: 60, startTick: 0, durationTicks: 100, velocity: 90 }],
      },
      USER,
    );
    setClipPedal(doc, clip.id, [{ startTick: 0, endTick: 1920 }], USER);
    const back = new Y.Doc();
    importMidiFile(back, exportMidiFile(doc), { origin: USER });
    expect(listClips(back)[0].pedal).toEqual([{ startTick: 0, endTick: 1920 }]);
  });
});

describe("damaged files", () => {
  const intact = tortureFile();

  function expectDamage(bytes: Uint8Array, pattern: RegExp): MidiDamageError {
    const doc = new Y.Doc();
    let caught: unknown = null;
    try {
      importMidiFile(doc, bytes, { origin: USER });
    } catch (e) {
      caught = e;
    }
    expect(isModelError(caught, "MIDI_FILE_DAMAGED")).toBe(true);
    const error = caught as MidiDamageError;
    expect(error.message).toMatch(pattern);
    expect(listTracks(doc)).toEqual([]); // nothing written
    return error;
  }

  it("refuses a truncated file, saying what is missing, and imports what is there once accepted", () => {
    const cut = intact.slice(0, Math.floor(intact.length * 0.7));
    const error = expectDamage(cut, /truncated/);
    expect(error.damage.length).toBeGreaterThan(0);
    const doc = new Y.Doc();
    const { report } = importMidiFile(doc, cut, { origin: USER, acceptDamage: true });
    expect(report.damage).toEqual(error.damage);
    expect(report.notes).toBeGreaterThan(0);
    expect(report.notes).toBeLessThan(referenceNotes(intact).length);
  });

  function chunkStarts(bytes: Uint8Array): number[] {
    const out: number[] = [];
    for (let i = 14; i + 8 <= bytes.length;) {
      out.push(i);
      i += 8 + ((bytes[i + 4] << 24) | (bytes[i + 5] << 16) | (bytes[i + 6] << 8) | bytes[i + 7]);
    }
    return out;
  }
  function withLength(bytes: Uint8Array, chunk: number, delta: number): Uint8Array {
    const copy = bytes.slice();
    const at = chunkStarts(copy)[chunk];
    const view = new DataView(copy.buffer);
    view.setUint32(at + 4, view.getUint32(at + 4) + delta);
    return copy;
  }

  it("refuses a chunk length shorter than the track's events (it would cut the track and misread the rest)", () => {
    expectDamage(withLength(intact, 1, -10), /End of Track|damaged|chunk/);
  });

  it("refuses a chunk length longer than the track (it swallows the next track's header)", () => {
    expectDamage(withLength(intact, 1, 30), /swallows the next track|missing/);
  });

  it("refuses a header announcing more tracks than the file holds", () => {
    const copy = intact.slice();
    copy[11] = copy[11] + 2;
    expectDamage(copy, /2 tracks are missing/);
  });
});

describe("track names", () => {
  // midi-file reads and writes meta text one byte per character: UTF-8 goes through it as a binary string.
  const utf8Bytes = (text: string) => String.fromCharCode(...new TextEncoder().encode(text));
  const fromBytes = (binary: string) => new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));

  it("reads UTF-8 names, falls back to Latin-1 for older files, and writes UTF-8", () => {
    const title = "Klavier – Größe 🎹";
    const utf8 = writeFile(480, [[name(utf8Bytes(title)), on(0, 0, 60, 90), off(480, 0, 60)]]);
    const doc = new Y.Doc();
    importMidiFile(doc, utf8, { origin: USER });
    expect(listTracks(doc)[0].name).toBe(title);
    const written = trackEvents(exportMidiFile(doc), 1).find((e) => e.type === "trackName");
    expect(fromBytes(String(written?.text))).toBe(title);
    // "Bäss" in Latin-1: the byte 0xE4 alone is not UTF-8.
    const latin = writeFile(480, [[name("B\u00e4ss"), on(0, 0, 40, 90), off(480, 0, 40)]]);
    const doc2 = new Y.Doc();
    importMidiFile(doc2, latin, { origin: USER });
    expect(listTracks(doc2)[0].name).toBe("Bäss");
  });
});
