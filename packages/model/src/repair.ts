import * as Y from "yjs";
import { SONG_FIELDS, TRACK_FIELDS } from "./fields";
import { transactAs } from "./origin";
import { metaMap, songMap, tracksMap, type EntityMap } from "./roots";
import { META_KEYS, SCHEMA_VERSION } from "./schema";
import { orderedEntries, planOrderKeys } from "./track-order";
import { planArrangementRepair } from "./repair-arrangement";
import { planEditRepair } from "./edit/repair-edit";
import { planMixRepair } from "./mix/repair";

/**
 * Restores the song doc's invariants (schema.ts INVARIANTS) after concurrent merges or writes by buggy peers.
 *
 * Deterministic and idempotent: the writes depend only on the document state, so two peers repairing the same
 * state write the same values (their concurrent writes then converge trivially), and a repaired doc needs no
 * further repair. It never changes what readers show: the track order is kept exactly, and fields are set to the
 * value readers were already showing (FieldSpec.coerce). Unset song fields stay unset (readers default them).
 *
 * Returns whether anything was written. When nothing needs fixing there is no transaction and no update, so it
 * is cheap to run after remote transactions (debounced) on an editor's peer. A viewer must not run it (its
 * writes would be refused). A doc from a newer schema is left alone: its fields may follow rules this client
 * does not know.
 */
export function repairSongDoc(doc: Y.Doc): boolean {
  const version = metaMap(doc).get(META_KEYS.schemaVersion);
  if (typeof version === "number" && version > SCHEMA_VERSION) return false;
  const writes = planSongRepair(doc);
  if (writes.length === 0) return false;
  transactAs(doc, { kind: "repair" }, () => applyRepairWrites(writes));
  return true;
}

/** One field write (or entry deletion) that repair would make. */
export type RepairWrite =
  | { map: Y.Map<unknown>; key: string; value: unknown; reason: string }
  | { map: Y.Map<unknown>; key: string; delete: true; reason: string };

/** What repairSongDoc would write, without writing it. Empty means the doc satisfies every invariant it repairs. */
export function planSongRepair(doc: Y.Doc): RepairWrite[] {
  const writes: RepairWrite[] = [];
  const song = songMap(doc);
  for (const spec of Object.values(SONG_FIELDS)) {
    const raw = song.get(spec.key);
    if (raw !== undefined && !spec.isValid(raw)) {
      writes.push({ map: song, key: spec.key, value: spec.coerce(raw), reason: `song.${spec.key} invalid` });
    }
  }

  const tracks = tracksMap(doc);
  tracks.forEach((value, id) => {
    if (!(value instanceof Y.Map)) {
      // Not a track any reader shows; nothing to salvage.
      writes.push({ map: tracks, key: id, delete: true, reason: `tracks.${id} is not a Y.Map` });
      return;
    }
    const map = value as EntityMap;
    for (const spec of [TRACK_FIELDS.name, TRACK_FIELDS.color, TRACK_FIELDS.kind, TRACK_FIELDS.createdAt]) {
      const raw = map.get(spec.key);
      if (!spec.isValid(raw)) {
        writes.push({ map, key: spec.key, value: spec.coerce(raw, { id }), reason: `track ${id}.${spec.key} invalid` });
      }
    }
  });

  const entries = orderedEntries(tracks);
  const plan = planOrderKeys(entries);
  entries.forEach((entry, pos) => {
    if (plan.runOf[pos] >= 0) {
      writes.push({
        map: entry.map,
        key: TRACK_FIELDS.order.key,
        value: plan.keys[pos],
        reason: `track ${entry.id}.order tied or invalid`,
      });
    }
  });
  planArrangementRepair(doc, writes);
  planEditRepair(doc, writes);
  planMixRepair(doc, writes);
  return writes;
}

/** Applies planned writes; call inside a transaction (repairSongDoc, or a migration step). */
export function applyRepairWrites(writes: readonly RepairWrite[]): void {
  for (const w of writes) {
    if ("delete" in w) w.map.delete(w.key);
    else w.map.set(w.key, w.value);
  }
}
