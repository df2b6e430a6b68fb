/* eslint-disable @typescript-eslint/no-explicit-any -- Yjs types its event parameter invariantly; any type will do here */
import * as Y from "yjs";
import { ROOT } from "../schema";
import { checkCommentsChange, checkMetaChange, type CommentWriter } from "./comment-rules";
import { snapshotMap } from "./map-snapshot";
import { checkTakeFlagsChange } from "./take-flag-rules";
import { TAKE_FLAGS_ROOT } from "../edit/take-flags";
import { refuse, type WriteRefusal } from "./refusal";

const COMMENTS_ROOTS: ReadonlySet<string> = new Set([ROOT.meta, ROOT.comments, TAKE_FLAGS_ROOT]);

function rootNameOf(type: Y.AbstractType<any>): string | null {
  let t = type;
  while (t._item !== null) {
    const parent = t._item.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    t = parent;
  }
  return Y.findRootTypeKey(t);
}

/**
 * Applies `update` to a scratch copy of the comments doc and checks what it changed against the comment
 * rules (comment-rules.ts) for `writer`. The real doc is not touched. `update` must be integrable into
 * `doc` (no missing dependencies), so the copy shows everything it would change.
 */
export function checkCommentsUpdate(doc: Y.Doc, update: Uint8Array, writer: CommentWriter): WriteRefusal | null {
  const scratch = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    const meta = scratch.getMap<unknown>(ROOT.meta);
    const comments = scratch.getMap<unknown>(ROOT.comments);
    const flags = scratch.getMap<unknown>(TAKE_FLAGS_ROOT);
    const before = { meta: snapshotMap(meta), comments: snapshotMap(comments), flags: snapshotMap(flags) };
    let shape: WriteRefusal | null = null;
    scratch.on("afterTransaction", (tr: Y.Transaction) => {
      for (const [type, keys] of tr.changed) {
        const root = rootNameOf(type);
        if (root === null || !COMMENTS_ROOTS.has(root)) {
          shape ??= refuse("SHAPE_FORBIDDEN", "The comments document has only its meta, its comments and take flags.");
        } else if (keys.has(null)) {
          shape ??= refuse("SHAPE_FORBIDDEN", "Comments are maps of fields; list content there cannot be read.");
        }
      }
    });
    Y.applyUpdate(scratch, update);
    if (shape) return shape;
    return (
      checkMetaChange(before.meta, snapshotMap(meta)) ??
      checkCommentsChange(before.comments, snapshotMap(comments), writer) ??
      checkTakeFlagsChange(before.flags, snapshotMap(flags), writer)
    );
  } finally {
    scratch.destroy();
  }
}
