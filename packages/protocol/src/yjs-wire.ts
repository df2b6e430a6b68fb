import { DocKind, type DocKind as DocKindT } from "./roles";
import { SessionId } from "./ids";

/**
 * The Yjs endpoint: `ws(s)://host/yjs/<sessionId>/<docKind>?token=<shareToken>`.
 * A y-websocket `WebsocketProvider` is created with serverUrl `…/yjs` and roomname `<sessionId>/<docKind>`.
 */
export const YJS_PATH_PREFIX = "/yjs";

export function yjsRoomName(sessionId: string, doc: DocKindT): string {
  return `${sessionId}/${doc}`;
}

/** Parses `/yjs/<sessionId>/<docKind>`; returns null for anything else. */
export function parseYjsPath(pathname: string): { sessionId: string; doc: DocKindT } | null {
  const m = /^\/yjs\/([^/]+)\/([^/]+)$/.exec(pathname);
  if (!m) return null;
  const sid = SessionId.safeParse(m[1]);
  const doc = DocKind.safeParse(m[2]);
  if (!sid.success || !doc.success) return null;
  return { sessionId: sid.data, doc: doc.data };
}

/**
 * y-websocket message types. 0–3 are the standard protocol (sync, awareness, auth, query awareness).
 * 100 is Bandspace's own "persisted" acknowledgement, sent to a writer after a durable write:
 * `varUint(100) varUint8Array(stateVector) varUint(writeCount)` — the stored state vector, and how many
 * of this connection's write messages (see isYjsWriteMessage) are durable. A client that counts the
 * write messages it sent on this socket knows exactly when all of its edits are saved (deletions
 * included, which a state vector alone does not show).
 */
export const YMessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  persisted: 100,
  /**
   * Bandspace's own "refused" message, sent to a writer whose update broke a document rule (issue #16):
   * `varUint(101) varString(code) varString(message)`. Nothing of that update was applied. It still counts
   * as a settled write message in the "persisted" count (it will never be stored), so the client's save
   * status does not wait for it forever; the client shows the message.
   */
  refused: 101,
} as const;

/**
 * WebSocket close codes. 4400–4499 are terminal: y-websocket 3 does not reconnect after them
 * (the reason string is the human message).
 */
export const YCloseCode = {
  badRequest: 4400,
  invalidToken: 4401,
  linkRevoked: 4403,
  sessionNotFound: 4404,
  tooLarge: 4413,
  /** A connection that keeps sending presence it may not send (other people's, oversized, too fast). */
  abuse: 4429,
  /** transient: the client reconnects */
  serverError: 4500,
  /**
   * The node is shutting down (SIGTERM, a rolling deploy): WebSocket's own 1012 "service restart", which
   * y-websocket treats as transient — it reconnects (through the balancer, to another node) and its sync
   * step 2 resends every edit that node had not stored.
   */
  shuttingDown: 1012,
} as const;

/** Sent in a y-protocols auth "permission denied" message to a connection that may not write this doc. */
export const READ_ONLY_REASON = "read-only: your link may not change this document";

/** Largest single Yjs message the server accepts from a connection that may not write the document (bytes). */
export const MAX_YJS_MESSAGE_BYTES = 2 * 1024 * 1024;

/**
 * Largest single Yjs message from an authenticated writer: the whole offline state of a client is sent in
 * one sync step 2 on reconnect, so this bounds the offline work that can be saved in one go (a 20 MB MIDI
 * import fits several times). `ws` checks it from the frame header before buffering, so it is also the most
 * memory one connection can make the server hold for a message.
 */
export const MAX_YJS_WRITER_MESSAGE_BYTES = 96 * 1024 * 1024;

/** Presence limits per connection (issue #16). */
export const PRESENCE_LIMITS = {
  /** Largest presence state of one client id, as JSON (bytes). */
  stateBytes: 4096,
  /** Awareness client ids one connection may introduce (a tab uses one; a doc may re-pick its id). */
  clientIdsPerConnection: 4,
  /** Presence messages per second a connection may send on average, and in a burst. */
  ratePerSecond: 20,
  burst: 40,
  /** Dropped presence messages (or entries) within `abuseWindowMs` that end the connection (YCloseCode.abuse). */
  abuseThreshold: 50,
  abuseWindowMs: 10_000,
} as const;

/**
 * True for a client→server message that asks to change the document: sync step 2 or update.
 * (Message and sync types below 128 are one byte each in lib0's varUint encoding.)
 */
export function isYjsWriteMessage(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === YMessageType.sync && (data[1] === 1 || data[1] === 2);
}
