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
 * 100 is Bandspace's own: the server tells a writer the state vector that is now durably stored,
 * so the client can show "saved" and tests can tell an acknowledged edit from an unacknowledged one.
 */
export const YMessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  persisted: 100,
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
  /** transient: the client reconnects */
  serverError: 4500,
  shuttingDown: 4503,
} as const;

/** Sent in a y-protocols auth "permission denied" message to a connection that may not write this doc. */
export const READ_ONLY_REASON = "read-only: your link may not change this document";

/** Largest single Yjs message the server accepts (bytes). */
export const MAX_YJS_MESSAGE_BYTES = 2 * 1024 * 1024;
