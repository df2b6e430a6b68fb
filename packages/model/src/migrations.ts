import * as Y from "yjs";
import { ModelError } from "./errors";
import { TRACK_FIELDS } from "./fields";
import { isValidOrderKey, keysBetween } from "./fractional-index";
import { transactAs, type Origin } from "./origin";
import { applyRepairWrites, planSongRepair } from "./repair";
import { metaMap, tracksMap, type EntityMap } from "./roots";
import { META_KEYS, SCHEMA_VERSION } from "./schema";
import { orderedEntries } from "./track-order";
import { DEFAULT_INSTRUMENT, isInstrumentId, TRACK_INSTRUMENT_FIELD } from "./arrangement-fields";

/**
 * Named, ordered steps that bring a song doc from one schema version to the next. A step runs inside the
 * init transaction (origin "migration") and must be idempotent: two peers may migrate the same doc at once,
 * or a peer may migrate a doc another peer already migrated before the version write reached it.
 * Add a step for every SCHEMA_VERSION bump; never edit a released step.
 */
export interface Migration {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  /** What changed in the document shape and why. */
  readonly description: string;
  up: (doc: Y.Doc) => void;
}

export const SONG_MIGRATIONS: readonly Migration[] = [
  {
    name: "v0-to-v1-complete-tracks",
    from: 0,
    to: 1,
    description:
      "v0 is any doc without meta.schemaVersion: a new empty doc, or one written before the schema was versioned, " +
      "whose tracks may lack order keys, colours, kinds or timestamps. Tracks without an order key are placed " +
      "after the ordered ones, oldest first (createdAt, then id); then every field is made valid as repairSongDoc does.",
    up(doc) {
      const tracks = tracksMap(doc);
      const ordered = orderedEntries(tracks).filter((e) => isValidOrderKey(e.map.get(TRACK_FIELDS.order.key)));
      const unordered: { id: string; map: EntityMap; createdAt: number }[] = [];
      tracks.forEach((value, id) => {
        if (value instanceof Y.Map && !isValidOrderKey(value.get(TRACK_FIELDS.order.key))) {
          const map = value as EntityMap;
          unordered.push({ id, map, createdAt: TRACK_FIELDS.createdAt.coerce(map.get(TRACK_FIELDS.createdAt.key)) });
        }
      });
      unordered.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const last = ordered.reduce<string | null>((max, e) => (max === null || e.order > max ? e.order : max), null);
      const keys = keysBetween(last, null, unordered.length);
      unordered.forEach((t, k) => t.map.set(TRACK_FIELDS.order.key, keys[k]));
      applyRepairWrites(planSongRepair(doc));
    },
  },
  {
    name: "v1-to-v2-instrument-tracks",
    from: 1,
    to: 2,
    description:
      "v2 adds the arrangement (tempoChanges, sections, clips, transport roots — absent until first used) and " +
      'the track field `instrument`. Instrument tracks without a valid instrument get "piano".',
    up(doc) {
      tracksMap(doc).forEach((value) => {
        if (!(value instanceof Y.Map)) return;
        const map = value as EntityMap;
        const kind = TRACK_FIELDS.kind.coerce(map.get(TRACK_FIELDS.kind.key));
        if (kind === "instrument" && !isInstrumentId(map.get(TRACK_INSTRUMENT_FIELD.key))) {
          map.set(TRACK_INSTRUMENT_FIELD.key, DEFAULT_INSTRUMENT);
        }
      });
    },
  },
];

/** The doc's schema version: 0 when unset (new or pre-versioning doc). */
export function readSchemaVersion(doc: Y.Doc): number {
  const raw = metaMap(doc).get(META_KEYS.schemaVersion);
  return typeof raw === "number" && Number.isInteger(raw) && raw >= 0 ? raw : 0;
}

/**
 * Prepares a song doc for this client: refuses a doc from a newer schema, runs the migrations from the doc's
 * version up to SCHEMA_VERSION and records the version — all in one transaction. Idempotent: on a current doc
 * it does nothing at all (no transaction, no update).
 *
 * Call it after the provider's first sync, not before: on an unsynced empty replica every doc looks like v0.
 * It writes no default song values (see schema.ts); readers supply them.
 */
export function initSongDoc(doc: Y.Doc, origin: Origin = { kind: "migration" }): void {
  const version = readSchemaVersion(doc);
  if (version > SCHEMA_VERSION) {
    throw new ModelError(
      "SCHEMA_TOO_NEW",
      "This song was saved by a newer version of Bandspace. Reload the page to get the latest version.",
    );
  }
  if (metaMap(doc).get(META_KEYS.schemaVersion) === SCHEMA_VERSION) return;
  transactAs(doc, origin, () => {
    for (const step of SONG_MIGRATIONS) {
      if (step.from >= version && step.to <= SCHEMA_VERSION) step.up(doc);
    }
    metaMap(doc).set(META_KEYS.schemaVersion, SCHEMA_VERSION);
  });
}
