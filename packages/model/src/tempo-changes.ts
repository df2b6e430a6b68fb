import type * as Y from "yjs";
import { TEMPO_CHANGE_SPEC } from "./arrangement-fields";
import { validateBar } from "./arrangement-validate";
import { transactAs, type Origin } from "./origin";
import { setIfChanged, tempoChangesMap } from "./roots";
import { readSong } from "./song";
import { TempoMap, type TempoChange } from "./timeline/tempo-map";
import { validateTempo } from "./validate";

/**
 * Tempo changes: root "tempoChanges", a Y.Map from bar ("5") to BPM. Keyed by bar so two peers putting a
 * change at the same bar end on one of them; bar 1's tempo is the song tempo (song.tempoBpm).
 */

/** Sorted by bar. Entries with an unusable key or value are skipped; out-of-range BPMs are clamped. */
export function listTempoChanges(doc: Y.Doc): TempoChange[] {
  const out: TempoChange[] = [];
  tempoChangesMap(doc).forEach((value, key) => {
    const bar = TEMPO_CHANGE_SPEC.barOfKey(key);
    const bpm = TEMPO_CHANGE_SPEC.bpmOf(value);
    if (bar !== null && bpm !== null) out.push({ bar, bpm });
  });
  return out.sort((a, b) => a.bar - b.bar);
}

/** Sets (or replaces) the tempo from `change.bar` on. */
export function setTempoChange(doc: Y.Doc, change: TempoChange, origin: Origin): void {
  const bar = validateBar(change?.bar);
  const bpm = validateTempo(change.bpm);
  transactAs(doc, origin, () => setIfChanged(tempoChangesMap(doc), TEMPO_CHANGE_SPEC.keyOfBar(bar), bpm));
}

/** Removes the tempo change at `bar`, if there is one (removing none is not an error). */
export function removeTempoChange(doc: Y.Doc, bar: number, origin: Origin): void {
  const value = validateBar(bar);
  transactAs(doc, origin, () => {
    const map = tempoChangesMap(doc);
    const key = TEMPO_CHANGE_SPEC.keyOfBar(value);
    if (map.has(key)) map.delete(key);
  });
}

/** The song's tempo map as readers see it (song tempo, meter and tempo changes). */
export function readTempoMap(doc: Y.Doc): TempoMap {
  const song = readSong(doc);
  return new TempoMap({ bpm: song.tempoBpm, timeSignature: song.timeSignature, changes: listTempoChanges(doc) });
}
