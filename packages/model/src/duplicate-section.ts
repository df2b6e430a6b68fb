import * as Y from "yjs";
import { CLIP_FIELDS, SECTION_FIELDS, SECTION_TEXT_KEYS, TEMPO_CHANGE_SPEC } from "./arrangement-fields";
import { clipEntries, insertClip, noteEntries } from "./clip-store";
import { ModelError } from "./errors";
import { transactAs, type Origin } from "./origin";
import { entityAt, sectionsMap, tempoChangesMap, type EntityMap } from "./roots";
import { LIMITS } from "./schema";
import { insertSection, readSection, requireSection, sectionEntries, type Section } from "./sections";
import { listTempoChanges, readTempoMap } from "./tempo-changes";

/**
 * Inserts a copy right after the section (lyrics, chords and the MIDI clips that start inside it) and shifts
 * every section, clip and tempo change at or after the section's end by its length — one transaction.
 *
 * Tempo: changes inside the section are copied into the copy, and the copy starts at the section's opening
 * tempo, so it plays exactly like the original. Tempo changes sit on bar starts, so when the length is not a
 * whole number of bars the shifted ones go to the nearest bar (and interior copies that would fall between
 * bars are left out). Clips that start before the section and overlap it are neither copied nor moved.
 */
export function duplicateSection(doc: Y.Doc, id: string, origin: Origin): Section {
  const { section, map } = requireSection(doc, id);
  const start = section.startTick;
  const length = section.lengthTicks;
  const end = start + length;
  const tooLate = () =>
    new ModelError(
      "INVALID_TICK",
      "There is no room after this section: the song would run past the end of the timeline.",
    );
  if (end + length > LIMITS.maxTick) throw tooLate();

  const laterSections = sectionEntries(doc).filter((e) => e.section.id !== id && e.section.startTick >= end);
  const clips = clipEntries(doc);
  const laterClips = clips.filter((e) => e.clip.startTick >= end);
  const copiedClips = clips.filter((e) => e.clip.startTick >= start && e.clip.startTick < end);
  for (const { section: s } of laterSections)
    if (s.startTick + length + s.lengthTicks > LIMITS.maxTick) throw tooLate();
  for (const { clip } of [...laterClips, ...copiedClips])
    if (clip.startTick + length + clip.lengthTicks > LIMITS.maxTick) throw tooLate();

  const tempo = planTempoChanges(doc, start, end);
  const texts = {
    lyrics: deltaOf(map, SECTION_TEXT_KEYS.lyrics),
    chords: deltaOf(map, SECTION_TEXT_KEYS.chords),
  };
  const copies = copiedClips.map(({ clip, map: clipMap }) => ({
    clip,
    notes: noteEntries(clipMap).map((e) => e.note),
  }));

  let copyId = "";
  transactAs(doc, origin, () => {
    for (const { section: s, map: m } of laterSections) m.set(SECTION_FIELDS.startTick.key, s.startTick + length);
    for (const { clip, map: m } of laterClips) m.set(CLIP_FIELDS.startTick.key, clip.startTick + length);
    const changes = tempoChangesMap(doc);
    for (const bar of tempo.remove) changes.delete(TEMPO_CHANGE_SPEC.keyOfBar(bar));
    for (const [bar, bpm] of tempo.set) changes.set(TEMPO_CHANGE_SPEC.keyOfBar(bar), bpm);
    for (const { clip, notes } of copies) {
      insertClip(
        doc,
        { trackId: clip.trackId, name: clip.name, startTick: clip.startTick + length, lengthTicks: clip.lengthTicks },
        notes,
      );
    }
    copyId = insertSection(
      doc,
      { name: section.name, color: section.color, startTick: end, lengthTicks: length },
      texts,
    );
  });
  return readSection(copyId, entityAt(sectionsMap(doc), copyId)!);
}

function deltaOf(map: EntityMap, key: string): unknown[] {
  const text = map.get(key);
  return text instanceof Y.Text ? (text.toDelta() as unknown[]) : [];
}

/** The tempo-change writes of a duplication of [start, end): bars to remove and bar → bpm to set. */
function planTempoChanges(doc: Y.Doc, start: number, end: number): { remove: number[]; set: [number, number][] } {
  const map = readTempoMap(doc);
  const length = end - start;
  const current = listTempoChanges(doc);
  const barStartAt = (tick: number): number | null => {
    const bar = map.ticksToBar(tick);
    return Number.isInteger(bar) && bar >= 2 ? bar : null;
  };
  const next = new Map<number, number>();
  for (const c of current) if (map.barToTicks(c.bar) < end) next.set(c.bar, c.bpm);
  // The copy opens at the section's opening tempo, if the tempo in force before it differs.
  const copyBar = barStartAt(end);
  if (copyBar !== null && map.bpmAt(end - 1) !== map.bpmAt(start)) next.set(copyBar, map.bpmAt(start));
  for (const c of current) {
    const tick = map.barToTicks(c.bar);
    if (tick > start && tick < end) {
      const bar = barStartAt(tick + length);
      if (bar !== null) next.set(bar, c.bpm);
    }
  }
  for (const c of current) {
    const tick = map.barToTicks(c.bar);
    if (tick >= end) next.set(Math.max(2, Math.round(map.ticksToBar(tick + length))), c.bpm);
  }
  for (const bar of next.keys()) {
    if (bar > LIMITS.tempoChangeMaxBar) {
      throw new ModelError(
        "INVALID_BAR",
        `Duplicating this section would move a tempo change past bar ${LIMITS.tempoChangeMaxBar}.`,
      );
    }
  }
  const remove = current.filter((c) => !next.has(c.bar)).map((c) => c.bar);
  const before = new Map(current.map((c) => [c.bar, c.bpm]));
  const set = [...next].filter(
    ([bar, bpm]) => before.get(bar) !== bpm || !tempoChangesMap(doc).has(TEMPO_CHANGE_SPEC.keyOfBar(bar)),
  );
  return { remove, set };
}
