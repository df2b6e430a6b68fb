import * as Y from "yjs";
import { SECTION_FIELDS, SECTION_TEXT_KEYS, type SectionTextField } from "./arrangement-fields";
import { validateEnd, validateLength, validateSectionName, validateTick } from "./arrangement-validate";
import { ModelError } from "./errors";
import { TRACK_COLORS } from "./fields";
import { randomId } from "./ids";
import { transactAs, type Origin } from "./origin";
import { entityAt, sectionsMap, setIfChanged, type EntityMap } from "./roots";
import { validateColor } from "./validate";

/**
 * Song sections ("Verse", "Chorus" …) on the timeline, in ticks, each with collaborative lyrics and chords
 * texts. Sections may overlap (concurrent edits can make them); lists are sorted by start, then id.
 */
export interface Section {
  id: string;
  name: string;
  /** Lower-case #rrggbb. */
  color: string;
  startTick: number;
  /** ≥ 1. */
  lengthTicks: number;
}

export const SECTION_PRESETS: readonly string[] = ["Intro", "Verse", "Pre-Chorus", "Chorus", "Bridge", "Solo", "Outro"];

const PRESET_COLORS: Readonly<Record<string, string>> = {
  intro: TRACK_COLORS[5],
  verse: TRACK_COLORS[6],
  "pre-chorus": TRACK_COLORS[7],
  chorus: TRACK_COLORS[0],
  bridge: TRACK_COLORS[2],
  solo: TRACK_COLORS[1],
  outro: TRACK_COLORS[4],
};

/** A preset's colour for names like "Chorus 2"; otherwise the next palette colour. */
function defaultSectionColor(name: string, count: number): string {
  const base = name.toLowerCase().replace(/\s*\d+$/, "");
  return PRESET_COLORS[base] ?? TRACK_COLORS[count % TRACK_COLORS.length];
}

export function readSection(id: string, map: EntityMap): Section {
  const ctx = { id };
  return {
    id,
    name: SECTION_FIELDS.name.coerce(map.get(SECTION_FIELDS.name.key)),
    color: SECTION_FIELDS.color.coerce(map.get(SECTION_FIELDS.color.key), ctx),
    startTick: SECTION_FIELDS.startTick.coerce(map.get(SECTION_FIELDS.startTick.key), ctx),
    lengthTicks: SECTION_FIELDS.lengthTicks.coerce(map.get(SECTION_FIELDS.lengthTicks.key), ctx),
  };
}

export function sectionEntries(doc: Y.Doc): { section: Section; map: EntityMap }[] {
  const out: { section: Section; map: EntityMap }[] = [];
  sectionsMap(doc).forEach((value, id) => {
    if (value instanceof Y.Map) out.push({ section: readSection(id, value as EntityMap), map: value as EntityMap });
  });
  return out;
}

const compareSections = (a: Section, b: Section) =>
  a.startTick - b.startTick || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function listSections(doc: Y.Doc): Section[] {
  return sectionEntries(doc)
    .map((e) => e.section)
    .sort(compareSections);
}

export function requireSection(doc: Y.Doc, id: string): { section: Section; map: EntityMap } {
  const map = typeof id === "string" ? entityAt(sectionsMap(doc), id) : null;
  if (!map) throw new ModelError("SECTION_NOT_FOUND", "That section no longer exists — someone may have deleted it.");
  return { section: readSection(id, map), map };
}

/** Writes a new section (values valid already) with its texts, optionally filled with Y.Text deltas. */
export function insertSection(
  doc: Y.Doc,
  fields: Omit<Section, "id">,
  texts?: { lyrics?: unknown[]; chords?: unknown[] },
): string {
  const id = randomId();
  const map: EntityMap = new Y.Map<unknown>();
  sectionsMap(doc).set(id, map);
  map.set(SECTION_FIELDS.name.key, fields.name);
  map.set(SECTION_FIELDS.color.key, fields.color);
  map.set(SECTION_FIELDS.startTick.key, fields.startTick);
  map.set(SECTION_FIELDS.lengthTicks.key, fields.lengthTicks);
  for (const field of ["lyrics", "chords"] as const) {
    const text = new Y.Text();
    map.set(SECTION_TEXT_KEYS[field], text);
    const delta = texts?.[field];
    if (delta && delta.length > 0) text.applyDelta(delta);
  }
  return id;
}

export function addSection(
  doc: Y.Doc,
  init: { name: string; startTick: number; lengthTicks: number; color?: string },
  origin: Origin,
): Section {
  if (typeof init !== "object" || init === null)
    throw new ModelError("INVALID_NAME", "A section needs a name, a start and a length.");
  const name = validateSectionName(init.name);
  const startTick = validateTick(init.startTick, "The section's start");
  const lengthTicks = validateLength(init.lengthTicks, "The section's length");
  validateEnd(startTick, lengthTicks, "The section");
  const color = init.color === undefined ? defaultSectionColor(name, sectionsMap(doc).size) : validateColor(init.color);
  let id = "";
  transactAs(doc, origin, () => {
    id = insertSection(doc, { name, color, startTick, lengthTicks });
  });
  return readSection(id, entityAt(sectionsMap(doc), id)!);
}

export function updateSection(
  doc: Y.Doc,
  id: string,
  patch: { name?: string; color?: string; startTick?: number; lengthTicks?: number },
  origin: Origin,
): void {
  const { section, map } = requireSection(doc, id);
  const p = patch ?? {};
  const name = p.name === undefined ? undefined : validateSectionName(p.name);
  const color = p.color === undefined ? undefined : validateColor(p.color);
  const startTick = p.startTick === undefined ? undefined : validateTick(p.startTick, "The section's start");
  const lengthTicks = p.lengthTicks === undefined ? undefined : validateLength(p.lengthTicks, "The section's length");
  validateEnd(startTick ?? section.startTick, lengthTicks ?? section.lengthTicks, "The section");
  transactAs(doc, origin, () => {
    if (name !== undefined) setIfChanged(map, SECTION_FIELDS.name.key, name);
    if (color !== undefined) setIfChanged(map, SECTION_FIELDS.color.key, color);
    if (startTick !== undefined) setIfChanged(map, SECTION_FIELDS.startTick.key, startTick);
    if (lengthTicks !== undefined) setIfChanged(map, SECTION_FIELDS.lengthTicks.key, lengthTicks);
  });
}

/** Deletes the section with its lyrics and chords. Clips in its time range stay. */
export function deleteSection(doc: Y.Doc, id: string, origin: Origin): void {
  requireSection(doc, id);
  transactAs(doc, origin, () => sectionsMap(doc).delete(id));
}

/**
 * For text editors only (the one place views bind to a Y type): the section's lyrics or chords text.
 * If a buggy peer left the section without that text, this is an empty Y.Text of a private Y.Doc (its
 * `doc` is not the song doc; edits to it are not shared) until repairSongDoc restores the real one.
 */
export function getSectionText(doc: Y.Doc, id: string, field: SectionTextField): Y.Text {
  const { map } = requireSection(doc, id);
  if (field !== "lyrics" && field !== "chords") {
    throw new ModelError("SECTION_NOT_FOUND", "A section has two texts: lyrics and chords.");
  }
  const text = map.get(SECTION_TEXT_KEYS[field]);
  // A text in a private doc of its own: readable without warnings, edits go nowhere.
  return text instanceof Y.Text ? text : new Y.Doc().getText(field);
}
