import * as Y from "yjs";
import { SONG_FIELDS, TRACK_FIELDS } from "./fields";
import { metaMap, songMap, tracksMap, type EntityMap } from "./roots";
import { META_KEYS, SCHEMA_VERSION, type InvariantId } from "./schema";
import { checkArrangementInvariants } from "./invariants-arrangement";
import { checkEditInvariants } from "./edit/invariants-edit";
import { checkMixInvariants } from "./mix/invariants";

export interface InvariantViolation {
  invariant: InvariantId;
  message: string;
}

/**
 * Checks the stored song doc against schema.ts INVARIANTS and lists every violation (empty = all hold).
 * Written independently of repair.ts so tests can use it as an oracle for repair and the operations.
 */
export function checkSongInvariants(doc: Y.Doc): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  const version = metaMap(doc).get(META_KEYS.schemaVersion);
  if (
    version !== undefined &&
    !(typeof version === "number" && Number.isInteger(version) && version >= 0 && version <= SCHEMA_VERSION)
  ) {
    out.push({ invariant: "schema-version", message: `meta.schemaVersion is ${JSON.stringify(version)}` });
  }

  const song = songMap(doc);
  const songChecks: [InvariantId, (typeof SONG_FIELDS)[keyof typeof SONG_FIELDS]][] = [
    ["song-title", SONG_FIELDS.title],
    ["song-tempo", SONG_FIELDS.tempoBpm],
    ["song-time-signature", SONG_FIELDS.timeSignature],
    ["song-key", SONG_FIELDS.key],
  ];
  for (const [invariant, spec] of songChecks) {
    const raw = song.get(spec.key);
    if (raw !== undefined && !spec.isValid(raw)) {
      out.push({ invariant, message: `song.${spec.key} is ${JSON.stringify(raw)}` });
    }
  }

  const seenOrders = new Map<string, string>();
  tracksMap(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map)) {
      out.push({ invariant: "track-entry", message: `tracks.${id} is not a Y.Map` });
      return;
    }
    const map = value as EntityMap;
    for (const spec of [TRACK_FIELDS.name, TRACK_FIELDS.color, TRACK_FIELDS.kind, TRACK_FIELDS.createdAt]) {
      const raw = map.get(spec.key);
      if (!spec.isValid(raw)) {
        out.push({ invariant: "track-fields", message: `track ${id}.${spec.key} is ${JSON.stringify(raw)}` });
      }
    }
    const order = map.get(TRACK_FIELDS.order.key);
    if (!TRACK_FIELDS.order.isValid(order)) {
      out.push({ invariant: "track-order", message: `track ${id}.order is ${JSON.stringify(order)}` });
    } else if (seenOrders.has(order)) {
      out.push({ invariant: "track-order", message: `tracks ${seenOrders.get(order)} and ${id} share order ${order}` });
    } else {
      seenOrders.set(order, id);
    }
  });
  checkArrangementInvariants(doc, out);
  checkEditInvariants(doc, out);
  checkMixInvariants(doc, out);
  return out;
}
