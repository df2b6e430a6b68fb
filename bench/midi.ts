/**
 * bench:midi — MIDI import/export and tempo-map conversion speed, pure document work (no I/O):
 *   - a 50,000-note multitrack file (16 tracks, tempo changes inside bars, meter changes, sustain pedal),
 *     written with midi-file's writer: importMidiFile into a fresh doc, exportMidiFile of that doc;
 *     beside it, as the reference, midi-file's own parse and write and @tonejs/midi's parse of the same bytes
 *     (bare file libraries: no pairing checks, no document; midi-file's writer is quadratic, so it is no
 *     reference for export);
 *   - ticks ⇄ seconds conversions per second on a TempoMap with 1,000 changes (instant and ramps, mid-bar)
 *     and 20 meter changes, beside a map with no changes.
 * Ends with one JSON line. BENCH_NOTES (50000), BENCH_TRACKS (16), BENCH_RUNS (5), BENCH_CONVERSIONS (2e6).
 */
import * as Y from "yjs";
import { parseMidi, writeMidi, type MidiData, type MidiEvent } from "midi-file";
import * as tonejsMidi from "@tonejs/midi";
import { exportMidiFile, importMidiFile, listClips, listNotes, TempoMap } from "@bandspace/model";

const NOTES = Number(process.env.BENCH_NOTES ?? 50_000);
const TRACKS = Number(process.env.BENCH_TRACKS ?? 16);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CONVERSIONS = Number(process.env.BENCH_CONVERSIONS ?? 2_000_000);
const USER = { kind: "user", userId: "bench" } as const;
const MidiNs = tonejsMidi as unknown as { Midi?: typeof tonejsMidi.Midi; default?: { Midi: typeof tonejsMidi.Midi } };
const ToneMidi = MidiNs.Midi ?? MidiNs.default!.Midi;

/** A seeded generator (mulberry32), so every run measures the same file. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bigFile(): Uint8Array {
  const next = rng(42);
  const ppq = 480;
  const perTrack = Math.ceil(NOTES / TRACKS);
  const conductor: { tick: number; e: MidiEvent }[] = [
    {
      tick: 0,
      e: {
        deltaTime: 0,
        meta: true,
        type: "timeSignature",
        numerator: 4,
        denominator: 4,
        metronome: 24,
        thirtyseconds: 8,
      },
    },
    { tick: 0, e: { deltaTime: 0, meta: true, type: "setTempo", microsecondsPerBeat: 500_000 } },
  ];
  const songTicks = perTrack * 240;
  for (let i = 1; i <= 400; i++) {
    const tick = Math.floor((i / 401) * songTicks);
    conductor.push({
      tick,
      e: { deltaTime: 0, meta: true, type: "setTempo", microsecondsPerBeat: 400_000 + Math.floor(next() * 300_000) },
    });
  }
  const tracks: MidiEvent[][] = [toDelta(conductor)];
  let written = 0;
  for (let t = 0; t < TRACKS; t++) {
    const channel = t === 9 ? 9 : t % 16;
    const events: { tick: number; e: MidiEvent }[] = [
      { tick: 0, e: { deltaTime: 0, meta: true, type: "trackName", text: `Track ${t + 1}` } },
      { tick: 0, e: { deltaTime: 0, type: "programChange", channel, programNumber: (t * 8) % 128 } },
    ];
    for (let i = 0; i < perTrack && written < NOTES; i++, written++) {
      const start = i * 240 + Math.floor(next() * 60);
      const pitch = 36 + Math.floor(next() * 48);
      events.push({
        tick: start,
        e: { deltaTime: 0, type: "noteOn", channel, noteNumber: pitch, velocity: 1 + Math.floor(next() * 126) },
      });
      events.push({
        tick: start + 30 + Math.floor(next() * 400),
        e: { deltaTime: 0, type: "noteOff", channel, noteNumber: pitch, velocity: 0 },
      });
      if (i % 64 === 0) {
        events.push({ tick: start, e: { deltaTime: 0, type: "controller", channel, controllerType: 64, value: 127 } });
        events.push({
          tick: start + 960,
          e: { deltaTime: 0, type: "controller", channel, controllerType: 64, value: 0 },
        });
      }
    }
    tracks.push(toDelta(events));
  }
  // midi-file's writer grows its buffer quadratically: write one track at a time and join the chunks.
  const chunks = tracks.map((track) => {
    const data: MidiData = { header: { format: 1, numTracks: 1, ticksPerBeat: ppq }, tracks: [track] };
    return Uint8Array.from(writeMidi(data, { running: true })).subarray(14);
  });
  const header = Uint8Array.of(
    0x4d,
    0x54,
    0x68,
    0x64,
    0,
    0,
    0,
    6,
    0,
    1,
    tracks.length >> 8,
    tracks.length & 255,
    ppq >> 8,
    ppq & 255,
  );
  const out = new Uint8Array(header.length + chunks.reduce((n, c) => n + c.length, 0));
  out.set(header);
  let at = header.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function toDelta(events: { tick: number; e: MidiEvent }[]): MidiEvent[] {
  const sorted = events.map((x, i) => ({ ...x, i })).sort((a, b) => a.tick - b.tick || a.i - b.i);
  let last = 0;
  const out = sorted.map(({ tick, e }) => {
    const d = tick - last;
    last = tick;
    return { ...e, deltaTime: d };
  });
  out.push({ deltaTime: 0, meta: true, type: "endOfTrack" });
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeRuns<T>(fn: () => T): { ms: number; last: T } {
  const times: number[] = [];
  let last!: T;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    last = fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), last };
}

function conversionsPerSecond(map: TempoMap, maxTick: number): number {
  const next = rng(7);
  const ticks = Float64Array.from({ length: 4096 }, () => next() * maxTick);
  const maxSeconds = map.ticksToSeconds(maxTick);
  const seconds = Float64Array.from({ length: 4096 }, () => next() * maxSeconds);
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < CONVERSIONS; i += 2) {
    sink += map.ticksToSeconds(ticks[i & 4095]);
    sink += map.secondsToTicks(seconds[i & 4095]);
  }
  const elapsed = (performance.now() - t0) / 1000;
  if (!Number.isFinite(sink)) throw new Error("conversion produced a non-finite value");
  return CONVERSIONS / elapsed;
}

function bigMap(): { map: TempoMap; maxTick: number } {
  const next = rng(3);
  const changes = Array.from({ length: 1000 }, (_, i) => ({
    tick: 1 + i * 1900 + Math.floor(next() * 1000), // mostly inside bars
    bpm: 60 + Math.floor(next() * 12000) / 100,
    ramp: next() < 0.3,
  }));
  const meters = Array.from({ length: 20 }, (_, i) => ({
    bar: 2 + i * 20,
    numerator: 3 + (i % 5),
    denominator: i % 2 ? 8 : 4,
  }));
  return {
    map: new TempoMap({ bpm: 120, timeSignature: { numerator: 4, denominator: 4 }, changes, meters }),
    maxTick: 1000 * 1900,
  };
}

const bytes = bigFile();
if (process.env.BENCH_SAVE) (await import("node:fs")).writeFileSync(process.env.BENCH_SAVE, bytes);
console.log(
  `file: ${NOTES.toLocaleString("en")} notes, ${TRACKS} tracks + conductor, ${(bytes.length / 1024).toFixed(0)} KiB`,
);

const imported = timeRuns(() => {
  const doc = new Y.Doc();
  importMidiFile(doc, bytes, { origin: USER });
  return doc;
});
const notes = listClips(imported.last).reduce((n, c) => n + listNotes(imported.last, c.id).length, 0);
if (notes !== NOTES) throw new Error(`imported ${notes} notes, expected ${NOTES}`);
const exported = timeRuns(() => exportMidiFile(imported.last));
const refParse = timeRuns(() => parseMidi(bytes));
const toneParse = timeRuns(() => new ToneMidi(bytes));
console.log(
  `import   ${imported.ms.toFixed(1)} ms  (reference: midi-file parse ${refParse.ms.toFixed(1)} ms, @tonejs/midi parse ${toneParse.ms.toFixed(1)} ms)`,
);
console.log(
  `export   ${exported.ms.toFixed(1)} ms, ${(exported.last.length / 1024).toFixed(0)} KiB (midi-file's writer is quadratic: no reference)`,
);

const { map, maxTick } = bigMap();
const perSecond = conversionsPerSecond(map, maxTick);
const plain = conversionsPerSecond(
  new TempoMap({ bpm: 120, timeSignature: { numerator: 4, denominator: 4 } }),
  maxTick,
);
console.log(
  `tempo map: ${Math.round(perSecond).toLocaleString("en")} conversions/s with 1,000 changes (no changes: ${Math.round(plain).toLocaleString("en")}/s)`,
);
console.log(
  JSON.stringify({
    notes: NOTES,
    tracks: TRACKS,
    midi_import_ms: Math.round(imported.ms * 10) / 10,
    midi_export_ms: Math.round(exported.ms * 10) / 10,
    reference_midi_file_parse_ms: Math.round(refParse.ms * 10) / 10,
    reference_tonejs_parse_ms: Math.round(toneParse.ms * 10) / 10,
    tempo_map_conversions_per_s: Math.round(perSecond),
    tempo_map_conversions_per_s_no_changes: Math.round(plain),
  }),
);
