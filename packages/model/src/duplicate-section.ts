import * as Y from "yjs";
import { CLIP_FIELDS, SECTION_FIELDS, SECTION_TEXT_KEYS, TEMPO_CHANGE_SPEC } from "./arrangement-fields";
import { clipEntries, insertClip, noteEntries } from "./clip-store";
import { ModelError } from "./errors";
import { transactAs, type Origin } from "./origin";
import { entityAt, sectionsMap, tempoChangesMap, type EntityMap } from "./roots";
import { LIMITS } from "./schema";
import { insertSection, readSection, requireSection, sectionEntries, type Section } from "./sections";
import { listMeterChanges, readTempoMap } from "./tempo-changes";

/**
 * Inserts a copy right after the section (lyrics, chords and the MIDI clips that start inside it) and shifts
 * every section, clip and tempo change at or after the section's end by its length — one transaction.
 *
 * Tempo: changes inside the section are copied into the copy, and the copy starts at the section's opening
 * tempo, so it plays exactly like the original; later changes move by the section's length in ticks. Meter
 * changes after the section move by its length in bars when it is whole bars. Clips that start before the
 * section and overlap it are neither copied nor moved.
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
    for (const key of tempo.remove) changes.delete(key);
    for (const [key, value] of tempo.set) changes.set(key, value);
    for (const { clip, notes } of copies) {
      insertClip(
        doc,
        {
          trackId: clip.trackId,
          name: clip.name,
          startTick: clip.startTick + length,
          lengthTicks: clip.lengthTicks,
          pedal: clip.pedal,
        },
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

/**
 * The tempo-map writes of a duplication of [start, end): tempo changes in ticks (exact, they sit at any tick),
 * meter changes by whole bars when the section is whole bars (a meter change never leaves a bar line).
 */
function planTempoChanges(doc: Y.Doc, start: number, end: number): { remove: string[]; set: [string, unknown][] } {
  const map = readTempoMap(doc);
  const length = end - start;
  const next = new Map<string, unknown>();
  for (const c of map.changes()) {
    if (c.tick < end) next.set(TEMPO_CHANGE_SPEC.keyOfTick(c.tick), { bpm: c.bpm, ramp: c.ramp });
  }
  // The copy opens at the section's opening tempo (a ramp inside it then keeps its slope: the tempo is linear).
  const opening = map.bpmAt(start);
  if (Math.abs(map.bpmAt(end - 1e-6) - opening) > 1e-9)
    next.set(TEMPO_CHANGE_SPEC.keyOfTick(end), { bpm: opening, ramp: false });
  for (const c of map.changes()) {
    if (c.tick > start && c.tick < end)
      next.set(TEMPO_CHANGE_SPEC.keyOfTick(c.tick + length), { bpm: c.bpm, ramp: c.ramp });
    if (c.tick >= end) {
      if (c.tick + length > LIMITS.maxTick) {
        throw new ModelError(
          "INVALID_TICK",
          "Duplicating this section would move a tempo change past the timeline's end.",
        );
      }
      next.set(TEMPO_CHANGE_SPEC.keyOfTick(c.tick + length), { bpm: c.bpm, ramp: c.ramp });
    }
  }
  const startBar = map.ticksToBar(start);
  const endBar = map.ticksToBar(end);
  const wholeBars = Number.isInteger(startBar) && Number.isInteger(endBar);
  for (const m of listMeterChanges(doc)) {
    const bar = wholeBars && m.bar >= endBar ? m.bar + (endBar - startBar) : m.bar;
    if (bar > LIMITS.tempoChangeMaxBar) {
      throw new ModelError(
        "INVALID_BAR",
        `Duplicating this section would move a meter change past bar ${LIMITS.tempoChangeMaxBar}.`,
      );
    }
    next.set(TEMPO_CHANGE_SPEC.keyOfMeterBar(bar), { numerator: m.numerator, denominator: m.denominator });
  }
  const stored = tempoChangesMap(doc);
  const remove = [...stored.keys()].filter((k) => !next.has(k));
  const set = [...next].filter(([key, value]) => JSON.stringify(stored.get(key)) !== JSON.stringify(value));
  return { remove, set };
}
