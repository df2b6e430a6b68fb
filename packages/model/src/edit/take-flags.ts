import * as Y from "yjs";
import { ModelError } from "../errors";
import { transactAs, type Origin } from "../origin";
import { isTakeId } from "../takes/fields";

/**
 * Flagged (starred) takes (issue 19), kept in the COMMENTS doc: a reviewer with a comment link flags the passes
 * worth comping, and the server already lets comment-role writers change exactly that doc and nothing else.
 *
 *   takeFlags  Y.Map takeId → { byId, byName, at }   (one plain value; absent = not flagged)
 *
 * Keyed by take, so two people flagging the same take end on one flag (last writer's name), and unflagging is a
 * delete that beats a concurrent re-flag only if it came later — plain last-writer-wins per take.
 */
export const TAKE_FLAGS_ROOT = "takeFlags";

export interface TakeFlag {
  takeId: string;
  byId: string;
  byName: string;
  at: number;
}

function flagsMap(commentsDoc: Y.Doc): Y.Map<unknown> {
  return commentsDoc.getMap<unknown>(TAKE_FLAGS_ROOT);
}

/** Flags (stars) or unflags a take. `by` is who did it (shown on the lane). */
export function flagTake(
  commentsDoc: Y.Doc,
  takeId: string,
  flagged: boolean,
  by: { userId: string; name: string },
  origin: Origin,
): void {
  if (!isTakeId(takeId)) throw new ModelError("TAKE_NOT_FOUND", "That take id is not valid.");
  if (typeof by?.userId !== "string" || by.userId.length === 0 || typeof by.name !== "string")
    throw new ModelError("INVALID_AUTHOR_ID", "A flag needs who set it.");
  const map = flagsMap(commentsDoc);
  if (flagged === map.has(takeId)) return;
  transactAs(commentsDoc, origin, () => {
    if (flagged) map.set(takeId, { byId: by.userId, byName: by.name.slice(0, 60), at: Date.now() });
    else map.delete(takeId);
  });
}

/** The flagged takes (readers skip anything malformed a peer stored), by take id. */
export function listTakeFlags(commentsDoc: Y.Doc): Map<string, TakeFlag> {
  const out = new Map<string, TakeFlag>();
  flagsMap(commentsDoc).forEach((raw, takeId) => {
    if (!isTakeId(takeId) || typeof raw !== "object" || raw === null) return;
    const v = raw as Record<string, unknown>;
    out.set(takeId, {
      takeId,
      byId: typeof v.byId === "string" ? v.byId : "",
      byName: typeof v.byName === "string" ? v.byName : "",
      at: typeof v.at === "number" && Number.isFinite(v.at) ? v.at : 0,
    });
  });
  return out;
}
