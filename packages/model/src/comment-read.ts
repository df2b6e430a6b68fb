import * as Y from "yjs";
import { coerceAnchor, type CommentAnchor } from "./comment-anchor";
import { COMMENT_FIELDS, coerceSingleLine } from "./fields";
import { isValidId } from "./ids";
import { LIMITS } from "./schema";
import type { EntityMap } from "./roots";

/** The reactions people can leave (stored by name; the UI draws the emoji). */
export const COMMENT_REACTIONS = ["thumbs-up", "heart", "fire", "bullseye", "laugh", "eyes"] as const;
export type CommentReaction = (typeof COMMENT_REACTIONS)[number];
export const REACTION_EMOJI: Record<CommentReaction, string> = {
  "thumbs-up": "👍",
  heart: "❤️",
  fire: "🔥",
  bullseye: "🎯",
  laugh: "😂",
  eyes: "👀",
};

export const COMMENT_KEYS = {
  anchor: "anchor",
  mentions: "mentions",
  resolved: "resolved",
  reactions: "reactions",
  replies: "replies",
} as const;

export interface CommentMention {
  userId: string;
  name: string;
}

/** One reaction and who left it, in a stable order. */
export interface ReactionSummary {
  reaction: CommentReaction;
  people: { userId: string; name: string }[];
}

export interface CommentMessage {
  id: string;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: number;
  editedAt: number | null;
  mentions: CommentMention[];
  reactions: ReactionSummary[];
}

export interface CommentThread extends CommentMessage {
  /** Null only for a v1 comment (seconds, see `legacyAtSeconds`). */
  anchor: CommentAnchor | null;
  /** v1 comments pointed at seconds; the UI converts with the tempo map. */
  legacyAtSeconds: number | null;
  versionId: string | null;
  resolved: { byId: string; byName: string; at: number } | null;
  /** Oldest first. */
  replies: CommentMessage[];
}

const USER_ID = /^[A-Za-z0-9_-]{8,64}$/;
export const isUserId = (raw: unknown): raw is string => typeof raw === "string" && USER_ID.test(raw);
export const isReaction = (raw: unknown): raw is CommentReaction =>
  typeof raw === "string" && (COMMENT_REACTIONS as readonly string[]).includes(raw);

const byTimeThenId = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }) =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function readMentions(raw: unknown): CommentMention[] {
  if (!Array.isArray(raw)) return [];
  const out: CommentMention[] = [];
  for (const m of raw.slice(0, LIMITS.commentMentionsMax)) {
    if (typeof m !== "object" || m === null) continue;
    const { userId, name } = m as Record<string, unknown>;
    if (!isUserId(userId) || out.some((x) => x.userId === userId)) continue;
    out.push({ userId, name: coerceSingleLine(name, LIMITS.authorNameMaxLength, "Someone") });
  }
  return out;
}

function readReactions(raw: unknown): ReactionSummary[] {
  if (!(raw instanceof Y.Map)) return [];
  const by = new Map<CommentReaction, { userId: string; name: string }[]>();
  (raw as Y.Map<unknown>).forEach((name, key) => {
    const sep = key.indexOf(":");
    const reaction = key.slice(0, sep);
    const userId = key.slice(sep + 1);
    if (sep < 0 || !isReaction(reaction) || !isUserId(userId)) return;
    const list = by.get(reaction) ?? [];
    list.push({ userId, name: coerceSingleLine(name, LIMITS.authorNameMaxLength, "Someone") });
    by.set(reaction, list);
  });
  return COMMENT_REACTIONS.filter((r) => by.has(r)).map((reaction) => ({
    reaction,
    people: by.get(reaction)!.sort((a, b) => (a.userId < b.userId ? -1 : 1)),
  }));
}

/** Null when the entry cannot be shown (not a Y.Map, or no text). */
export function readMessage(id: string, value: unknown): CommentMessage | null {
  if (!(value instanceof Y.Map)) return null;
  const map = value as EntityMap;
  const text = COMMENT_FIELDS.text.coerce(map.get(COMMENT_FIELDS.text.key));
  if (text === "") return null;
  return {
    id,
    authorId: COMMENT_FIELDS.authorId.coerce(map.get(COMMENT_FIELDS.authorId.key)),
    authorName: COMMENT_FIELDS.authorName.coerce(map.get(COMMENT_FIELDS.authorName.key)),
    text,
    createdAt: COMMENT_FIELDS.createdAt.coerce(map.get(COMMENT_FIELDS.createdAt.key)),
    editedAt: COMMENT_FIELDS.editedAt.coerce(map.get(COMMENT_FIELDS.editedAt.key)),
    mentions: readMentions(map.get(COMMENT_KEYS.mentions)),
    reactions: readReactions(map.get(COMMENT_KEYS.reactions)),
  };
}

function readResolved(raw: unknown): CommentThread["resolved"] {
  if (typeof raw !== "object" || raw === null) return null;
  const { byId, byName, at } = raw as Record<string, unknown>;
  if (typeof at !== "number" || !Number.isFinite(at) || at < 0) return null;
  return {
    byId: isUserId(byId) ? byId : "",
    byName: coerceSingleLine(byName, LIMITS.authorNameMaxLength, "Someone"),
    at,
  };
}

export function readThread(id: string, value: unknown): CommentThread | null {
  const message = readMessage(id, value);
  if (!message) return null;
  const map = value as EntityMap;
  const anchor = coerceAnchor(map.get(COMMENT_KEYS.anchor));
  const rawSeconds = map.get(COMMENT_FIELDS.atSeconds.key);
  const legacyAtSeconds = anchor === null ? COMMENT_FIELDS.atSeconds.coerce(rawSeconds) : null;
  const replies: CommentMessage[] = [];
  const repliesMap = map.get(COMMENT_KEYS.replies);
  if (repliesMap instanceof Y.Map) {
    (repliesMap as Y.Map<unknown>).forEach((v, replyId) => {
      if (!isValidId(replyId)) return;
      const reply = readMessage(replyId, v);
      if (reply) replies.push(reply);
    });
  }
  return {
    ...message,
    anchor,
    legacyAtSeconds,
    versionId: COMMENT_FIELDS.versionId.coerce(map.get(COMMENT_FIELDS.versionId.key)),
    resolved: readResolved(map.get(COMMENT_KEYS.resolved)),
    replies: replies.sort(byTimeThenId),
  };
}

export { byTimeThenId };
