import { io, type Socket } from "socket.io-client";
import {
  ErrorPayload,
  HelloReply,
  PROTOCOL_VERSION,
  RoleChanged,
  VersionEvent,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@bandspace/protocol";

export interface LiveSocketHandlers {
  onHello: (reply: HelloReply) => void;
  onError: (error: ErrorPayload) => void;
  /** The owner changed this member's role; the server already applies it to every connection. */
  onRoleChanged: (change: RoleChanged) => void;
  /** Someone saved or restored a version (or an autosave happened). */
  onVersion: (event: VersionEvent) => void;
}

export type LiveSocketClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveSocket {
  readonly socket: LiveSocketClient;
  /** True between a successful hello and the next disconnect (take events are accepted only then). */
  readonly ready: boolean;
  /** Called after every successful hello (first connect and each reconnect). */
  onReady: (cb: () => void) => () => void;
  close: () => void;
}

/**
 * The session's socket.io connection (same origin, `/socket.io`): says `hello` with the share token on every
 * (re)connect and reports the server's answer. Takes and their audio chunks travel here (app/lib/takes).
 */
export function openLiveSocket(
  sessionId: string,
  token: string,
  member: string,
  handlers: LiveSocketHandlers,
): LiveSocket {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    path: "/socket.io",
    autoConnect: false,
    reconnectionDelayMax: 5000,
  });
  socket.on("connect", () => {
    socket.emit("hello", { protocolVersion: PROTOCOL_VERSION, sessionId, token, member });
  });
  socket.on("version", (event: unknown) => {
    const parsed = VersionEvent.safeParse(event);
    if (parsed.success) handlers.onVersion(parsed.data);
  });
  socket.on("role", (change: unknown) => {
    const parsed = RoleChanged.safeParse(change);
    if (parsed.success) handlers.onRoleChanged(parsed.data);
  });
  let ready = false;
  const readyListeners = new Set<() => void>();
  socket.on("disconnect", () => {
    ready = false;
  });
  socket.on("hello", (reply: unknown) => {
    const parsed = HelloReply.safeParse(reply);
    if (!parsed.success) return;
    handlers.onHello(parsed.data);
    ready = true;
    for (const cb of readyListeners) cb();
  });
  socket.on("error", (payload: unknown) => {
    const parsed = ErrorPayload.safeParse(payload);
    handlers.onError(
      parsed.success ? parsed.data : { code: "INTERNAL", message: "The live connection reported a problem." },
    );
  });
  socket.connect();
  return {
    socket,
    get ready() {
      return ready;
    },
    onReady(cb) {
      readyListeners.add(cb);
      return () => readyListeners.delete(cb);
    },
    close() {
      readyListeners.clear();
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
