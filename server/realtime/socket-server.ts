import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import {
  BandspaceError,
  PROTOCOL_VERSION,
  type ClientEventHandler,
  type ClientEventHandlers,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@bandspace/protocol";
import { authenticateToken, type AuthDeps } from "../auth/authenticate";
import type { LiveConnections } from "../auth/live-connections";
import { takeEventHandlers, trackRelayQueue } from "../takes/socket-handlers";
import type { TakeService } from "../takes/take-service";
import { registerClientEvents, type BandServer, type BandSocket, type SocketData } from "./client-events";

/** A client that has not said a valid hello by then is disconnected. */
const HELLO_TIMEOUT_MS = 10_000;

export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}

/**
 * socket.io: the real-time channel for audio (takes: server/takes/socket-handlers.ts). Every client event is
 * declared in the protocol's table and registered from it (./client-events.ts): a client starts with `hello`
 * carrying the protocol version and its share token, and is answered `hello` with its role, or `error` with a code
 * and a message and disconnected.
 */
export function createSocketServer(
  httpServer: HttpServer,
  auth: AuthDeps,
  live: LiveConnections,
  takes: TakeService,
  relayMaxQueuedPackets?: number,
): BandServer {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    path: "/socket.io",
    serveClient: false,
    // The Yjs upgrade authenticates asynchronously; socket.io must not end upgrades it does not own.
    destroyUpgrade: false,
    // Room for a 1 s take chunk at 96 kHz stereo float (768 kB) plus framing.
    maxHttpBufferSize: 1_000_000,
  });
  const handlers = clientEventHandlers(auth, live, takes, relayMaxQueuedPackets);
  io.on("connection", (socket: BandSocket) => registerClientEvents(socket, handlers, HELLO_TIMEOUT_MS));
  return io;
}

/** The server's side of the protocol's event table: one handler per client event (the type enforces it). */
export function clientEventHandlers(
  auth: AuthDeps,
  live: LiveConnections,
  takes: TakeService,
  relayMaxQueuedPackets?: number,
): ClientEventHandlers<BandSocket> {
  return { hello: helloHandler(auth, live, relayMaxQueuedPackets), ...takeEventHandlers(takes) };
}

/**
 * Authenticates the share token (and member secret), files the connection under its link so revocation, expiry
 * and role changes reach it, joins the session's room and answers `hello` with the role.
 */
function helloHandler(
  auth: AuthDeps,
  live: LiveConnections,
  relayMaxQueuedPackets?: number,
): ClientEventHandler<"hello", BandSocket> {
  return {
    internalError: "The server could not check your link. Try again.",
    async handle(socket, hello) {
      const principal = await authenticateToken(auth, hello.token, hello.sessionId, hello.member);
      if (!socket.connected) return;
      const unregister = live.register(
        principal.linkId,
        (reason) => {
          socket.emit("error", { code: "LINK_REVOKED", message: reason });
          socket.disconnect(true);
        },
        {
          memberKey: principal.memberKey,
          expiresAt: principal.linkExpiresAt,
          onExpired: (reason) => {
            socket.emit("error", { code: "LINK_EXPIRED", message: reason });
            socket.disconnect(true);
          },
          onRoleChange: (role) => {
            // Every later event is checked against socket.data.principal.role.
            socket.data.principal = { ...principal, role };
            socket.emit("role", { role });
          },
        },
      );
      if (!unregister) throw new BandspaceError("LINK_REVOKED", "This share link was revoked by the session owner.");
      socket.on("disconnect", unregister);
      socket.data.principal = principal;
      trackRelayQueue(socket, relayMaxQueuedPackets);
      await socket.join(sessionRoom(principal.sessionId));
      socket.emit("hello", {
        protocolVersion: PROTOCOL_VERSION,
        sessionId: principal.sessionId,
        role: principal.role,
        linkId: principal.linkId,
      });
    },
  };
}
