import * as Y from "yjs";
import { transactAs, type Origin } from "./origin";
import { commentsMap, metaMap } from "./roots";
import { COMMENTS_SCHEMA_VERSION, META_KEYS } from "./schema";

/**
 * Brings a comments doc back to a shape every current client opens (issue #16): meta holds exactly
 * `schemaVersion: COMMENTS_SCHEMA_VERSION` (a too-new or foreign meta made the studio refuse to open), and
 * entries of the comments map that are not comment maps are removed. Comments themselves are kept.
 * Idempotent: on a healthy doc it writes nothing. Returns whether it changed anything.
 */
export function repairCommentsDoc(doc: Y.Doc, origin: Origin = { kind: "repair" }): boolean {
  const meta = metaMap(doc);
  const comments = commentsMap(doc);
  const foreignMeta = [...meta.keys()].filter((k) => k !== META_KEYS.schemaVersion);
  const junk = [...comments.entries()].filter(([, v]) => !(v instanceof Y.Map)).map(([k]) => k);
  const versionOk = meta.get(META_KEYS.schemaVersion) === COMMENTS_SCHEMA_VERSION;
  if (versionOk && foreignMeta.length === 0 && junk.length === 0) return false;
  transactAs(doc, origin, () => {
    for (const k of foreignMeta) meta.delete(k);
    if (!versionOk) meta.set(META_KEYS.schemaVersion, COMMENTS_SCHEMA_VERSION);
    for (const k of junk) comments.delete(k);
  });
  return true;
}
