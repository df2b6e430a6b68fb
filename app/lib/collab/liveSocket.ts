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
  onHello(reply: HelloReply): void;
  onError(error: ErrorPayload): void;
  /** The owner changed this member's role; the server already applies it to every connection. */
  onRoleChanged(change: RoleChanged): void;
  /** Someone saved or restored a version (or an autosave happened). */
  onVersion(event: VersionEvent): void;
}

/**
 * The session's socket.io connection (same origin, `/socket.io`): says `hello` with the share token on every
 * (re)connect and reports the server's answer. Takes and audio chunks will travel here in later versions.
 */
export function openLiveSocket(sessionId: string, token: string, member: string, handlers: LiveSocketHandlers): { close(): void } {
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
  socket.on("hello", (reply: unknown) => {
    const parsed = HelloReply.safeParse(reply);
    if (parsed.success) handlers.onHello(parsed.data);
  });
  socket.on("error", (payload: unknown) => {
    const parsed = ErrorPayload.safeParse(payload);
    handlers.onError(parsed.success ? parsed.data : { code: "INTERNAL", message: "The live connection reported a problem." });
  });
  socket.connect();
  return {
    close() {
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
