import type { Server, Socket } from "socket.io";
import type { z } from "zod";
import {
  BandspaceError,
  TakeAbortRequest,
  TakeChunkRequest,
  TakeEndRequest,
  TakeStartRequest,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TakeFailure,
} from "@bandspace/protocol";
import type { Principal } from "../auth/authenticate";
import { log } from "../log";
import type { TakeRelay, TakeService } from "./take-service";

type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal?: Principal }>;
type BandSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal?: Principal }>;

/**
 * A listener whose connection has this many packets queued on the server (its network or tab cannot keep up)
 * is skipped by the live relay until it drains: otherwise the server would buffer audio for it without bound.
 * Each relayed chunk is two packets (event + binary attachment), so this is ~3 s of eight 100 ms recorders.
 * The listener sees the gap by `startFrame` and gets the finished take whole over HTTP.
 */
export const RELAY_MAX_QUEUED_PACKETS = 512;

/** Packets waiting on the server per connection, kept from engine.io's public packetCreate/flush events. */
const queuedPackets = new WeakMap<object, { n: number }>();

function trackQueue(socket: BandSocket): void {
  const queue = { n: 0 };
  queuedPackets.set(socket.conn, queue);
  socket.conn.on("packetCreate", () => queue.n++);
  socket.conn.on("flush", (buffer: unknown[]) => (queue.n = Math.max(0, queue.n - buffer.length)));
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

function failure(err: unknown, event: string): TakeFailure {
  if (err instanceof BandspaceError) return { ok: false, error: err.toPayload() };
  log.error("take event failed", { event, err: String(err) });
  return { ok: false, error: { code: "INTERNAL", message: "Something went wrong on the server; it will be retried." } };
}

function parse<T>(schema: z.ZodType<T>, raw: unknown, event: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "payload"}: ${i.message}`)
      .join("; ");
    throw new BandspaceError("MALFORMED_MESSAGE", `Invalid ${event}: ${detail}`);
  }
  return parsed.data;
}

/** Binary arrives as a Buffer in Node; tolerate ArrayBuffer and other views too. */
function bytes(pcm: ArrayBuffer | ArrayBufferView): Uint8Array {
  return pcm instanceof ArrayBuffer ? new Uint8Array(pcm) : new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
}

/**
 * Registers take:start / take:chunk / take:end / take:abort on a socket that said hello. Every payload is
 * zod-validated; every event is answered through its ack with `{ ok: true, … }` or `{ ok: false, error }`.
 */
export function registerTakeHandlers(socket: BandSocket, takes: TakeService): void {
  trackQueue(socket);
  const principal = () => socket.data.principal!;
  const handle = <R>(event: string, ack: unknown, run: () => Promise<R>) => {
    const reply = typeof ack === "function" ? (ack as (r: R | TakeFailure) => void) : () => {};
    run().then(reply, (err) => reply(failure(err, event)));
  };
  socket.on("take:start", (raw, ack) =>
    handle("take:start", ack, async () => ({
      ok: true as const,
      take: await takes.start(principal(), parse(TakeStartRequest, raw, "take:start"), socket.id),
    })),
  );
  socket.on("take:chunk", (raw, ack) =>
    handle("take:chunk", ack, async () => {
      const req = parse(TakeChunkRequest, raw, "take:chunk");
      const { duplicate } = await takes.chunk(principal(), req.takeId, req.seq, req.frames, bytes(req.pcm), socket.id);
      return { ok: true as const, seq: req.seq, duplicate };
    }),
  );
  socket.on("take:end", (raw, ack) =>
    handle("take:end", ack, async () => ({
      ok: true as const,
      take: await takes.end(principal(), parse(TakeEndRequest, raw, "take:end")),
    })),
  );
  socket.on("take:abort", (raw, ack) =>
    handle("take:abort", ack, async () => {
      const req = parse(TakeAbortRequest, raw, "take:abort");
      await takes.abort(principal(), req.takeId);
      return { ok: true as const, takeId: req.takeId };
    }),
  );
}
