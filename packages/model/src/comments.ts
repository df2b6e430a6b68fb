import * as Y from "yjs";
import { ModelError } from "./errors";
import { COMMENT_FIELDS } from "./fields";
import { randomId } from "./ids";
import { transactAs, type Origin } from "./origin";
import { commentsMap, metaMap, type EntityMap } from "./roots";
import { COMMENTS_SCHEMA_VERSION, META_KEYS } from "./schema";
import { validateAuthorName, validateCommentText, validateCommentTime } from "./validate";

/**
 * Comments live in their own Y.Doc per session (DocKind "comments"), so the server can let comment-role links
 * write that doc and nothing else. Layout: `comments` Y.Map commentId → Y.Map { authorName, text, atSeconds,
 * createdAt } — a Y.Map per comment so later fields (resolved, replies) merge field by field.
 */
export interface CommentRecord {
  id: string;
  authorName: string;
  text: string;
  /** Timeline position in seconds from the song start. */
  atSeconds: number;
  /** Milliseconds since the Unix epoch (writer's clock). */
  createdAt: number;
}

export interface AddCommentInit {
  authorName: string;
  text: string;
  atSeconds: number;
}

/** Records the comments doc's schema version (idempotent; call after the first sync). */
export function initCommentsDoc(doc: Y.Doc, origin: Origin = { kind: "migration" }): void {
  const raw = metaMap(doc).get(META_KEYS.schemaVersion);
  if (typeof raw === "number" && raw > COMMENTS_SCHEMA_VERSION) {
    throw new ModelError(
      "SCHEMA_TOO_NEW",
      "These comments were saved by a newer version of Bandspace. Reload the page to get the latest version.",
    );
  }
  if (raw === COMMENTS_SCHEMA_VERSION) return;
  transactAs(doc, origin, () => metaMap(doc).set(META_KEYS.schemaVersion, COMMENTS_SCHEMA_VERSION));
}

/** Null when the entry cannot be shown (not a Y.Map, or no text). */
function readComment(id: string, value: unknown): CommentRecord | null {
  if (!(value instanceof Y.Map)) return null;
  const map = value as EntityMap;
  const text = COMMENT_FIELDS.text.coerce(map.get(COMMENT_FIELDS.text.key));
  if (text === "") return null;
  return {
    id,
    authorName: COMMENT_FIELDS.authorName.coerce(map.get(COMMENT_FIELDS.authorName.key)),
    text,
    atSeconds: COMMENT_FIELDS.atSeconds.coerce(map.get(COMMENT_FIELDS.atSeconds.key)),
    createdAt: COMMENT_FIELDS.createdAt.coerce(map.get(COMMENT_FIELDS.createdAt.key)),
  };
}

/** All comments, oldest first (createdAt, then id — identical on every peer). */
export function listComments(doc: Y.Doc): CommentRecord[] {
  const comments: CommentRecord[] = [];
  commentsMap(doc).forEach((value, id) => {
    const comment = readComment(id, value);
    if (comment) comments.push(comment);
  });
  return comments.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function addComment(doc: Y.Doc, init: AddCommentInit, origin: Origin): CommentRecord {
  const options = (init ?? {}) as Partial<AddCommentInit>;
  const text = validateCommentText(options.text);
  const authorName = validateAuthorName(options.authorName);
  const atSeconds = validateCommentTime(options.atSeconds);
  const id = randomId();
  const createdAt = Date.now();
  transactAs(doc, origin, () => {
    const map: EntityMap = new Y.Map<unknown>();
    commentsMap(doc).set(id, map);
    map.set(COMMENT_FIELDS.authorName.key, authorName);
    map.set(COMMENT_FIELDS.text.key, text);
    map.set(COMMENT_FIELDS.atSeconds.key, atSeconds);
    map.set(COMMENT_FIELDS.createdAt.key, createdAt);
  });
  return { id, authorName, text, atSeconds, createdAt };
}

/** Calls `onChange` once after every transaction that changed the comments. Returns the unsubscribe function. */
export function observeComments(doc: Y.Doc, onChange: () => void): () => void {
  const comments = commentsMap(doc);
  const handler = () => onChange();
  comments.observeDeep(handler);
  return () => comments.unobserveDeep(handler);
}
