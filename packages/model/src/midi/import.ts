import type * as Y from "yjs";
import { parseMidi } from "midi-file";
import { Midi } from "./tonejs";
import type { InstrumentId } from "../arrangement-fields";
import { validateTick } from "../arrangement-validate";
import { insertClip, insertNote, notesMapOf } from "../clip-store";
import { ModelError } from "../errors";
import {
  coerceSingleLine,
  isTimeSignature,
  roundTempo,
  SONG_FIELDS,
  TRACK_COLORS,
  type TimeSignature,
} from "../fields";
import { randomId } from "../ids";
import { INSTRUMENTS, instrumentForProgram } from "../instruments";
import { transactAs, type Origin } from "../origin";
import { clipsMap, entityAt, setIfChanged, songMap, tempoChangesMap } from "../roots";
import { LIMITS } from "../schema";
import { readSong } from "../song";
import { PPQ } from "../timeline/tempo-map";
import { insertTrack, listTracks } from "../tracks";
import { DRUM_CHANNEL } from "./export";

export interface ImportMidiOptions {
  /** Where the file's start goes on the timeline (ticks, default 0). */
  atTick?: number;
  /**
   * Replace the song's tempo, tempo changes and meter with the file's. Default: true when importing at tick 0,
   * false otherwise (dropping a part into a song must not change the song's tempo).
   */
  tempoMap?: boolean;
  origin: Origin;
}

interface PlannedTrack {
  name: string;
  instrument: InstrumentId;
  clip: { startTick: number; lengthTicks: number };
  notes: { pitch: number; startTick: number; durationTicks: number; velocity: number }[];
}

/**
 * A note costs ~115 bytes in a Yjs update; 4,000 notes ≈ 460 kB, well inside the sync server's 2 MB message
 * limit (MAX_YJS_MESSAGE_BYTES) even with the tracks and clips of the first transaction.
 */
export const NOTES_PER_TRANSACTION = 4000;
/**
 * What one import may add (≈ 6 MB of document; parsing it takes seconds): beyond it a file is not a song sketch.
 */
export const MAX_IMPORT_NOTES = 50_000;

const invalid = (message: string) => new ModelError("INVALID_MIDI_FILE", message);

function parse(bytes: Uint8Array): Midi {
  if (!(bytes instanceof Uint8Array) || bytes.length < 14) throw invalid("That file is not a MIDI file (.mid).");
  let midi: Midi;
  try {
    // Count first with the plain event parser (linear): @tonejs/midi's note pairing is quadratic in the notes
    // per track, so an absurd file is refused before it can freeze the page.
    const total = countNoteOns(bytes);
    if (total > MAX_IMPORT_NOTES) {
      throw invalid(
        `This MIDI file has ${total.toLocaleString("en")} notes; at most ${MAX_IMPORT_NOTES.toLocaleString("en")} can be imported at once.`,
      );
    }
    midi = new Midi(bytes);
  } catch (e) {
    if (e instanceof ModelError) throw e;
    throw invalid("That file is not a MIDI file we can read (.mid, Standard MIDI File).");
  }
  const ppq = midi.header.ppq;
  if (typeof ppq !== "number" || !Number.isInteger(ppq) || ppq <= 0) {
    throw invalid(
      "This MIDI file counts time in SMPTE frames, which we cannot import. Export it with beats (PPQ) instead.",
    );
  }
  return midi;
}

function countNoteOns(bytes: Uint8Array): number {
  let n = 0;
  for (const track of parseMidi(bytes).tracks) for (const e of track) if (e.type === "noteOn" && e.velocity > 0) n++;
  return n;
}

/** The file's tempo in our units (the meter's beat), clamped to 20..400. */
function beatBpm(quarterBpm: number, meter: TimeSignature): number {
  const bpm = (quarterBpm * meter.denominator) / 4;
  return roundTempo(Math.min(LIMITS.tempoMaxBpm, Math.max(LIMITS.tempoMinBpm, Number.isFinite(bpm) ? bpm : 120)));
}

/**
 * Imports a Standard MIDI File: one instrument track per MIDI track with notes (channel 10 → drums, else by GM
 * program family), one clip per track spanning its notes rounded out to whole bars, ticks rescaled to PPQ 960.
 * With the tempo map (see ImportMidiOptions.tempoMap): the first tempo is the song tempo, later tempo events
 * become tempo changes at the nearest bar start, and the first time signature the song's meter (later meter
 * changes are ignored: a song has one meter). Garbage → INVALID_MIDI_FILE, with nothing written.
 *
 * Tracks, clips, tempo and the first NOTES_PER_TRANSACTION notes are one transaction; the remaining notes of a
 * large file follow in transactions of that size, so no single update outgrows the server's message limit.
 */
export function importMidiFile(
  doc: Y.Doc,
  bytes: Uint8Array,
  opts: ImportMidiOptions,
): { trackIds: string[]; clipIds: string[] } {
  const atTick = opts?.atTick === undefined ? 0 : validateTick(opts.atTick, "The import position");
  const applyTempo = opts?.tempoMap ?? atTick === 0;
  const midi = parse(bytes);
  const scale = (ticks: number) => Math.round((ticks * PPQ) / midi.header.ppq);

  let meter = readSong(doc).timeSignature;
  let songBpm: number | null = null;
  const changes = new Map<number, number>();
  if (applyTempo) {
    const firstMeter = [...midi.header.timeSignatures].sort((a, b) => a.ticks - b.ticks)[0]?.timeSignature;
    const candidate = firstMeter ? { numerator: firstMeter[0], denominator: firstMeter[1] } : null;
    if (candidate && isTimeSignature(candidate)) meter = candidate;
    const ticksPerBar = ((PPQ * 4) / meter.denominator) * meter.numerator;
    songBpm = beatBpm(120, meter); // MIDI's default tempo until the first event
    for (const event of [...midi.header.tempos].sort((a, b) => a.ticks - b.ticks)) {
      const bar = Math.round(scale(event.ticks) / ticksPerBar) + 1;
      const bpm = beatBpm(event.bpm, meter);
      if (bar <= 1) songBpm = bpm;
      else if (bar <= LIMITS.tempoChangeMaxBar) changes.set(bar, bpm);
    }
    let previous = songBpm;
    for (const bar of [...changes.keys()].sort((a, b) => a - b)) {
      if (changes.get(bar) === previous) changes.delete(bar);
      else previous = changes.get(bar)!;
    }
  }

  const ticksPerBar = ((PPQ * 4) / meter.denominator) * meter.numerator;
  const planned: PlannedTrack[] = [];
  for (const track of midi.tracks) {
    if (track.notes.length === 0) continue;
    const instrument: InstrumentId =
      track.channel === DRUM_CHANNEL ? "drums" : instrumentForProgram(track.instrument.number);
    const absolute = track.notes.map((n) => {
      const start = atTick + scale(n.ticks);
      const end = atTick + scale(n.ticks + n.durationTicks);
      const velocity = Math.min(127, Math.max(1, Math.round(n.velocity * 127)));
      return { pitch: n.midi, start, durationTicks: Math.max(1, end - start), velocity };
    });
    let first = Infinity;
    let last = -Infinity;
    for (const n of absolute) {
      first = Math.min(first, n.start);
      last = Math.max(last, n.start + n.durationTicks);
    }
    const startTick = Math.floor(first / ticksPerBar) * ticksPerBar;
    const endTick = Math.max(Math.ceil(last / ticksPerBar) * ticksPerBar, startTick + ticksPerBar);
    if (endTick > LIMITS.maxTick) throw invalid("This MIDI file is too long to import here.");
    if (absolute.some((n) => !Number.isInteger(n.pitch) || n.pitch < 0 || n.pitch > 127))
      throw invalid("This MIDI file has notes outside 0–127.");
    const fallbackName = INSTRUMENTS.find((i) => i.id === instrument)!.name;
    planned.push({
      name: coerceSingleLine(track.name, LIMITS.trackNameMaxLength, fallbackName),
      instrument,
      clip: { startTick, lengthTicks: endTick - startTick },
      notes: absolute.map((n) => ({
        pitch: n.pitch,
        startTick: n.start - startTick,
        durationTicks: n.durationTicks,
        velocity: n.velocity,
      })),
    });
  }

  // Notes beyond the first transaction's budget follow in further transactions (see NOTES_PER_TRANSACTION).
  let budget = NOTES_PER_TRANSACTION;
  const rest: { clipId: string; note: PlannedTrack["notes"][number] }[] = [];
  const existing = listTracks(doc).length;
  const trackIds: string[] = [];
  const clipIds: string[] = [];
  const createdAt = Date.now();
  transactAs(doc, opts.origin, () => {
    if (songBpm !== null) {
      const song = songMap(doc);
      setIfChanged(song, SONG_FIELDS.tempoBpm.key, songBpm);
      setIfChanged(song, SONG_FIELDS.timeSignature.key, { numerator: meter.numerator, denominator: meter.denominator });
      const stored = tempoChangesMap(doc);
      for (const key of [...stored.keys()])
        if (!changes.has(Number(key)) || String(Number(key)) !== key) stored.delete(key);
      for (const [bar, bpm] of changes) setIfChanged(stored, String(bar), bpm);
    }
    planned.forEach((t, i) => {
      const id = randomId();
      const color = TRACK_COLORS[(existing + i) % TRACK_COLORS.length];
      insertTrack(
        doc,
        id,
        { name: t.name, color, kind: "instrument", createdAt, instrument: t.instrument },
        existing + i,
      );
      trackIds.push(id);
      const now = t.notes.slice(0, Math.max(0, budget));
      budget -= now.length;
      const clipId = insertClip(
        doc,
        { trackId: id, name: t.name, startTick: t.clip.startTick, lengthTicks: t.clip.lengthTicks },
        now,
      );
      clipIds.push(clipId);
      for (let n = now.length; n < t.notes.length; n++) rest.push({ clipId, note: t.notes[n] });
    });
  });
  for (let from = 0; from < rest.length; from += NOTES_PER_TRANSACTION) {
    const batch = rest.slice(from, from + NOTES_PER_TRANSACTION);
    transactAs(doc, opts.origin, () => {
      for (const { clipId, note } of batch) {
        const clip = entityAt(clipsMap(doc), clipId);
        const notesMap = clip ? notesMapOf(clip) : null;
        if (notesMap) insertNote(notesMap, note);
      }
    });
  }
  return { trackIds, clipIds };
}
