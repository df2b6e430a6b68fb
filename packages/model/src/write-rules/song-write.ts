import * as Y from "yjs";
import { META_KEYS, ROOT, SCHEMA_VERSION } from "../schema";
import { refuse, type WriteRefusal } from "./refusal";
import { StructPlaces } from "./struct-places";

/** Every root of the song doc is a Y.Map (schema.ts); comments live in their own doc. */
const SONG_ROOTS: ReadonlySet<string> = new Set(Object.values(ROOT).filter((r) => r !== ROOT.comments));

/**
 * The rule the server applies to an editor's song-doc update before it touches the document, read from
 * the update's structs (no copy of the document, so a large arrangement costs nothing extra):
 * - `meta` holds only `schemaVersion`, an integer 0..SCHEMA_VERSION: a version this build does not know
 *   would make every client refuse the song (initSongDoc), and nothing may be nested in meta;
 * - content goes into the known roots under a key: list content in a map root is a shape repairSongDoc
 *   cannot read. Roots this version does not know are left alone (a newer version's).
 * Deletions are always readable (readers default what is absent). `update` must be integrable into `doc`
 * (no missing dependencies); an item whose place cannot be found is refused.
 */
export function checkSongUpdate(doc: Y.Doc, update: Uint8Array): WriteRefusal | null {
  return checkSongStructs(doc, Y.decodeUpdate(update).structs);
}

/** checkSongUpdate on an update the caller already decoded (the server decodes each update once). */
export function checkSongStructs(
  doc: Y.Doc,
  structs: ReturnType<typeof Y.decodeUpdate>["structs"],
): WriteRefusal | null {
  const places = new StructPlaces(doc, structs);
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || places.known(struct)) continue;
    const place = places.place(struct);
    if (place === "gc") continue;
    if (place === "missing") {
      return refuse("SHAPE_FORBIDDEN", "This change builds on changes the server does not have.");
    }
    // A root this version does not know is ignored by its readers; newer versions add roots without a
    // schema bump (takes, audioClips did), so a server must let them through during a rolling update.
    if (!SONG_ROOTS.has(place.root)) continue;
    if (place.direct && place.key === null) {
      return refuse("SHAPE_FORBIDDEN", `The song's "${place.root}" is a map; list content there cannot be read.`);
    }
    if (place.root === ROOT.meta) {
      const refusal = checkMetaItem(struct, place.direct, place.key);
      if (refusal) return refusal;
    }
  }
  return null;
}

function checkMetaItem(item: Y.Item, direct: boolean, key: string | null): WriteRefusal | null {
  if (!direct || key !== META_KEYS.schemaVersion) {
    return refuse("SHAPE_FORBIDDEN", "The song's meta holds only its schema version.");
  }
  if (item.content instanceof Y.ContentDeleted) return null;
  const values = item.content instanceof Y.ContentType ? [item.content.type] : (item.content.getContent() as unknown[]);
  for (const v of values) {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > SCHEMA_VERSION) {
      return refuse(
        "SCHEMA_VERSION_UNKNOWN",
        `Schema version ${typeof v === "number" ? v : typeof v} is not one this server knows (0..${SCHEMA_VERSION}).`,
      );
    }
  }
  return null;
}
