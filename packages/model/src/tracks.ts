import * as Y from "yjs";
import { ModelError } from "./errors";
import { TRACK_COLORS, TRACK_FIELDS, type TrackKind } from "./fields";
import { compareByOrderThenId } from "./fractional-index";
import { isValidId, randomId } from "./ids";
import { transactAs, type Origin } from "./origin";
import { entityAt, clipsMap, setIfChanged, tracksMap, type EntityMap } from "./roots";
import { CLIP_FIELDS, TRACK_INSTRUMENT_FIELD, type InstrumentId } from "./arrangement-fields";
import { readTrackMix, type TrackMix } from "./mixer-fields";
import { validateInstrument } from "./arrangement-validate";
import { keyForIndex, orderedEntries } from "./track-order";
import { validateColor, validateTrackKind, validateTrackName } from "./validate";
import { deleteStripDependents } from "./mix/strips";
import { readTrackInputChannels, type TrackInputChannels } from "./track-input-fields";

/** A track as readers see it; its mix fields (volumeDb, pan, mute) are in mixer-fields.ts. */
export interface Track extends TrackMix {
  id: string;
  name: string;
  /** Lower-case "#rrggbb". */
  color: string;
  kind: TrackKind;
  /** Fractional order key; lists are sorted by order, then id. Opaque to the UI. */
  order: string;
  /** Milliseconds since the Unix epoch (adding peer's clock). */
  createdAt: number;
  /** What plays an instrument track's MIDI clips; null for audio tracks. */
  instrument: InstrumentId | null;
  /** Audio tracks: channels recorded from the input (1 mono, 2 stereo; track-input-fields.ts). */
  inputChannels: TrackInputChannels;
}

export interface AddTrackInit {
  name?: string;
  color?: string;
  kind?: TrackKind;
  /** Instrument tracks only (default "piano"); giving one without a kind makes an instrument track. */
  instrument?: InstrumentId;
  /** Position in the list to insert at, 0..length; default: the end. */
  index?: number;
  /** Normally omitted (a random id is made). Servers seeding a session and tests may pass 12..32 lower-case base36. */
  id?: string;
}

function readTrack(id: string, map: EntityMap): Track {
  const ctx = { id };
  const kind = TRACK_FIELDS.kind.coerce(map.get(TRACK_FIELDS.kind.key));
  return {
    id,
    name: TRACK_FIELDS.name.coerce(map.get(TRACK_FIELDS.name.key)),
    color: TRACK_FIELDS.color.coerce(map.get(TRACK_FIELDS.color.key), ctx),
    kind,
    order: TRACK_FIELDS.order.coerce(map.get(TRACK_FIELDS.order.key)),
    createdAt: TRACK_FIELDS.createdAt.coerce(map.get(TRACK_FIELDS.createdAt.key)),
    instrument: TRACK_INSTRUMENT_FIELD.coerce(map.get(TRACK_INSTRUMENT_FIELD.key), kind),
    inputChannels: readTrackInputChannels(map),
    ...readTrackMix(map),
  };
}

/** Ids of the tracks readers show as instrument tracks — the only tracks whose clips readers show. */
export function instrumentTrackIds(doc: Y.Doc): Set<string> {
  const ids = new Set<string>();
  tracksMap(doc).forEach((value, id) => {
    if (value instanceof Y.Map && TRACK_FIELDS.kind.coerce(value.get(TRACK_FIELDS.kind.key)) === "instrument")
      ids.add(id);
  });
  return ids;
}

/** Every track, sorted by order then id — the same list on every peer that has the same state. */
export function listTracks(doc: Y.Doc): Track[] {
  const tracks: Track[] = [];
  tracksMap(doc).forEach((value, id) => {
    if (value instanceof Y.Map) tracks.push(readTrack(id, value as EntityMap));
  });
  return tracks.sort(compareByOrderThenId);
}

export function getTrack(doc: Y.Doc, id: string): Track | null {
  const map = typeof id === "string" ? entityAt(tracksMap(doc), id) : null;
  return map ? readTrack(id, map) : null;
}

export function requireTrack(doc: Y.Doc, id: string): EntityMap {
  const map = typeof id === "string" ? entityAt(tracksMap(doc), id) : null;
  if (!map) throw new ModelError("TRACK_NOT_FOUND", "That track no longer exists — someone may have deleted it.");
  return map;
}

function requireIndex(index: unknown, max: number, what: string): number {
  if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index > max) {
    throw new ModelError("INVALID_INDEX", `${what} must be a whole number from 0 to ${max} (got ${String(index)}).`);
  }
  return index;
}

/** "Track N" with N one past the count, skipping numbers already used by a track name. */
export function defaultTrackName(existing: readonly Track[]): string {
  const taken = new Set(existing.map((t) => t.name));
  let n = existing.length + 1;
  while (taken.has(`Track ${n}`)) n++;
  return `Track ${n}`;
}

export function addTrack(doc: Y.Doc, init: AddTrackInit, origin: Origin): Track {
  const options: AddTrackInit = init ?? {};
  const existing = listTracks(doc);
  const name = options.name === undefined ? defaultTrackName(existing) : validateTrackName(options.name);
  const color =
    options.color === undefined ? TRACK_COLORS[existing.length % TRACK_COLORS.length] : validateColor(options.color);
  const instrument = options.instrument === undefined ? undefined : validateInstrument(options.instrument);
  const kind =
    options.kind === undefined ? (instrument === undefined ? "audio" : "instrument") : validateTrackKind(options.kind);
  if (kind === "audio" && instrument !== undefined) {
    throw new ModelError(
      "NOT_AN_INSTRUMENT_TRACK",
      "Only instrument tracks have an instrument; audio tracks play recordings.",
    );
  }
  const index =
    options.index === undefined
      ? existing.length
      : requireIndex(options.index, existing.length, "The position of a new track");
  let id: string;
  if (options.id === undefined) {
    id = randomId();
  } else {
    if (!isValidId(options.id)) {
      throw new ModelError("INVALID_TRACK_ID", "Track ids are 12 to 32 lower-case letters or digits.");
    }
    if (tracksMap(doc).has(options.id)) {
      throw new ModelError("DUPLICATE_TRACK_ID", "A track with that id already exists.");
    }
    id = options.id;
  }
  const createdAt = Date.now();

  transactAs(doc, origin, () =>
    insertTrack(doc, id, { name, color, kind, createdAt, instrument: instrument ?? null }, index),
  );
  return getTrack(doc, id)!;
}

/** Writes a new track at `index` of the list. Values must be valid already; call inside the op's transaction. */
export function insertTrack(
  doc: Y.Doc,
  id: string,
  fields: { name: string; color: string; kind: TrackKind; createdAt: number; instrument: InstrumentId | null },
  index: number,
): void {
  const tracks = tracksMap(doc);
  const order = keyForIndex(orderedEntries(tracks), index);
  const map: EntityMap = new Y.Map<unknown>();
  tracks.set(id, map);
  map.set(TRACK_FIELDS.name.key, fields.name);
  map.set(TRACK_FIELDS.color.key, fields.color);
  map.set(TRACK_FIELDS.kind.key, fields.kind);
  map.set(TRACK_FIELDS.order.key, order);
  map.set(TRACK_FIELDS.createdAt.key, fields.createdAt);
  if (fields.kind === "instrument") map.set(TRACK_INSTRUMENT_FIELD.key, fields.instrument ?? "piano");
}

export function renameTrack(doc: Y.Doc, id: string, name: string, origin: Origin): void {
  const value = validateTrackName(name);
  const map = requireTrack(doc, id);
  transactAs(doc, origin, () => setIfChanged(map, TRACK_FIELDS.name.key, value));
}

export function setTrackColor(doc: Y.Doc, id: string, color: string, origin: Origin): void {
  const value = validateColor(color);
  const map = requireTrack(doc, id);
  transactAs(doc, origin, () => setIfChanged(map, TRACK_FIELDS.color.key, value));
}

/**
 * Moves a track so that it ends up at `toIndex` of the list (0..length-1): the index is counted in the list
 * without the track, i.e. it is the track's final position. Moving to where it already is writes nothing.
 * Only the moved track's order key is written (plus, rarely, re-keyed tied neighbours), so concurrent moves
 * of different tracks both apply.
 */
export function moveTrack(doc: Y.Doc, id: string, toIndex: number, origin: Origin): void {
  const map = requireTrack(doc, id);
  const entries = orderedEntries(tracksMap(doc));
  const target = requireIndex(toIndex, entries.length - 1, "The new position of a track");
  const from = entries.findIndex((e) => e.id === id);
  transactAs(doc, origin, () => {
    if (from === target) return;
    const others = entries.filter((e) => e.id !== id);
    map.set(TRACK_FIELDS.order.key, keyForIndex(others, target));
  });
}

/** Deletes the track, its MIDI clips and its inserts, sends and automation lanes, in one transaction. */
export function deleteTrack(doc: Y.Doc, id: string, origin: Origin): void {
  requireTrack(doc, id);
  transactAs(doc, origin, () => {
    tracksMap(doc).delete(id);
    const clips = clipsMap(doc);
    const doomed: string[] = [];
    clips.forEach((value, clipId) => {
      if (value instanceof Y.Map && value.get(CLIP_FIELDS.trackId.key) === id) doomed.push(clipId);
    });
    for (const clipId of doomed) clips.delete(clipId);
    deleteStripDependents(doc, id);
  });
}
