import * as Y from "yjs";
import { audioClipsMap, takesMap } from "./takes/store";
import { clipsMap } from "./roots";

/**
 * Version support that is pure document logic: which takes a song doc references, and the update that
 * brings a live document back to a saved state.
 */

/** Clip field naming the take an audio clip plays (the same key in `clips` and `audioClips` entries). */
export const CLIP_TAKE_ID_KEY = "takeId";

/**
 * Take ids referenced anywhere in the song doc, sorted and unique: every recorded take (all loop passes of
 * the take lanes) and every take an audio clip plays. Extend here when comps or other entities reference
 * takes, so versions keep every take they need.
 */
export function referencedTakeIds(doc: Y.Doc): string[] {
  const ids = new Set<string>();
  const addFrom = (map: Y.Map<unknown>) =>
    map.forEach((value) => {
      if (!(value instanceof Y.Map)) return;
      const takeId: unknown = (value as Y.Map<unknown>).get(CLIP_TAKE_ID_KEY);
      if (typeof takeId === "string" && takeId.length > 0) ids.add(takeId);
    });
  addFrom(clipsMap(doc));
  // Recorded takes: every pass in the take lanes (a version may be restored and another pass comped in),
  // and whatever an audio clip plays.
  takesMap(doc).forEach((value, takeId) => {
    if (value instanceof Y.Map && takeId.length > 0) ids.add(takeId);
  });
  addFrom(audioClipsMap(doc));
  return [...ids].sort();
}

/**
 * The Yjs update that, applied to `current`, makes its content equal to the saved `versionState`
 * (a Y.encodeStateAsUpdate of the same document taken earlier), as NEW operations: nothing of the
 * history is rewritten, so every peer merges it like any edit, and it can itself be reverted.
 *
 * How: replay everything that happened since the version onto a copy of the version, recording it
 * with an UndoManager, and undo it. The undo re-creates what was deleted and deletes what was added;
 * the difference between that copy and `current` is the answer. Works with garbage-collected docs,
 * because the copy still holds the content the version had.
 */
export function revertUpdate(current: Y.Doc, versionState: Uint8Array): Uint8Array {
  const copy = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(copy, versionState);
    // Every root type present on either side must be in the undo scope; reading a root by name defines it.
    const names = new Set<string>([...current.share.keys(), ...copy.share.keys()]);
    const scope: Y.AbstractType<unknown>[] = [];
    for (const name of names) scope.push(typedRoot(copy, name, current.share.get(name) ?? copy.share.get(name)!));
    // Neither side has any content: nothing to revert (an UndoManager needs at least one type).
    if (scope.length === 0) return Y.encodeStateAsUpdate(copy, Y.encodeStateVector(current));
    const replay = Symbol("replay");
    const undo = new Y.UndoManager(scope, {
      trackedOrigins: new Set([replay]),
      captureTimeout: Number.MAX_SAFE_INTEGER,
    });
    const sinceVersion = Y.encodeStateAsUpdate(current, Y.encodeStateVector(copy));
    Y.applyUpdate(copy, sinceVersion, replay);
    undo.undo();
    undo.destroy();
    return Y.encodeStateAsUpdate(copy, Y.encodeStateVector(current));
  } finally {
    copy.destroy();
  }
}

/**
 * The copy's root `name` with its concrete type. A doc that only received updates (the server's) holds
 * its roots as untyped placeholders; an UndoManager scoped to a placeholder records nothing, so the type
 * is read from the items: keyed entries → Y.Map, string content → Y.Text, other sequence → Y.Array.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types roots by their event type
function typedRoot(copy: Y.Doc, name: string, live: Y.AbstractType<any>): Y.AbstractType<any> {
  if (live instanceof Y.Map) return copy.getMap(name);
  if (live instanceof Y.Text) return copy.getText(name);
  if (live instanceof Y.Array) return copy.getArray(name);
  if (live instanceof Y.XmlFragment) return copy.getXmlFragment(name);
  const first = live._start ?? copy.share.get(name)?._start ?? null;
  if (first === null) return copy.getMap(name);
  return first.content instanceof Y.ContentString || first.content instanceof Y.ContentFormat
    ? copy.getText(name)
    : copy.getArray(name);
}

/**
 * A plain JSON picture of every root of a Bandspace doc (all roots are Y.Maps), for "is it the same
 * state" checks. Empty roots are left out, so a root that merely exists compares equal to none.
 */
export function docContent(doc: Y.Doc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of [...doc.share.keys()].sort()) {
    const json = doc.getMap(name).toJSON();
    if (Object.keys(json).length > 0) out[name] = json;
  }
  return out;
}
