import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import {
  BandspaceError,
  MAX_YJS_MESSAGE_BYTES,
  MEMBER_SECRET_PARAM,
  YCloseCode,
  canWriteDoc,
  parseYjsPath,
  yjsRoomName,
  type ErrorCode,
} from "@bandspace/protocol";
import { authenticateToken, type AuthDeps, type Principal } from "../auth/authenticate";
import type { LiveConnections } from "../auth/live-connections";
import { log } from "../log";
import type { RoomRegistry } from "./room-registry";
import type { Room, RoomSocket } from "./room";

const CLOSE_CODE_FOR: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: YCloseCode.badRequest,
  MALFORMED_MESSAGE: YCloseCode.badRequest,
  INVALID_TOKEN: YCloseCode.invalidToken,
  LINK_REVOKED: YCloseCode.linkRevoked,
  LINK_EXPIRED: YCloseCode.linkRevoked,
  SESSION_NOT_FOUND: YCloseCode.sessionNotFound,
  PAYLOAD_TOO_LARGE: YCloseCode.tooLarge,
};

/** Close reasons are limited to 123 bytes by the WebSocket protocol. */
function closeReason(message: string): string {
  return Buffer.byteLength(message) <= 123 ? message : message.slice(0, 110) + "…";
}

const PING_INTERVAL_MS = 30_000;

/**
 * The y-websocket endpoint `/yjs/<sessionId>/<doc>?token=…`: authenticates the share token, then joins
 * the connection to its room with the role's write permission. Refusals are sent as a terminal close
 * code (4400–4499) with a human reason, because browsers cannot read an HTTP status of a failed upgrade.
 */
export class YjsWebsocketEndpoint {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_YJS_MESSAGE_BYTES });
  private readonly pingTimer: NodeJS.Timeout;

  constructor(
    private readonly auth: AuthDeps,
    private readonly rooms: RoomRegistry,
    private readonly live: LiveConnections,
  ) {
    this.pingTimer = setInterval(() => {
      for (const ws of this.wss.clients) {
        const alive = (ws as WebSocket & { isAlive?: boolean }).isAlive;
        if (alive === false) ws.terminate();
        else {
          (ws as WebSocket & { isAlive?: boolean }).isAlive = false;
          ws.ping();
        }
      }
    }, PING_INTERVAL_MS);
    this.pingTimer.unref();
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    void this.accept(req, socket, head).catch((err) => {
      log.error("yjs upgrade failed", { url: req.url, err: String(err) });
      socket.destroy();
    });
  }

  private async accept(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const target = parseYjsPath(url.pathname);
    let principal: Principal;
    let room: Room;
    try {
      if (!target) throw new BandspaceError("BAD_REQUEST", "Unknown document address.");
      principal = await authenticateToken(
        this.auth,
        url.searchParams.get("token"),
        target.sessionId,
        url.searchParams.get(MEMBER_SECRET_PARAM),
      );
      room = await this.rooms.acquire(yjsRoomName(target.sessionId, target.doc));
    } catch (err) {
      const e =
        err instanceof BandspaceError
          ? err
          : new BandspaceError("INTERNAL", "The server could not open this document. Try again in a moment.");
      if (e.code === "INTERNAL") log.error("yjs connection refused", { url: url.pathname, err: String(err) });
      this.refuse(req, socket, head, CLOSE_CODE_FOR[e.code] ?? YCloseCode.serverError, e.message);
      return;
    }
    const doc = target.doc;
    this.wss.handleUpgrade(req, socket, head, (ws) =>
      this.serve(ws, room, principal, (role) => canWriteDoc(role, doc)),
    );
  }

  private refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: number, message: string): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => ws.close(code, closeReason(message)));
  }

  private serve(ws: WebSocket, room: Room, principal: Principal, canWrite: (role: Principal["role"]) => boolean): void {
    const roomSocket: RoomSocket = {
      send: (data) => {
        if (ws.readyState === ws.OPEN) ws.send(data);
      },
      close: (code, reason) => ws.close(code, closeReason(reason)),
    };
    const unregister = this.live.register(
      principal.linkId,
      (reason) => roomSocket.close(YCloseCode.linkRevoked, reason),
      {
        memberKey: principal.memberKey,
        expiresAt: principal.linkExpiresAt,
        // Downgrade or upgrade in place: the connection stays, its writes are dropped from now on (or accepted).
        onRoleChange: (role) => room.setCanWrite(roomSocket, canWrite(role)),
      },
    );
    if (!unregister) {
      roomSocket.close(YCloseCode.linkRevoked, "This share link was revoked by the session owner.");
      this.rooms.release(room);
      return;
    }
    (ws as WebSocket & { isAlive?: boolean }).isAlive = true;
    ws.on("pong", () => ((ws as WebSocket & { isAlive?: boolean }).isAlive = true));
    ws.binaryType = "nodebuffer";
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        roomSocket.close(YCloseCode.badRequest, "Document messages must be binary.");
        return;
      }
      try {
        room.receive(roomSocket, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch (err) {
        const e =
          err instanceof BandspaceError
            ? err
            : new BandspaceError("MALFORMED_MESSAGE", "The document message was refused.");
        log.warn("yjs message refused", { room: room.name, code: e.code, err: String(err) });
        roomSocket.close(CLOSE_CODE_FOR[e.code] ?? YCloseCode.badRequest, e.message);
      }
    });
    ws.on("close", () => {
      unregister();
      room.leave(roomSocket);
      this.rooms.release(room);
    });
    ws.on("error", (err) => log.warn("yjs socket error", { room: room.name, err: String(err) }));
    room.join(roomSocket, { canWrite: canWrite(principal.role), linkId: principal.linkId });
  }

  async close(): Promise<void> {
    clearInterval(this.pingTimer);
    for (const ws of this.wss.clients) ws.close(YCloseCode.shuttingDown, "The server is restarting.");
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
