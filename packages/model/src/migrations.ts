import * as Y from "yjs";
import { ModelError } from "./errors";
import { TRACK_FIELDS } from "./fields";
import { isValidOrderKey, keysBetween } from "./fractional-index";
import { transactAs, type Origin } from "./origin";
import { applyRepairWrites, planSongRepair } from "./repair";
import { metaMap, tempoChangesMap, tracksMap, type EntityMap } from "./roots";
import { LIMITS, META_KEYS, SCHEMA_VERSION } from "./schema";
import { readTempoMap } from "./tempo-changes";
import { orderedEntries } from "./track-order";
import { DEFAULT_INSTRUMENT, isInstrumentId, TEMPO_CHANGE_SPEC, TRACK_INSTRUMENT_FIELD } from "./arrangement-fields";

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
  {
    name: "v2-to-v3-tempo-at-any-tick",
    from: 2,
    to: 3,
    description:
      "v3 lets the tempo change at any tick (instantly or by a linear ramp) and the meter at any bar. In the " +
      'tempoChanges root, each v2 entry bar ("5") → bpm becomes "t<tick of that bar>" → { bpm, ramp: false } ' +
      "under the song's meter (the only meter v2 had), unless a v3 entry already sits at that tick; the v2 key is " +
      "deleted. Tempos are kept to 0.000001 BPM from v3 on (v2 values, at 0.01, are already valid).",
    up(doc) {
      const root = tempoChangesMap(doc);
      const meter = readTempoMap(doc).meter;
      for (const key of [...root.keys()]) {
        const parsed = TEMPO_CHANGE_SPEC.parseKey(key);
        if (parsed?.kind !== "legacy") continue;
        const bpm = TEMPO_CHANGE_SPEC.bpmOf(root.get(key));
        const tick = meter.barToTicks(parsed.bar);
        const target = TEMPO_CHANGE_SPEC.keyOfTick(tick);
        if (bpm !== null && tick <= LIMITS.maxTick && !root.has(target)) root.set(target, { bpm, ramp: false });
        root.delete(key);
      }
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
