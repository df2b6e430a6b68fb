import { createHash } from "node:crypto";
import * as Y from "yjs";
import type { BenchConfig, ReplicaDigest } from "./common";

/** What one edit writes: its sequence number, the send time on the common clock, a seeded value. */
export interface Edit {
  i: number;
  t: number;
  v: number;
}

/** Each editor appends to its own array, so every edit is one observable insert and none can be overwritten. */
export const editorArray = (doc: Y.Doc, editor: number) => doc.getArray<Edit>(`e${editor}`);

const sha = (data: Uint8Array | string) => createHash("sha256").update(data).digest("base64url").slice(0, 22);

/**
 * A replica's fingerprint. The full state is re-encoded through a fresh doc first: two replicas with
 * the same items can hold them split differently (struct merging depends on transaction boundaries),
 * which would make a byte comparison of encodeStateAsUpdate fail for no real difference.
 */
export function digestDoc(doc: Y.Doc, config: BenchConfig, session: number, index: number): ReplicaDigest {
  const content: Edit[][] = [];
  let complete = true;
  for (let e = 0; e < config.editors; e++) {
    const items = editorArray(doc, e).toArray();
    content.push(items);
    if (items.length !== config.edits || items.some((x, k) => x.i !== k)) complete = false;
  }
  const fresh = new Y.Doc();
  Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
  const state = sha(Y.encodeStateAsUpdate(fresh));
  fresh.destroy();
  return { session, index, sv: sha(Y.encodeStateVector(doc)), json: sha(JSON.stringify(content)), state, complete };
}
