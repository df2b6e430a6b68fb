import * as Y from "yjs";
import { ModelError } from "./errors";
import { TRACK_COLORS, TRACK_FIELDS, type TrackKind } from "./fields";
import { compareByOrderThenId } from "./fractional-index";
import { isValidId, randomId } from "./ids";
import { transactAs, type Origin } from "./origin";
import { entityAt, setIfChanged, tracksMap, type EntityMap } from "./roots";
import { keyForIndex, orderedEntries } from "./track-order";
import { validateColor, validateTrackKind, validateTrackName } from "./validate";

export interface Track {
  id: string;
  name: string;
  /** Lower-case "#rrggbb". */
  color: string;
  kind: TrackKind;
  /** Fractional order key; lists are sorted by order, then id. Opaque to the UI. */
  order: string;
  /** Milliseconds since the Unix epoch (adding peer's clock). */
  createdAt: number;
}

export interface AddTrackInit {
  name?: string;
  color?: string;
  kind?: TrackKind;
  /** Position in the list to insert at, 0..length; default: the end. */
  index?: number;
  /** Normally omitted (a random id is made). Servers seeding a session and tests may pass 12..32 lower-case base36. */
  id?: string;
}

function readTrack(id: string, map: EntityMap): Track {
  const ctx = { id };
  return {
    id,
    name: TRACK_FIELDS.name.coerce(map.get(TRACK_FIELDS.name.key)),
    color: TRACK_FIELDS.color.coerce(map.get(TRACK_FIELDS.color.key), ctx),
    kind: TRACK_FIELDS.kind.coerce(map.get(TRACK_FIELDS.kind.key)),
    order: TRACK_FIELDS.order.coerce(map.get(TRACK_FIELDS.order.key)),
    createdAt: TRACK_FIELDS.createdAt.coerce(map.get(TRACK_FIELDS.createdAt.key)),
  };
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

function requireTrack(doc: Y.Doc, id: string): EntityMap {
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
function defaultTrackName(existing: readonly Track[]): string {
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
    options.color === undefined ? TRACK_COLORS[existing.length % TRACK_COLORS.length]! : validateColor(options.color);
  const kind = options.kind === undefined ? "audio" : validateTrackKind(options.kind);
  const index = options.index === undefined ? existing.length : requireIndex(options.index, existing.length, "The position of a new track");
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

  transactAs(doc, origin, () => {
    const tracks = tracksMap(doc);
    const order = keyForIndex(orderedEntries(tracks), index);
    const map: EntityMap = new Y.Map<unknown>();
    tracks.set(id, map);
    map.set(TRACK_FIELDS.name.key, name);
    map.set(TRACK_FIELDS.color.key, color);
    map.set(TRACK_FIELDS.kind.key, kind);
    map.set(TRACK_FIELDS.order.key, order);
    map.set(TRACK_FIELDS.createdAt.key, createdAt);
  });
  return getTrack(doc, id)!;
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

/** Deletes the track (and, in later versions, everything that hangs off it in this doc). */
export function deleteTrack(doc: Y.Doc, id: string, origin: Origin): void {
  requireTrack(doc, id);
  transactAs(doc, origin, () => tracksMap(doc).delete(id));
}
