import { coerceAnchor } from "../comment-anchor";
import { COMMENT_KEYS, isReaction, isUserId } from "../comment-read";
import { COMMENT_FIELDS } from "../fields";
import { isValidId } from "../ids";
import { COMMENTS_SCHEMA_VERSION, LIMITS, META_KEYS } from "../schema";
import { changedValues, type MapSnapshot } from "./map-snapshot";
import { refuse, type WriteRefusal } from "./refusal";

/**
 * Who writes to the comments doc, as the server verified it: the member id and display name stored for
 * the member secret the connection authenticated with. Null before the person joined with a name.
 */
export interface CommentWriter {
  memberId: string | null;
  name: string | null;
}

/**
 * The rules every write to the comments doc must keep — the same rules the UI follows (`isOwnMessage`
 * decides which buttons a comment shows), enforced by the server on the before/after state of each update:
 * 1. meta holds only `schemaVersion`, which may only be migrated up to COMMENTS_SCHEMA_VERSION;
 * 2. a new thread or reply is written under the writer's own member id and name, with valid fields and
 *    no reactions but the writer's own;
 * 3. only its author changes a message's text and mentions (editedAt with them) or deletes it (a thread with
 *    its replies); author, time, anchor and version never change;
 * 4. anyone who may comment resolves or reopens a thread, stamped with their own id;
 * 5. a reaction key `<reaction>:<memberId>` is added or removed only by that member;
 * 6. the replies and reactions maps are never replaced (only created where a v1 comment lacks them).
 */
export function isOwnMessage(message: { authorId: string }, memberId: string | null): boolean {
  return memberId !== null && message.authorId === memberId;
}

const THREAD_VALUE_KEYS: ReadonlySet<string> = new Set([
  COMMENT_FIELDS.authorId.key,
  COMMENT_FIELDS.authorName.key,
  COMMENT_FIELDS.text.key,
  COMMENT_FIELDS.createdAt.key,
  COMMENT_FIELDS.editedAt.key,
  COMMENT_FIELDS.versionId.key,
  COMMENT_FIELDS.atSeconds.key,
  COMMENT_KEYS.anchor,
  COMMENT_KEYS.mentions,
  COMMENT_KEYS.resolved,
]);
const REPLY_VALUE_KEYS: ReadonlySet<string> = new Set([
  COMMENT_FIELDS.authorId.key,
  COMMENT_FIELDS.authorName.key,
  COMMENT_FIELDS.text.key,
  COMMENT_FIELDS.createdAt.key,
  COMMENT_FIELDS.editedAt.key,
  COMMENT_KEYS.mentions,
]);
/** Written once when the message is posted. */
const IMMUTABLE_KEYS: ReadonlySet<string> = new Set([
  COMMENT_FIELDS.authorId.key,
  COMMENT_FIELDS.authorName.key,
  COMMENT_FIELDS.createdAt.key,
  COMMENT_FIELDS.versionId.key,
  COMMENT_FIELDS.atSeconds.key,
  COMMENT_KEYS.anchor,
]);
/** What the author changes when editing. */
const AUTHOR_EDIT_KEYS: ReadonlySet<string> = new Set([
  COMMENT_FIELDS.text.key,
  COMMENT_KEYS.mentions,
  COMMENT_FIELDS.editedAt.key,
]);

export function checkMetaChange(before: MapSnapshot | null, after: MapSnapshot | null): WriteRefusal | null {
  if ((after?.maps.size ?? 0) > (before?.maps.size ?? 0) || (after?.otherTypes.size ?? 0) > 0) {
    return refuse("META_FORBIDDEN", "The comments' meta holds only their schema version.");
  }
  for (const key of changedValues(before, after)) {
    const old = before?.values.get(key);
    const next = after?.values.get(key);
    const migration =
      key === META_KEYS.schemaVersion &&
      next === COMMENTS_SCHEMA_VERSION &&
      !(typeof old === "number" && old >= COMMENTS_SCHEMA_VERSION);
    if (!migration) {
      return refuse(
        "META_FORBIDDEN",
        "The comments' schema version can only be brought up to the version this server knows; nothing else in meta may change.",
      );
    }
  }
  return null;
}

export function checkCommentsChange(
  before: MapSnapshot,
  after: MapSnapshot,
  writer: CommentWriter,
): WriteRefusal | null {
  if (after.otherTypes.size > 0 || changedValues(before, after).length > 0) {
    return refuse("SHAPE_FORBIDDEN", "Every comment is a map of its fields; nothing else belongs in the list.");
  }
  const ids = new Set([...before.maps.keys(), ...after.maps.keys()]);
  for (const id of ids) {
    const refusal = checkThread(id, before.maps.get(id) ?? null, after.maps.get(id) ?? null, writer);
    if (refusal) return refusal;
  }
  return null;
}

function checkThread(
  id: string,
  before: MapSnapshot | null,
  after: MapSnapshot | null,
  writer: CommentWriter,
): WriteRefusal | null {
  if (before && after && before.typeId !== after.typeId) {
    return checkThread(id, before, null, writer) ?? checkThread(id, null, after, writer);
  }
  if (before && !after) return checkDelete(before, writer, "comment");
  if (!after) return null;
  if (!before) {
    if (!isValidId(id)) return refuse("INVALID_COMMENT", "A comment id is 12..32 lower-case letters and digits.");
    const refusal = checkNewMessage(after, writer, THREAD_VALUE_KEYS);
    if (refusal) return refusal;
    if (!coerceAnchor(after.values.get(COMMENT_KEYS.anchor))) {
      return refuse("INVALID_COMMENT", "A new comment must be pinned to a place on the timeline.");
    }
    if (!COMMENT_FIELDS.versionId.isValid(after.values.get(COMMENT_FIELDS.versionId.key) ?? null)) {
      return refuse("INVALID_COMMENT", "That version id is not valid.");
    }
    if (after.values.get(COMMENT_KEYS.resolved) != null) {
      return refuse("INVALID_COMMENT", "A new comment starts open.");
    }
  } else {
    const refusal = checkMessageChange(before, after, writer, THREAD_VALUE_KEYS);
    if (refusal) return refusal;
    if (changedValues(before, after).includes(COMMENT_KEYS.resolved)) {
      const r = checkResolved(after.values.get(COMMENT_KEYS.resolved), writer);
      if (r) return r;
    }
  }
  return checkReplies(
    before?.maps.get(COMMENT_KEYS.replies) ?? null,
    after.maps.get(COMMENT_KEYS.replies) ?? null,
    writer,
  );
}

function checkReplies(
  before: MapSnapshot | null,
  after: MapSnapshot | null,
  writer: CommentWriter,
): WriteRefusal | null {
  if (before && (!after || before.typeId !== after.typeId)) {
    return refuse(
      "SHAPE_FORBIDDEN",
      "A thread's replies cannot be replaced or removed, only each reply by its author.",
    );
  }
  if (!after) return null;
  if (after.otherTypes.size > 0 || changedValues(before, after).length > 0) {
    return refuse("SHAPE_FORBIDDEN", "Every reply is a map of its fields.");
  }
  if (after.maps.size > LIMITS.commentRepliesMax && after.maps.size > (before?.maps.size ?? 0)) {
    return refuse("INVALID_COMMENT", `A thread holds at most ${LIMITS.commentRepliesMax} replies.`);
  }
  const ids = new Set([...(before?.maps.keys() ?? []), ...after.maps.keys()]);
  for (const id of ids) {
    const b = before?.maps.get(id) ?? null;
    const a = after.maps.get(id) ?? null;
    if (b && a && b.typeId !== a.typeId) {
      const r = checkDelete(b, writer, "reply") ?? checkNewReply(id, a, writer);
      if (r) return r;
    } else if (b && !a) {
      const r = checkDelete(b, writer, "reply");
      if (r) return r;
    } else if (!b && a) {
      const r = checkNewReply(id, a, writer);
      if (r) return r;
    } else if (b && a) {
      const r = checkMessageChange(b, a, writer, REPLY_VALUE_KEYS);
      if (r) return r;
    }
  }
  return null;
}

function checkNewReply(id: string, after: MapSnapshot, writer: CommentWriter): WriteRefusal | null {
  if (!isValidId(id)) return refuse("INVALID_COMMENT", "A reply id is 12..32 lower-case letters and digits.");
  return checkNewMessage(after, writer, REPLY_VALUE_KEYS);
}

function checkDelete(before: MapSnapshot, writer: CommentWriter, what: "comment" | "reply"): WriteRefusal | null {
  const authorId = before.values.get(COMMENT_FIELDS.authorId.key);
  if (writer.memberId !== null && authorId === writer.memberId) return null;
  return refuse("NOT_YOUR_COMMENT", `Only its author can delete this ${what}.`);
}

function checkNewMessage(after: MapSnapshot, writer: CommentWriter, allowed: ReadonlySet<string>): WriteRefusal | null {
  if (writer.memberId === null) {
    return refuse("NOT_A_MEMBER", "Join the session with a display name before commenting (reload the page).");
  }
  for (const key of after.values.keys()) {
    if (!allowed.has(key)) return refuse("SHAPE_FORBIDDEN", `A comment has no field "${key.slice(0, 40)}".`);
  }
  const v = (key: string) => after.values.get(key);
  if (v(COMMENT_FIELDS.authorId.key) !== writer.memberId) {
    return refuse("AUTHOR_MISMATCH", "A comment's author must be you (your member id in this session).");
  }
  const name = v(COMMENT_FIELDS.authorName.key);
  if (!COMMENT_FIELDS.authorName.isValid(name) || (writer.name !== null && name !== writer.name)) {
    return refuse("AUTHOR_MISMATCH", "A comment's author name must be the name you joined the session with.");
  }
  const fieldRefusal = checkEditableValues(after);
  if (fieldRefusal) return fieldRefusal;
  const createdAt = v(COMMENT_FIELDS.createdAt.key);
  if (typeof createdAt !== "number" || !Number.isFinite(createdAt) || createdAt < 0) {
    return refuse("INVALID_COMMENT", "A comment needs the time it was written.");
  }
  return checkStructure(null, after, writer);
}

function checkMessageChange(
  before: MapSnapshot,
  after: MapSnapshot,
  writer: CommentWriter,
  allowed: ReadonlySet<string>,
): WriteRefusal | null {
  const changed = changedValues(before, after);
  for (const key of changed) {
    if (!allowed.has(key)) return refuse("SHAPE_FORBIDDEN", `A comment has no field "${key.slice(0, 40)}".`);
    if (IMMUTABLE_KEYS.has(key)) {
      return refuse("IMMUTABLE_FIELD", "A comment's author, time, position and version never change.");
    }
  }
  if (changed.some((k) => AUTHOR_EDIT_KEYS.has(k))) {
    if (!isOwnMessage({ authorId: String(before.values.get(COMMENT_FIELDS.authorId.key)) }, writer.memberId)) {
      return refuse("NOT_YOUR_COMMENT", "Only its author can edit this comment.");
    }
    const r = checkEditableValues(after);
    if (r) return r;
  }
  return checkStructure(before, after, writer);
}

/** Text, mentions and editedAt as the operations write them (validate.ts, comments.ts). */
function checkEditableValues(after: MapSnapshot): WriteRefusal | null {
  const text = after.values.get(COMMENT_FIELDS.text.key);
  if (!COMMENT_FIELDS.text.isValid(text)) {
    return refuse("INVALID_COMMENT", `Comment text is 1..${LIMITS.commentTextMaxLength} characters.`);
  }
  if (!COMMENT_FIELDS.editedAt.isValid(after.values.get(COMMENT_FIELDS.editedAt.key) ?? null)) {
    return refuse("INVALID_COMMENT", "editedAt is a time or null.");
  }
  const mentions = after.values.get(COMMENT_KEYS.mentions) ?? [];
  if (
    !Array.isArray(mentions) ||
    mentions.length > LIMITS.commentMentionsMax ||
    !mentions.every(
      (m: unknown) =>
        typeof m === "object" &&
        m !== null &&
        isUserId((m as { userId?: unknown }).userId) &&
        COMMENT_FIELDS.authorName.isValid((m as { name?: unknown }).name),
    )
  ) {
    return refuse("INVALID_COMMENT", `Mentions are at most ${LIMITS.commentMentionsMax} session members.`);
  }
  return null;
}

function checkResolved(raw: unknown, writer: CommentWriter): WriteRefusal | null {
  if (raw === null || raw === undefined) return null;
  if (writer.memberId === null) return refuse("NOT_A_MEMBER", "Join the session with a display name first.");
  const r = raw as { byId?: unknown; byName?: unknown; at?: unknown };
  if (typeof raw !== "object" || r.byId !== writer.memberId) {
    return refuse("AUTHOR_MISMATCH", "A thread is resolved in your own name.");
  }
  if (!COMMENT_FIELDS.authorName.isValid(r.byName) || typeof r.at !== "number" || !Number.isFinite(r.at)) {
    return refuse("INVALID_COMMENT", "A resolve records who resolved the thread and when.");
  }
  return null;
}

/** The nested maps of a message: reactions (own keys only) and, for threads, replies (checked apart). */
function checkStructure(before: MapSnapshot | null, after: MapSnapshot, writer: CommentWriter): WriteRefusal | null {
  if (after.otherTypes.size > 0)
    return refuse("SHAPE_FORBIDDEN", "A comment holds only its fields, reactions and replies.");
  for (const key of after.maps.keys()) {
    if (key !== COMMENT_KEYS.reactions && key !== COMMENT_KEYS.replies) {
      return refuse("SHAPE_FORBIDDEN", `A comment has no part "${key.slice(0, 40)}".`);
    }
  }
  const b = before?.maps.get(COMMENT_KEYS.reactions) ?? null;
  const a = after.maps.get(COMMENT_KEYS.reactions) ?? null;
  if (b && (!a || a.typeId !== b.typeId)) {
    return refuse("SHAPE_FORBIDDEN", "A comment's reactions cannot be replaced, only each by its person.");
  }
  if (!a) return null;
  if (a.maps.size > 0 || a.otherTypes.size > 0) return refuse("SHAPE_FORBIDDEN", "A reaction is a plain value.");
  for (const key of changedValues(b, a)) {
    const sep = key.indexOf(":");
    const reaction = key.slice(0, sep);
    const userId = key.slice(sep + 1);
    if (sep < 0 || !isReaction(reaction)) return refuse("INVALID_COMMENT", "That reaction isn't one Bandspace offers.");
    if (writer.memberId === null || userId !== writer.memberId) {
      return refuse("AUTHOR_MISMATCH", "You can add or remove only your own reactions.");
    }
    const name = a.values.get(key);
    if (name !== undefined && !COMMENT_FIELDS.authorName.isValid(name)) {
      return refuse("INVALID_COMMENT", "A reaction records the name of who left it.");
    }
  }
  return null;
}
