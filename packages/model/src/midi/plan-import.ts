import type { InstrumentId, PedalRange } from "../arrangement-fields";
import { ModelError } from "../errors";
import { coerceSingleLine, isTimeSignature, roundTempo, type TimeSignature } from "../fields";
import { INSTRUMENTS, instrumentForProgram } from "../instruments";
import type { MusicalKey } from "../musical-key";
import { LIMITS } from "../schema";
import { MeterMap, PPQ, type MeterChange } from "../timeline/meter-map";
import { TempoMap, type TempoChangeInit } from "../timeline/tempo-map";
import { keyFromSignature } from "./key-signature";
import { readSmf, SmfError, type SmfEvent, type SmfFile } from "./smf-read";

/** MIDI channel index of General MIDI percussion (channel 10). */
export const DRUM_CHANNEL = 9;
/** What one import may add (≈ 6 MB of document; beyond it a file is not a song sketch). */
export const MAX_IMPORT_NOTES = 50_000;
/** MIDI's tempo until the first tempo event: 120 quarter notes a minute. */
const DEFAULT_MICROS_PER_QUARTER = 500_000;
const SUSTAIN = 64;

/** What an import kept, changed and could not keep — shown in the studio after an import. */
export interface MidiImportReport {
  tracks: number;
  notes: number;
  /** Tempo changes after the start (the start tempo is the song tempo). */
  tempoChanges: number;
  /** Meter changes after bar 1. */
  meterChanges: number;
  trackNames: string[];
  key: MusicalKey | null;
  /** Notes whose note-off came at the same tick as the note-on: kept at the model's shortest length (1 tick). */
  zeroLengthNotes: number;
  /** Note-ons never released: they end at their track's end. */
  unmatchedNoteOns: number;
  /** Note-offs with no note playing: ignored. */
  strayNoteOffs: number;
  /** Sustain pedal presses kept. */
  sustainPedals: number;
  /** MIDI tracks holding channels of different instruments, and how they were split. */
  splits: string[];
  /** Everything else the musician should know, as sentences. */
  warnings: string[];
  /** What a damaged file was missing (imported only because the user accepted it). */
  damage: string[];
}

export interface PlannedNote {
  pitch: number;
  startTick: number;
  durationTicks: number;
  velocity: number;
}

export interface PlannedTrack {
  name: string;
  instrument: InstrumentId;
  clip: { startTick: number; lengthTicks: number; pedal: PedalRange[] };
  /** Relative to the clip start. */
  notes: PlannedNote[];
}

export interface ImportPlan {
  tracks: PlannedTrack[];
  /** The file's tempo map in our units, or null when the song's map is kept. */
  tempoMap: {
    bpm: number;
    timeSignature: TimeSignature;
    changes: TempoChangeInit[];
    meters: MeterChange[];
  } | null;
  key: MusicalKey | null;
  report: MidiImportReport;
}

export interface PlanOptions {
  /** Where the file's start goes (our ticks). */
  atTick: number;
  /** Take the file's tempo map (else `songMap` places the bars). */
  useFileTempo: boolean;
  /** The song's map, used when the file's is not taken. */
  songMap: TempoMap;
  /** Import a damaged file anyway (the user accepted the warning that lists what is missing). */
  acceptDamage: boolean;
}

const invalid = (message: string) => new ModelError("INVALID_MIDI_FILE", message);

/** A damaged file the user has not accepted yet: `damage` lists what is missing, for the warning. */
export class MidiDamageError extends ModelError {
  constructor(readonly damage: readonly string[]) {
    super(
      "MIDI_FILE_DAMAGED",
      `This MIDI file is damaged: ${damage.join(" ")} Import what can be read, or get an intact copy of the file.`,
    );
  }
}

function parse(bytes: Uint8Array, acceptDamage: boolean): SmfFile {
  let smf: SmfFile;
  try {
    smf = readSmf(bytes);
  } catch (e) {
    if (e instanceof SmfError) throw invalid(e.message);
    throw invalid("That file is not a MIDI file we can read (.mid, Standard MIDI File).");
  }
  if (smf.damage.length > 0 && !acceptDamage) throw new MidiDamageError(smf.damage);
  let total = 0;
  for (const t of smf.tracks) for (const e of t.events) if (e.kind === "noteOn") total++;
  if (total > MAX_IMPORT_NOTES) {
    throw invalid(
      `This MIDI file has ${total.toLocaleString("en")} notes; at most ${MAX_IMPORT_NOTES.toLocaleString("en")} can be imported at once.`,
    );
  }
  return smf;
}

type Timed<K extends SmfEvent["kind"]> = Extract<SmfEvent, { kind: K }>;

/** Tempo, meter and key events of every track, by tick (a later track's event at the same tick wins). */
function conductorEvents(smf: SmfFile) {
  const tempos: Timed<"tempo">[] = [];
  const meters: Timed<"meter">[] = [];
  const keys: Timed<"key">[] = [];
  for (const t of smf.tracks) {
    for (const e of t.events) {
      if (e.kind === "tempo") tempos.push(e);
      else if (e.kind === "meter") meters.push(e);
      else if (e.kind === "key") keys.push(e);
    }
  }
  const byTick = <T extends { tick: number }>(list: T[]) => list.sort((a, b) => a.tick - b.tick);
  return { tempos: byTick(tempos), meters: byTick(meters), keys: byTick(keys) };
}

function describeBar(map: MeterMap, tick: number): string {
  const bar = map.ticksToBar(tick);
  return Number.isInteger(bar) ? `bar ${bar}` : `bar ${Math.floor(bar)} (inside it)`;
}

/** The file's tempo map in our units: BPM in the song's beat, changes at our ticks. */
function planTempoMap(smf: SmfFile, scale: (t: number) => number, report: MidiImportReport) {
  const { tempos, meters } = conductorEvents(smf);
  const first = meters.find((m) => m.tick === 0) ?? null;
  let start: TimeSignature = { numerator: 4, denominator: 4 };
  if (first) {
    const candidate = { numerator: first.numerator, denominator: first.denominator };
    if (isTimeSignature(candidate)) start = candidate;
    else
      report.warnings.push(
        `The file's time signature ${first.numerator}/${first.denominator} is not supported: the song is in 4/4.`,
      );
  }
  // Meter changes: each starts a bar. One that does not fall on a bar line of the meters before it goes to the nearest one.
  const meterChanges: MeterChange[] = [];
  let meterMap = new MeterMap(start);
  for (const m of meters) {
    if (m.tick === 0) continue;
    const candidate = { numerator: m.numerator, denominator: m.denominator };
    const tick = scale(m.tick);
    if (!isTimeSignature(candidate)) {
      report.warnings.push(
        `A time signature ${m.numerator}/${m.denominator} at ${describeBar(meterMap, tick)} is not supported and was left out.`,
      );
      continue;
    }
    const exact = meterMap.ticksToBar(tick);
    const bar = Math.max(2, Math.round(exact));
    if (Math.abs(exact - bar) > 1e-9) {
      report.warnings.push(
        `The time signature ${m.numerator}/${m.denominator} inside bar ${Math.floor(exact)} was moved to the start of bar ${bar}.`,
      );
    }
    if (bar > LIMITS.tempoChangeMaxBar) {
      report.warnings.push(`Meter changes after bar ${LIMITS.tempoChangeMaxBar} were left out.`);
      break;
    }
    const last = meterChanges[meterChanges.length - 1];
    if (last && last.bar === bar) meterChanges.pop();
    const before = meterChanges[meterChanges.length - 1] ?? { ...start };
    if (before.numerator !== candidate.numerator || before.denominator !== candidate.denominator)
      meterChanges.push({ bar, ...candidate });
    meterMap = new MeterMap(start, meterChanges);
  }

  // BPM in the song's beat (the first meter's denominator); MIDI counts quarter notes.
  const toBpm = (micros: number, tick: number) => {
    // MIDI stores whole microseconds per quarter: a tempo written as 140 comes back as 140.00014. When a value
    // with two decimals encodes to exactly the file's microseconds, it is the tempo the author typed.
    let quarter = 60_000_000 / micros;
    const typed = Math.round(quarter * 100) / 100;
    if (typed > 0 && Math.round(60_000_000 / typed) === micros) quarter = typed;
    const bpm = roundTempo(quarter * (start.denominator / 4));
    if (bpm < LIMITS.tempoMinBpm || bpm > LIMITS.tempoMaxBpm) {
      const clamped = Math.min(LIMITS.tempoMaxBpm, Math.max(LIMITS.tempoMinBpm, bpm));
      report.warnings.push(
        `A tempo of ${Math.round(bpm)} BPM at ${describeBar(meterMap, tick)} is outside ${LIMITS.tempoMinBpm}–${LIMITS.tempoMaxBpm} and plays at ${clamped}.`,
      );
      return clamped;
    }
    return bpm;
  };
  let bpm = toBpm(DEFAULT_MICROS_PER_QUARTER, 0);
  const byTick = new Map<number, number>();
  for (const t of tempos) {
    const tick = scale(t.tick);
    if (tick === 0) bpm = toBpm(t.microsPerQuarter, 0);
    else if (tick > LIMITS.maxTick) break;
    else byTick.set(tick, toBpm(t.microsPerQuarter, tick));
  }
  const changes: TempoChangeInit[] = [];
  let inForce = bpm;
  for (const [tick, value] of [...byTick].sort((a, b) => a[0] - b[0])) {
    if (value === inForce) continue;
    changes.push({ tick, bpm: value });
    inForce = value;
  }
  return { bpm, timeSignature: start, changes, meters: meterChanges };
}

interface RawNote {
  channel: number;
  pitch: number;
  start: number;
  end: number;
  velocity: number;
  program: number;
}

/** Pairs note-ons and note-offs per channel and pitch (first on, first off), whatever programs change between. */
function pairNotes(events: readonly SmfEvent[], endTick: number, report: MidiImportReport) {
  const open = new Map<number, { tick: number; velocity: number; program: number }[]>();
  const programs = new Array<number>(16).fill(0);
  const notes: RawNote[] = [];
  const pedals = new Map<number, { start: number; end: number }[]>();
  const pedalDown = new Map<number, number>();
  for (const e of events) {
    if (e.kind === "program") programs[e.channel] = e.program;
    else if (e.kind === "noteOn") {
      const key = e.channel * 128 + e.pitch;
      const queue = open.get(key);
      const entry = { tick: e.tick, velocity: e.velocity, program: programs[e.channel] };
      if (queue) queue.push(entry);
      else open.set(key, [entry]);
    } else if (e.kind === "noteOff") {
      const on = open.get(e.channel * 128 + e.pitch)?.shift();
      if (!on) {
        report.strayNoteOffs++;
        continue;
      }
      if (e.tick === on.tick) report.zeroLengthNotes++;
      notes.push({
        channel: e.channel,
        pitch: e.pitch,
        start: on.tick,
        end: e.tick,
        velocity: on.velocity,
        program: on.program,
      });
    } else if (e.kind === "controller" && e.controller === SUSTAIN) {
      const down = pedalDown.get(e.channel);
      if (e.value >= 64 && down === undefined) pedalDown.set(e.channel, e.tick);
      else if (e.value < 64 && down !== undefined) {
        pedalDown.delete(e.channel);
        if (e.tick > down) {
          const list = pedals.get(e.channel) ?? [];
          list.push({ start: down, end: e.tick });
          pedals.set(e.channel, list);
        }
      }
    }
  }
  for (const [key, queue] of open) {
    for (const on of queue) {
      report.unmatchedNoteOns++;
      const end = Math.max(endTick, on.tick);
      if (end === on.tick) report.zeroLengthNotes++;
      notes.push({
        channel: Math.floor(key / 128),
        pitch: key % 128,
        start: on.tick,
        end,
        velocity: on.velocity,
        program: on.program,
      });
    }
  }
  for (const [channel, down] of pedalDown) {
    if (endTick > down) {
      const list = pedals.get(channel) ?? [];
      list.push({ start: down, end: endTick });
      pedals.set(channel, list);
    }
  }
  return { notes, pedals };
}

const instrumentName = (id: InstrumentId) => INSTRUMENTS.find((i) => i.id === id)!.name;

/**
 * Reads a MIDI file into what an import will write: one track per MIDI track with notes (split only where
 * its channels are different instruments), every note, the sustain pedal, names, key and (optionally) the
 * tempo map, and the report. Pure: no document.
 */
export function planMidiImport(bytes: Uint8Array, opts: PlanOptions): ImportPlan {
  const smf = parse(bytes, opts.acceptDamage);
  const report: MidiImportReport = {
    tracks: 0,
    notes: 0,
    tempoChanges: 0,
    meterChanges: 0,
    trackNames: [],
    key: null,
    zeroLengthNotes: 0,
    unmatchedNoteOns: 0,
    strayNoteOffs: 0,
    sustainPedals: 0,
    splits: [],
    warnings: [],
    damage: [...smf.damage],
  };
  // Our ticks (PPQ 960) from the file's; rounding moves a note by at most half a tick (≈ 0.26 ms at 120 BPM).
  const scaleRel = (t: number) => Math.round((t * PPQ) / smf.ppq);
  const tempoMap = opts.useFileTempo ? planTempoMap(smf, scaleRel, report) : null;
  const map = tempoMap ? new TempoMap(tempoMap) : opts.songMap;
  if (tempoMap) {
    report.tempoChanges = tempoMap.changes.length;
    report.meterChanges = tempoMap.meters.length;
  }
  const firstKey = conductorEvents(smf).keys[0];
  const key = firstKey ? keyFromSignature(firstKey.sharps, firstKey.minor) : null;
  report.key = key;

  const tracks: PlannedTrack[] = [];
  smf.tracks.forEach((track, index) => {
    const { notes, pedals } = pairNotes(track.events, track.endTick, report);
    if (notes.length === 0) return;
    const rawName = track.events.find((e): e is Timed<"trackName"> => e.kind === "trackName")?.text ?? "";
    // Channels grouped by the instrument they play (the program at each channel's first note).
    const firstProgram = new Map<number, number>();
    const programsUsed = new Map<number, Set<InstrumentId>>();
    for (const n of [...notes].sort((a, b) => a.start - b.start)) {
      if (!firstProgram.has(n.channel)) firstProgram.set(n.channel, n.program);
      if (n.channel !== DRUM_CHANNEL) {
        const set = programsUsed.get(n.channel) ?? new Set<InstrumentId>();
        set.add(instrumentForProgram(n.program));
        programsUsed.set(n.channel, set);
      }
    }
    const instrumentOf = (channel: number): InstrumentId =>
      channel === DRUM_CHANNEL ? "drums" : instrumentForProgram(firstProgram.get(channel) ?? 0);
    const groups = new Map<InstrumentId, number[]>();
    for (const channel of [...firstProgram.keys()].sort((a, b) => a - b)) {
      const id = instrumentOf(channel);
      groups.set(id, [...(groups.get(id) ?? []), channel]);
    }
    for (const [channel, used] of programsUsed) {
      if (used.size > 1) {
        report.warnings.push(
          `Channel ${channel + 1} of ${rawName ? `“${rawName}”` : `track ${index + 1}`} changes between ${[...used].map(instrumentName).join(", ")}: all its notes play on ${instrumentName(instrumentOf(channel))}.`,
        );
      }
    }
    const baseName = coerceSingleLine(rawName, LIMITS.trackNameMaxLength, "");
    if (groups.size > 1) {
      report.splits.push(
        `${baseName ? `“${baseName}”` : `Track ${index + 1}`} holds channels ${[...firstProgram.keys()]
          .sort((a, b) => a - b)
          .map((c) => c + 1)
          .join(", ")} of different instruments: split into ${[...groups.keys()].map(instrumentName).join(" and ")}.`,
      );
    }
    for (const [instrument, channels] of groups) {
      const inGroup = notes.filter((n) => channels.includes(n.channel));
      const fallback = instrumentName(instrument);
      const name =
        groups.size > 1
          ? coerceSingleLine(`${baseName || `Track ${index + 1}`} (${fallback})`, LIMITS.trackNameMaxLength, fallback)
          : baseName || fallback;
      const abs = inGroup
        .map((n) => {
          const start = opts.atTick + scaleRel(n.start);
          const end = opts.atTick + scaleRel(n.end);
          return { pitch: n.pitch, start, durationTicks: Math.max(1, end - start), velocity: n.velocity };
        })
        .sort((a, b) => a.start - b.start || a.pitch - b.pitch);
      let first = Infinity;
      let last = -Infinity;
      for (const n of abs) {
        first = Math.min(first, n.start);
        last = Math.max(last, n.start + n.durationTicks);
      }
      const startTick = map.barToTicks(Math.max(1, Math.floor(map.ticksToBar(first) + 1e-9)));
      const endBar = Math.ceil(map.ticksToBar(last) - 1e-9);
      const endTick = Math.max(
        map.barToTicks(endBar),
        map.barToTicks(Math.floor(map.ticksToBar(startTick) + 1e-9) + 1),
      );
      if (endTick > LIMITS.maxTick) throw invalid("This MIDI file is too long to import here.");
      const length = endTick - startTick;
      // The sustain pedal of the group's channels (drums ignore it), relative to the clip, merged.
      const pedal: PedalRange[] = [];
      if (instrument !== "drums") {
        const ranges = channels
          .flatMap((c) => pedals.get(c) ?? [])
          .map((r) => ({
            startTick: Math.max(0, opts.atTick + scaleRel(r.start) - startTick),
            endTick: Math.min(length, opts.atTick + scaleRel(r.end) - startTick),
          }))
          .filter((r) => r.endTick > r.startTick)
          .sort((a, b) => a.startTick - b.startTick);
        for (const r of ranges) {
          const prev = pedal[pedal.length - 1];
          if (prev && r.startTick <= prev.endTick) prev.endTick = Math.max(prev.endTick, r.endTick);
          else pedal.push({ ...r });
        }
        report.sustainPedals += pedal.length;
      }
      tracks.push({
        name,
        instrument,
        clip: { startTick, lengthTicks: length, pedal },
        notes: abs.map((n) => ({
          pitch: n.pitch,
          startTick: n.start - startTick,
          durationTicks: n.durationTicks,
          velocity: n.velocity,
        })),
      });
      report.tracks++;
      report.notes += abs.length;
      report.trackNames.push(name);
    }
  });
  if (report.unmatchedNoteOns > 0) {
    report.warnings.push(
      `${report.unmatchedNoteOns} note${report.unmatchedNoteOns === 1 ? " was" : "s were"} never released in the file: ${report.unmatchedNoteOns === 1 ? "it ends" : "they end"} at the end of ${report.unmatchedNoteOns === 1 ? "its" : "their"} track.`,
    );
  }
  if (report.zeroLengthNotes > 0) {
    report.warnings.push(
      `${report.zeroLengthNotes} note${report.zeroLengthNotes === 1 ? " has" : "s have"} no length in the file: kept at the shortest length (1 tick).`,
    );
  }
  if (report.strayNoteOffs > 0) {
    report.warnings.push(
      `${report.strayNoteOffs} note-off${report.strayNoteOffs === 1 ? "" : "s"} without a note were ignored.`,
    );
  }
  if (!opts.useFileTempo) {
    const { tempos, meters } = conductorEvents(smf);
    if (tempos.length > 1 || meters.length > 1)
      report.warnings.push(
        "The file's tempo and meter changes were not applied: the part follows the song's tempo map.",
      );
  }
  return { tracks, tempoMap, key, report };
}

/** The report in a few lines for the studio's import summary. */
export function describeImportReport(r: MidiImportReport): string[] {
  const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
  const lines = [
    `${plural(r.tracks, "track")}, ${plural(r.notes, "note")}, ${plural(r.tempoChanges, "tempo change")}, ${plural(r.meterChanges, "meter change")}` +
      (r.sustainPedals > 0 ? `, ${plural(r.sustainPedals, "sustain pedal press")}` : "") +
      (r.key ? `; key ${r.key.tonic} ${r.key.mode}` : ""),
  ];
  return [...lines, ...r.splits, ...r.warnings, ...r.damage.map((d) => `Missing: ${d}`)];
}
