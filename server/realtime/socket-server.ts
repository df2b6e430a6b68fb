import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import {
  BandspaceError,
  HelloRequest,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type ErrorPayload,
  type ServerToClientEvents,
} from "@bandspace/protocol";
import { authenticateToken, type AuthDeps, type Principal } from "../auth/authenticate";
import type { LiveConnections } from "../auth/live-connections";
import { log } from "../log";
import { registerTakeHandlers } from "../takes/socket-handlers";
import type { TakeService } from "../takes/take-service";

type BandSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal?: Principal }>;

/** A client that has not said a valid hello by then is disconnected. */
const HELLO_TIMEOUT_MS = 10_000;

export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}

/**
 * socket.io: the real-time channel for audio (takes: server/takes/socket-handlers.ts). Every client
 * starts with a zod-validated `hello` carrying the protocol version and its share token; the server
 * answers `hello` with the role, or `error` with a code and a message and disconnects.
 */
export function createSocketServer(httpServer: HttpServer, auth: AuthDeps, live: LiveConnections, takes?: TakeService) {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal?: Principal }>(
    httpServer,
    {
      path: "/socket.io",
      serveClient: false,
      // The Yjs upgrade authenticates asynchronously; socket.io must not end upgrades it does not own.
      destroyUpgrade: false,
      // Room for a 1 s take chunk at 96 kHz stereo float (768 kB) plus framing.
      maxHttpBufferSize: 1_000_000,
    },
  );

  io.on("connection", (socket: BandSocket) => {
    const fail = (error: ErrorPayload) => {
      socket.emit("error", error);
      socket.disconnect(true);
    };
    const helloTimer = setTimeout(
      () => fail({ code: "BAD_REQUEST", message: "No hello received: update or reload the page." }),
      HELLO_TIMEOUT_MS,
    );
    socket.once("hello", (raw: unknown) => {
      clearTimeout(helloTimer);
      void handleHello(socket, raw).catch((err) => {
        const e =
          err instanceof BandspaceError
            ? err
            : new BandspaceError("INTERNAL", "The server could not check your link. Try again.");
        if (e.code === "INTERNAL") log.error("socket hello failed", { err: String(err) });
        fail(e.toPayload());
      });
    });
    socket.onAny((event: string) => {
      if (event !== "hello" && !socket.data.principal) {
        fail({ code: "BAD_REQUEST", message: `"${event}" before hello: say hello first.` });
      }
    });
  });

  async function handleHello(socket: BandSocket, raw: unknown): Promise<void> {
    const version = (raw as { protocolVersion?: unknown } | null)?.protocolVersion;
    if (typeof version === "number" && version !== PROTOCOL_VERSION) {
      throw new BandspaceError(
        "PROTOCOL_VERSION_MISMATCH",
        version < PROTOCOL_VERSION
          ? "This page is older than the server: reload the page."
          : "The server is older than this page: ask the host to update Bandspace.",
      );
    }
    const parsed = HelloRequest.safeParse(raw);
    if (!parsed.success) {
      throw new BandspaceError(
        "MALFORMED_MESSAGE",
        `Invalid hello: ${parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ")}`,
      );
    }
    const principal = await authenticateToken(auth, parsed.data.token, parsed.data.sessionId, parsed.data.member);
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
    if (takes) registerTakeHandlers(socket, takes);
    await socket.join(sessionRoom(principal.sessionId));
    socket.emit("hello", {
      protocolVersion: PROTOCOL_VERSION,
      sessionId: principal.sessionId,
      role: principal.role,
      linkId: principal.linkId,
    });
  }

  return io;
}
