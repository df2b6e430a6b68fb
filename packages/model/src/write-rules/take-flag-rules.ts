import { COMMENT_FIELDS } from "../fields";
import { isTakeId } from "../takes/fields";
import { changedValues, type MapSnapshot } from "./map-snapshot";
import type { CommentWriter } from "./comment-rules";
import { refuse, type WriteRefusal } from "./refusal";

/**
 * The rules for take flags (stars, `edit/take-flags.ts`), which live in the comments doc so a reviewer with a
 * comment link can set them — and so the server checks them like comments:
 * 1. the flags root holds plain values keyed by valid take ids (no nested types);
 * 2. a take is flagged in the writer's own verified name (`byId` is their member id) with a time;
 * 3. any member who may comment clears a flag (a shared marker, like resolving a thread).
 */
export function checkTakeFlagsChange(
  before: MapSnapshot | null,
  after: MapSnapshot | null,
  writer: CommentWriter,
): WriteRefusal | null {
  if (after && (after.maps.size > 0 || after.otherTypes.size > 0)) {
    return refuse("SHAPE_FORBIDDEN", "A take flag is a plain value.");
  }
  const changed = changedValues(before, after);
  if (changed.length === 0) return null;
  if (writer.memberId === null) return refuse("NOT_A_MEMBER", "Join the session with a display name first.");
  for (const takeId of changed) {
    const value = after?.values.get(takeId);
    if (value === undefined) continue; // unflagged
    if (!isTakeId(takeId)) return refuse("SHAPE_FORBIDDEN", "Flags are kept by take id.");
    if (typeof value !== "object" || value === null) return refuse("INVALID_COMMENT", "A flag is a record.");
    const flag: { byId?: unknown; byName?: unknown; at?: unknown } = value;
    if (flag.byId !== writer.memberId) {
      return refuse("AUTHOR_MISMATCH", "A take is flagged in your own name.");
    }
    if (!COMMENT_FIELDS.authorName.isValid(flag.byName) || typeof flag.at !== "number" || !Number.isFinite(flag.at)) {
      return refuse("INVALID_COMMENT", "A flag records who set it and when.");
    }
  }
  return null;
}
