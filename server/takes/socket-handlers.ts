import type { Server } from "socket.io";
import type {
  ClientEventHandler,
  ClientEventName,
  ClientToServerEvents,
  ServerToClientEvents,
} from "@bandspace/protocol";
import type { Principal } from "../auth/authenticate";
import type { TakeRelay, TakeService } from "./take-service";

type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal?: Principal }>;

/** What a take handler needs of its connection (a socket.io socket that said hello has it). */
export interface TakeEventSource {
  readonly id: string;
  readonly data: { principal?: Principal };
  /** The engine.io connection, whose packet queue the live relay watches. */
  readonly conn: { on: (event: "packetCreate" | "flush", listener: (packets: unknown[]) => void) => unknown };
}

type TakeEventName = Extract<ClientEventName, `take:${string}`>;
export type TakeEventHandlers = { [E in TakeEventName]: ClientEventHandler<E, TakeEventSource> };

/**
 * A listener whose connection has this many packets queued on the server (its network or tab cannot keep up)
 * is skipped by the live relay until it drains: otherwise the server would buffer audio for it without bound.
 * Each relayed chunk is two packets (event + binary attachment), so this is ~3 s of eight 100 ms recorders.
 * The listener sees the gap by `startFrame` and gets the finished take whole over HTTP.
 */
export const RELAY_MAX_QUEUED_PACKETS = 512;

/** Packets waiting on the server per connection, kept from engine.io's public packetCreate/flush events. */
const queuedPackets = new WeakMap<object, { n: number }>();

/** Starts counting a connection's queued packets for the live relay (once it may receive take audio). */
export function trackRelayQueue(socket: TakeEventSource): void {
  const queue = { n: 0 };
  queuedPackets.set(socket.conn, queue);
  socket.conn.on("packetCreate", () => queue.n++);
  socket.conn.on("flush", (buffer) => (queue.n = Math.max(0, queue.n - buffer.length)));
}

/** The room's sockets that are too far behind for live audio (checked per chunk; cheap: a number per socket). */
function laggingListeners(server: IO, name: string, limit: number): string[] {
  const out: string[] = [];
  for (const id of server.sockets.adapter.rooms.get(name) ?? []) {
    const conn = server.sockets.sockets.get(id)?.conn;
    if (conn && (queuedPackets.get(conn)?.n ?? 0) > limit) out.push(id);
  }
  return out;
}

/** Relays through socket.io rooms; the sending socket does not get its own chunks back. */
export function socketTakeRelay(
  io: () => IO | null,
  room: (sessionId: string) => string,
  maxQueued = RELAY_MAX_QUEUED_PACKETS,
): TakeRelay {
  return {
    started(take, from) {
      const target = io()?.to(room(take.sessionId));
      (from ? target?.except(from) : target)?.emit("take:started", take);
    },
    chunk(sessionId, chunk, from) {
      const server = io();
      if (!server) return;
      const name = room(sessionId);
      const skip = laggingListeners(server, name, maxQueued);
      if (from) skip.push(from);
      server.to(name).except(skip).emit("take:chunk", chunk);
    },
    ended(take) {
      io()?.to(room(take.sessionId)).emit("take:ended", take);
    },
    aborted(sessionId, takeId) {
      io()?.to(room(sessionId)).emit("take:aborted", { takeId });
    },
  };
}

/** Binary arrives as a Buffer in Node; tolerate ArrayBuffer and other views too. */
function bytes(pcm: ArrayBuffer | ArrayBufferView): Uint8Array {
  return pcm instanceof ArrayBuffer ? new Uint8Array(pcm) : new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
}

/** Said when a take event fails unexpectedly: the client's outbox resends, so the take is not lost. */
const RETRIED = "Something went wrong on the server; it will be retried.";

/**
 * take:start / take:chunk / take:end / take:abort, each given a payload the protocol's schema has validated
 * (server/realtime/client-events.ts) by a connection that said hello. The take service checks role and state.
 */
export function takeEventHandlers(takes: TakeService): TakeEventHandlers {
  const principal = (socket: TakeEventSource) => socket.data.principal!;
  return {
    "take:start": {
      handle: async (socket, req) => ({ ok: true, take: await takes.start(principal(socket), req, socket.id) }),
      internalError: RETRIED,
    },
    "take:chunk": {
      handle: async (socket, req) => {
        const { duplicate } = await takes.chunk(
          principal(socket),
          req.takeId,
          req.seq,
          req.frames,
          bytes(req.pcm),
          socket.id,
        );
        return { ok: true, seq: req.seq, duplicate };
      },
      internalError: RETRIED,
    },
    "take:end": {
      handle: async (socket, req) => ({ ok: true, take: await takes.end(principal(socket), req) }),
      internalError: RETRIED,
    },
    "take:abort": {
      handle: async (socket, req) => {
        await takes.abort(principal(socket), req.takeId);
        return { ok: true, takeId: req.takeId };
      },
      internalError: RETRIED,
    },
  };
}
