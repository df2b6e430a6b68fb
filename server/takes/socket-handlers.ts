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

/**
 * The room of this node's sockets that are too far behind for live audio. A relay excludes the room by name, and
 * every node resolves an excluded room against its own sockets: with the Redis adapter a chunk recorded on one
 * node is skipped for the lagging listeners of every node, though each node only knows its own connections.
 */
export const RELAY_LAGGING_ROOM = "relay:lagging";

/** What the relay queue tracking needs of a connection: its engine.io packets, and joining a room. */
export interface RelayListener extends TakeEventSource {
  join: (room: string) => unknown;
  leave: (room: string) => unknown;
}

/**
 * Counts a connection's packets queued on the server (engine.io's public packetCreate/flush events) and keeps it
 * in RELAY_LAGGING_ROOM while more than `limit` wait (once it may receive take audio).
 */
export function trackRelayQueue(socket: RelayListener, limit = RELAY_MAX_QUEUED_PACKETS): void {
  let queued = 0;
  let lagging = false;
  const update = () => {
    if (queued > limit !== lagging) {
      lagging = !lagging;
      void (lagging ? socket.join(RELAY_LAGGING_ROOM) : socket.leave(RELAY_LAGGING_ROOM));
    }
  };
  socket.conn.on("packetCreate", () => {
    queued++;
    update();
  });
  socket.conn.on("flush", (buffer) => {
    queued = Math.max(0, queued - buffer.length);
    update();
  });
}

/** Relays through socket.io rooms (across nodes with the Redis adapter); the sender does not get its own chunks. */
export function socketTakeRelay(io: () => IO | null, room: (sessionId: string) => string): TakeRelay {
  return {
    started(take, from) {
      const target = io()?.to(room(take.sessionId));
      (from ? target?.except(from) : target)?.emit("take:started", take);
    },
    chunk(sessionId, chunk, from) {
      // A socket id is also a room, so the sender is excluded on every node by name too.
      const skip = from ? [RELAY_LAGGING_ROOM, from] : [RELAY_LAGGING_ROOM];
      io()?.to(room(sessionId)).except(skip).emit("take:chunk", chunk);
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
