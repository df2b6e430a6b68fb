import type * as Y from "yjs";
import { TEMPO_CHANGE_SPEC } from "./arrangement-fields";
import { ModelError } from "./errors";
import { SONG_FIELDS, type TimeSignature } from "./fields";
import { transactAs, type Origin } from "./origin";
import { setIfChanged, songMap, tempoChangesMap } from "./roots";
import { LIMITS } from "./schema";
import { readSong } from "./song";
import { checkMeterBar, checkTimeSignature, MeterMap, type MeterChange } from "./timeline/meter-map";
import { TempoMap, type TempoChange, type TempoChangeInit } from "./timeline/tempo-map";
import { validateTempo } from "./validate";

/**
 * The song's tempo map in the document: root "tempoChanges" (keys in TEMPO_CHANGE_SPEC). Tempo changes are
 * keyed by tick, so two peers putting a change at the same tick end on one of them; meter changes by bar.
 * Tick 0's tempo and bar 1's meter are the song sheet's (song.tempoBpm, song.timeSignature: "at the start").
 */

interface StoredMap {
  tempos: Map<number, { bpm: number; ramp: boolean }>;
  meters: MeterChange[];
  /** v2 entries not migrated yet (bar → bpm): placed at their bar start by readers. */
  legacy: { bar: number; bpm: number }[];
}

function readStored(doc: Y.Doc): StoredMap {
  const out: StoredMap = { tempos: new Map(), meters: [], legacy: [] };
  tempoChangesMap(doc).forEach((value, key) => {
    const parsed = TEMPO_CHANGE_SPEC.parseKey(key);
    if (parsed?.kind === "tempo") {
      const tempo = TEMPO_CHANGE_SPEC.tempoOf(value);
      if (tempo) out.tempos.set(parsed.tick, tempo);
    } else if (parsed?.kind === "meter") {
      const meter = TEMPO_CHANGE_SPEC.meterOf(value);
      if (meter) out.meters.push({ bar: parsed.bar, ...meter });
    } else if (parsed?.kind === "legacy") {
      const bpm = TEMPO_CHANGE_SPEC.bpmOf(value);
      if (bpm !== null) out.legacy.push({ bar: parsed.bar, bpm });
    }
  });
  out.meters.sort((a, b) => a.bar - b.bar);
  return out;
}

/** The song's tempo map as readers see it (song tempo and meter, tempo and meter changes). */
export function readTempoMap(doc: Y.Doc): TempoMap {
  const song = readSong(doc);
  const stored = readStored(doc);
  const meter = new MeterMap(song.timeSignature, stored.meters);
  const changes: TempoChangeInit[] = [];
  for (const { bar, bpm } of stored.legacy) {
    const tick = meter.barToTicks(bar);
    if (!stored.tempos.has(tick) && tick <= LIMITS.maxTick) changes.push({ tick, bpm });
  }
  for (const [tick, t] of stored.tempos) changes.push({ tick, bpm: t.bpm, ramp: t.ramp });
  return new TempoMap({ bpm: song.tempoBpm, timeSignature: song.timeSignature, changes, meters: stored.meters });
}

/** Sorted by tick, with each change's (fractional) bar. Entries with an unusable key or value are skipped. */
export function listTempoChanges(doc: Y.Doc): TempoChange[] {
  return readTempoMap(doc).changes();
}

/** Meter changes, sorted by bar (repeats of the meter before them included, as stored). */
export function listMeterChanges(doc: Y.Doc): MeterChange[] {
  return readStored(doc).meters;
}

function tickOf(doc: Y.Doc, at: { tick?: number; bar?: number } | number): number {
  const spec = typeof at === "number" ? { bar: at } : at;
  let tick = spec?.tick;
  if (tick === undefined) {
    const bar = spec?.bar;
    if (typeof bar !== "number" || !Number.isInteger(bar) || bar < 2 || bar > LIMITS.tempoChangeMaxBar) {
      throw new ModelError(
        "INVALID_BAR",
        `A tempo change at a bar goes at the start of a bar from 2 to ${LIMITS.tempoChangeMaxBar} (got ${String(bar)}).`,
      );
    }
    tick = readTempoMap(doc).barToTicks(bar);
  }
  if (typeof tick !== "number" || !Number.isInteger(tick) || tick < 1 || tick > LIMITS.maxTick) {
    throw new ModelError(
      "INVALID_TICK",
      `A tempo change goes at a tick from 1 to ${LIMITS.maxTick} (tick 0 is the song tempo; got ${String(tick)}).`,
    );
  }
  return tick;
}

/**
 * Sets (or replaces) the tempo reached at `change.tick` (or at the start of `change.bar`), instantly or by a
 * linear ramp from the tempo before it.
 */
export function setTempoChange(doc: Y.Doc, change: TempoChangeInit, origin: Origin): void {
  const tick = tickOf(doc, change);
  const bpm = validateTempo(change.bpm);
  const value = { bpm, ramp: change.ramp === true };
  transactAs(doc, origin, () => {
    const map = tempoChangesMap(doc);
    const key = TEMPO_CHANGE_SPEC.keyOfTick(tick);
    const old = TEMPO_CHANGE_SPEC.tempoOf(map.get(key));
    if (!old || old.bpm !== value.bpm || old.ramp !== value.ramp || !TEMPO_CHANGE_SPEC.isValidTempo(map.get(key)))
      map.set(key, value);
  });
}

/** Removes the tempo change at a bar start (a number: the bar) or at `{ tick }`; removing none is not an error. */
export function removeTempoChange(doc: Y.Doc, at: number | { tick: number }, origin: Origin): void {
  const tick = tickOf(doc, at);
  transactAs(doc, origin, () => {
    const map = tempoChangesMap(doc);
    const key = TEMPO_CHANGE_SPEC.keyOfTick(tick);
    if (map.has(key)) map.delete(key);
    // A v2 entry not migrated yet at that bar start is the same change to the reader.
    const meter = readTempoMap(doc).meter;
    for (const k of [...map.keys()]) {
      const parsed = TEMPO_CHANGE_SPEC.parseKey(k);
      if (parsed?.kind === "legacy" && meter.barToTicks(parsed.bar) === tick) map.delete(k);
    }
  });
}

/** Drags a tempo change to another tick (keeping its BPM and ramp), replacing any change already there. */
export function moveTempoChange(doc: Y.Doc, fromTick: number, toTick: number, origin: Origin): void {
  const from = tickOf(doc, { tick: fromTick });
  const to = tickOf(doc, { tick: toTick });
  const change = readTempoMap(doc)
    .changes()
    .find((c) => c.tick === from);
  if (!change) throw new ModelError("TEMPO_CHANGE_NOT_FOUND", `There is no tempo change at tick ${from}.`);
  if (from === to) return;
  transactAs(doc, origin, () => {
    removeTempoChange(doc, { tick: from }, origin);
    setTempoChange(doc, { tick: to, bpm: change.bpm, ramp: change.ramp }, origin);
  });
}

/** Sets (or replaces) the meter from the start of `change.bar` on. */
export function setMeterChange(doc: Y.Doc, change: MeterChange, origin: Origin): void {
  const bar = checkMeterBar(change?.bar);
  const meter: TimeSignature = checkTimeSignature(change, `The meter at bar ${bar}`);
  transactAs(doc, origin, () => {
    const map = tempoChangesMap(doc);
    const key = TEMPO_CHANGE_SPEC.keyOfMeterBar(bar);
    const old = TEMPO_CHANGE_SPEC.meterOf(map.get(key));
    if (!old || old.numerator !== meter.numerator || old.denominator !== meter.denominator) map.set(key, meter);
  });
}

/** Removes the meter change at `bar`, if there is one. */
export function removeMeterChange(doc: Y.Doc, bar: number, origin: Origin): void {
  const value = checkMeterBar(bar);
  transactAs(doc, origin, () => {
    const map = tempoChangesMap(doc);
    const key = TEMPO_CHANGE_SPEC.keyOfMeterBar(value);
    if (map.has(key)) map.delete(key);
  });
}

/** Drags a meter change to another bar, replacing any meter change already there. */
export function moveMeterChange(doc: Y.Doc, fromBar: number, toBar: number, origin: Origin): void {
  const from = checkMeterBar(fromBar);
  const to = checkMeterBar(toBar);
  const meter = readStored(doc).meters.find((m) => m.bar === from);
  if (!meter) throw new ModelError("METER_CHANGE_NOT_FOUND", `There is no meter change at bar ${from}.`);
  if (from === to) return;
  transactAs(doc, origin, () => {
    const map = tempoChangesMap(doc);
    map.delete(TEMPO_CHANGE_SPEC.keyOfMeterBar(from));
    map.set(TEMPO_CHANGE_SPEC.keyOfMeterBar(to), { numerator: meter.numerator, denominator: meter.denominator });
  });
}

/**
 * Replaces the whole tempo map (song tempo and meter, every tempo and meter change) in one transaction — what a
 * MIDI import with its tempo map does. Validates everything before writing anything.
 */
export function replaceTempoMap(
  doc: Y.Doc,
  init: {
    bpm: number;
    timeSignature: TimeSignature;
    changes: readonly TempoChangeInit[];
    meters: readonly MeterChange[];
  },
  origin: Origin,
): void {
  const map = new TempoMap(init); // validates
  const entries = new Map<string, unknown>();
  for (const c of map.changes())
    entries.set(TEMPO_CHANGE_SPEC.keyOfTick(c.tick), { bpm: validateTempo(c.bpm), ramp: c.ramp });
  for (const m of init.meters)
    entries.set(TEMPO_CHANGE_SPEC.keyOfMeterBar(m.bar), { numerator: m.numerator, denominator: m.denominator });
  transactAs(doc, origin, () => {
    const song = songMap(doc);
    setIfChanged(song, SONG_FIELDS.tempoBpm.key, validateTempo(map.bpm));
    const { numerator, denominator } = map.timeSignature;
    const oldMeter = readSong(doc).timeSignature;
    if (oldMeter.numerator !== numerator || oldMeter.denominator !== denominator)
      song.set(SONG_FIELDS.timeSignature.key, { numerator, denominator });
    const stored = tempoChangesMap(doc);
    for (const key of [...stored.keys()]) if (!entries.has(key)) stored.delete(key);
    for (const [key, value] of entries) {
      if (JSON.stringify(stored.get(key)) !== JSON.stringify(value)) stored.set(key, value);
    }
  });
}
