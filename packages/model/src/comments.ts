import * as Y from "yjs";
import { validateAnchor, type AnchorTargets, type CommentAnchorInit } from "./comment-anchor";
import {
  COMMENT_KEYS,
  byTimeThenId,
  isReaction,
  isUserId,
  readMessage,
  readThread,
  type CommentMention,
  type CommentMessage,
  type CommentReaction,
  type CommentThread,
} from "./comment-read";
import { ModelError } from "./errors";
import { COMMENT_FIELDS } from "./fields";
import { isValidId, randomId } from "./ids";
import { transactAs, type Origin } from "./origin";
import { commentsMap, entityAt, metaMap, type EntityMap } from "./roots";
import { COMMENTS_SCHEMA_VERSION, LIMITS, META_KEYS } from "./schema";
import { validateAuthorName, validateCommentText } from "./validate";

/**
 * Timeline comments live in their own Y.Doc per session (DocKind "comments"), so the server lets comment-role
 * links write that doc and nothing else. One Y.Map per thread (root comment) with its replies and reactions
 * as nested Y.Maps, so concurrent replies, reactions and a resolve all merge. Layout: schema.ts.
 */

/** Who is acting: the browser's user id (presence) and display name. */
export interface CommentAuthor {
  userId: string;
  name: string;
}

export interface AddCommentInit {
  author: CommentAuthor;
  text: string;
  anchor: CommentAnchorInit;
  mentions?: CommentMention[];
  /** The saved version the comment was made on, if any. */
  versionId?: string | null;
}

export interface AddReplyInit {
  author: CommentAuthor;
  text: string;
  mentions?: CommentMention[];
}

// ── validation ──────────────────────────────────────────────────────────────────────────────────────────

function validateAuthor(raw: unknown): CommentAuthor {
  const a = (typeof raw === "object" && raw !== null ? raw : {}) as Partial<CommentAuthor>;
  if (!isUserId(a.userId)) {
    throw new ModelError(
      "INVALID_AUTHOR_ID",
      "This browser has no valid identity to comment with. Reload the page and try again.",
    );
  }
  return { userId: a.userId, name: validateAuthorName(a.name) };
}

function validateMentions(raw: unknown): CommentMention[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new ModelError("INVALID_MENTION", "Mentions must be a list of session members.");
  if (raw.length > LIMITS.commentMentionsMax) {
    throw new ModelError("INVALID_MENTION", `A comment can mention at most ${LIMITS.commentMentionsMax} people.`);
  }
  const out: CommentMention[] = [];
  for (const m of raw) {
    const { userId, name } = (typeof m === "object" && m !== null ? m : {}) as Partial<CommentMention>;
    if (!isUserId(userId)) throw new ModelError("INVALID_MENTION", "A mention must name a session member.");
    if (!out.some((x) => x.userId === userId)) out.push({ userId, name: validateAuthorName(name) });
  }
  return out;
}

function validateVersionId(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (!COMMENT_FIELDS.versionId.isValid(raw)) {
    throw new ModelError("INVALID_VERSION_ID", "That version id is not valid (1..64 letters, digits, - or _).");
  }
  return raw;
}

function threadMap(doc: Y.Doc, threadId: unknown): EntityMap {
  const map = typeof threadId === "string" && isValidId(threadId) ? entityAt(commentsMap(doc), threadId) : null;
  if (!map || !readThread(threadId as string, map)) {
    throw new ModelError("COMMENT_NOT_FOUND", "That comment was deleted by someone else.");
  }
  return map;
}

function childMap(parent: EntityMap, key: string): Y.Map<unknown> | null {
  const value = parent.get(key);
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : null;
}

function replyMap(thread: EntityMap, replyId: unknown): EntityMap {
  const replies = childMap(thread, COMMENT_KEYS.replies);
  const map = replies && typeof replyId === "string" && isValidId(replyId) ? entityAt(replies, replyId) : null;
  if (!map || !readMessage(replyId as string, map))
    throw new ModelError("COMMENT_NOT_FOUND", "That reply was deleted by someone else.");
  return map;
}

// ── operations ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Records the comments doc's schema version (call after the first sync, writers only). From v1, gives old
 * comments their replies/reactions maps so two peers' first replies never race to create them.
 */
export function initCommentsDoc(doc: Y.Doc, origin: Origin = { kind: "migration" }): void {
  const raw = metaMap(doc).get(META_KEYS.schemaVersion);
  if (typeof raw === "number" && raw > COMMENTS_SCHEMA_VERSION) {
    throw new ModelError(
      "SCHEMA_TOO_NEW",
      "These comments were saved by a newer version of Bandspace. Reload the page to get the latest version.",
    );
  }
  if (raw === COMMENTS_SCHEMA_VERSION) return;
  transactAs(doc, origin, () => {
    commentsMap(doc).forEach((value) => {
      if (!(value instanceof Y.Map)) return;
      const map = value as EntityMap;
      if (!childMap(map, COMMENT_KEYS.replies)) map.set(COMMENT_KEYS.replies, new Y.Map());
      if (!childMap(map, COMMENT_KEYS.reactions)) map.set(COMMENT_KEYS.reactions, new Y.Map());
    });
    metaMap(doc).set(META_KEYS.schemaVersion, COMMENTS_SCHEMA_VERSION);
  });
}

/** A new thread pinned to the timeline. `targets` (anchorTargetsOf(songDoc)) checks the track or clip exists. */
export function addComment(doc: Y.Doc, init: AddCommentInit, targets: AnchorTargets, origin: Origin): CommentThread {
  const options = (init ?? {}) as Partial<AddCommentInit>;
  const text = validateCommentText(options.text);
  const author = validateAuthor(options.author);
  const anchor = validateAnchor(options.anchor, targets);
  const mentions = validateMentions(options.mentions);
  const versionId = validateVersionId(options.versionId);
  const id = randomId();
  const createdAt = Date.now();
  transactAs(doc, origin, () => {
    const map: EntityMap = new Y.Map<unknown>();
    commentsMap(doc).set(id, map);
    map.set(COMMENT_FIELDS.authorId.key, author.userId);
    map.set(COMMENT_FIELDS.authorName.key, author.name);
    map.set(COMMENT_FIELDS.text.key, text);
    map.set(COMMENT_FIELDS.createdAt.key, createdAt);
    map.set(COMMENT_FIELDS.editedAt.key, null);
    map.set(COMMENT_FIELDS.versionId.key, versionId);
    map.set(COMMENT_KEYS.anchor, anchor);
    map.set(COMMENT_KEYS.mentions, mentions);
    map.set(COMMENT_KEYS.resolved, null);
    map.set(COMMENT_KEYS.reactions, new Y.Map());
    map.set(COMMENT_KEYS.replies, new Y.Map());
  });
  return readThread(id, commentsMap(doc).get(id))!;
}

export function addReply(doc: Y.Doc, threadId: string, init: AddReplyInit, origin: Origin): CommentMessage {
  const options = (init ?? {}) as Partial<AddReplyInit>;
  const text = validateCommentText(options.text);
  const author = validateAuthor(options.author);
  const mentions = validateMentions(options.mentions);
  const thread = threadMap(doc, threadId);
  const existing = childMap(thread, COMMENT_KEYS.replies);
  if (existing && existing.size >= LIMITS.commentRepliesMax) {
    throw new ModelError(
      "TOO_MANY_REPLIES",
      `This thread already has ${LIMITS.commentRepliesMax} replies. Start a new comment instead.`,
    );
  }
  const id = randomId();
  const createdAt = Date.now();
  transactAs(doc, origin, () => {
    let replies = existing;
    if (!replies) {
      replies = new Y.Map<unknown>();
      thread.set(COMMENT_KEYS.replies, replies);
    }
    const map: EntityMap = new Y.Map<unknown>();
    replies.set(id, map);
    map.set(COMMENT_FIELDS.authorId.key, author.userId);
    map.set(COMMENT_FIELDS.authorName.key, author.name);
    map.set(COMMENT_FIELDS.text.key, text);
    map.set(COMMENT_FIELDS.createdAt.key, createdAt);
    map.set(COMMENT_FIELDS.editedAt.key, null);
    map.set(COMMENT_KEYS.mentions, mentions);
    map.set(COMMENT_KEYS.reactions, new Y.Map());
  });
  return readMessage(id, childMap(thread, COMMENT_KEYS.replies)!.get(id))!;
}

/** New text (and mentions) for a thread's first comment (`replyId` null) or one reply. */
export function editCommentText(
  doc: Y.Doc,
  target: { threadId: string; replyId?: string | null },
  text: string,
  mentions: CommentMention[] | undefined,
  origin: Origin,
): void {
  const valid = validateCommentText(text);
  const validMentions = validateMentions(mentions);
  const thread = threadMap(doc, target.threadId);
  const map = target.replyId ? replyMap(thread, target.replyId) : thread;
  const now = Date.now();
  transactAs(doc, origin, () => {
    map.set(COMMENT_FIELDS.text.key, valid);
    map.set(COMMENT_KEYS.mentions, validMentions);
    map.set(COMMENT_FIELDS.editedAt.key, now);
  });
}

/** Deletes a whole thread (with its replies). */
export function deleteComment(doc: Y.Doc, threadId: string, origin: Origin): void {
  threadMap(doc, threadId);
  transactAs(doc, origin, () => commentsMap(doc).delete(threadId));
}

export function deleteReply(doc: Y.Doc, threadId: string, replyId: string, origin: Origin): void {
  const thread = threadMap(doc, threadId);
  replyMap(thread, replyId);
  transactAs(doc, origin, () => childMap(thread, COMMENT_KEYS.replies)!.delete(replyId));
}

/** Resolve (true) or reopen (false) a thread. Repeating the current state writes nothing. */
export function setCommentResolved(
  doc: Y.Doc,
  threadId: string,
  resolved: boolean,
  by: CommentAuthor,
  origin: Origin,
): void {
  const author = validateAuthor(by);
  const thread = threadMap(doc, threadId);
  const current = readThread(threadId, thread)!.resolved;
  if ((current !== null) === resolved) return;
  transactAs(doc, origin, () =>
    thread.set(COMMENT_KEYS.resolved, resolved ? { byId: author.userId, byName: author.name, at: Date.now() } : null),
  );
}

/** Adds this person's reaction, or removes it if they had left it. Returns whether it is now on. */
export function toggleCommentReaction(
  doc: Y.Doc,
  target: { threadId: string; replyId?: string | null },
  reaction: CommentReaction,
  by: CommentAuthor,
  origin: Origin,
): boolean {
  if (!isReaction(reaction)) throw new ModelError("INVALID_REACTION", "That reaction isn't one Bandspace offers.");
  const author = validateAuthor(by);
  const thread = threadMap(doc, target.threadId);
  const map = target.replyId ? replyMap(thread, target.replyId) : thread;
  const key = `${reaction}:${author.userId}`;
  const existing = childMap(map, COMMENT_KEYS.reactions);
  const on = !(existing?.has(key) ?? false);
  transactAs(doc, origin, () => {
    let reactions = existing;
    if (!reactions) {
      reactions = new Y.Map<unknown>();
      map.set(COMMENT_KEYS.reactions, reactions);
    }
    if (on) reactions.set(key, author.name);
    else reactions.delete(key);
  });
  return on;
}

// ── reading ────────────────────────────────────────────────────────────────────────────────────────────

/** All threads, oldest first (createdAt, then id — identical on every peer). Unreadable entries are skipped. */
export function listComments(doc: Y.Doc): CommentThread[] {
  const threads: CommentThread[] = [];
  commentsMap(doc).forEach((value, id) => {
    const thread = readThread(id, value);
    if (thread) threads.push(thread);
  });
  return threads.sort(byTimeThenId);
}

export function getComment(doc: Y.Doc, threadId: string): CommentThread | null {
  return readThread(threadId, commentsMap(doc).get(threadId));
}

/** Calls `onChange` once after every transaction that changed the comments. Returns the unsubscribe function. */
export function observeComments(doc: Y.Doc, onChange: () => void): () => void {
  const comments = commentsMap(doc);
  const handler = () => onChange();
  comments.observeDeep(handler);
  return () => comments.unobserveDeep(handler);
}

export type CommentFilter = "all" | "open" | "resolved" | "mine";

/** "mine": threads I started, replied to, or where I am mentioned. */
export function filterComments(
  threads: readonly CommentThread[],
  filter: CommentFilter,
  userId: string,
): CommentThread[] {
  switch (filter) {
    case "open":
      return threads.filter((t) => t.resolved === null);
    case "resolved":
      return threads.filter((t) => t.resolved !== null);
    case "mine":
      return threads.filter(
        (t) =>
          t.authorId === userId ||
          t.mentions.some((m) => m.userId === userId) ||
          t.replies.some((r) => r.authorId === userId || r.mentions.some((m) => m.userId === userId)),
      );
    default:
      return [...threads];
  }
}

/** Comments and replies by other people written after `seenAt` (ms) — the "unread" badge. */
export function countUnread(threads: readonly CommentThread[], userId: string, seenAt: number): number {
  let n = 0;
  for (const t of threads) {
    if (t.authorId !== userId && t.createdAt > seenAt) n++;
    for (const r of t.replies) if (r.authorId !== userId && r.createdAt > seenAt) n++;
  }
  return n;
}

/** The newest createdAt among all comments and replies (what "mark all as read" records). */
export function latestCommentTime(threads: readonly CommentThread[]): number {
  let latest = 0;
  for (const t of threads) {
    latest = Math.max(latest, t.createdAt);
    for (const r of t.replies) latest = Math.max(latest, r.createdAt);
  }
  return latest;
}
