import http from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as ioClient, type Socket as ClientSocket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  BandspaceError,
  CLIENT_EVENT_NAMES,
  PROTOCOL_VERSION,
  type ClientEventHandlers,
  type ClientToServerEvents,
  type ErrorPayload,
  type ServerToClientEvents,
  type TakeInfo,
} from "@bandspace/protocol";
import { registerClientEvents, type BandSocket, type SocketData } from "../../../server/realtime/client-events";
import { clientEventHandlers } from "../../../server/realtime/socket-server";

// The dispatcher on a real socket.io server (in process, port 0) with real clients; the handlers are the test's own
// so that what reaches a handler, and what the client is answered, can be seen exactly.

const sessionId = "s".repeat(16);
const takeId = "t".repeat(16);
const start = { takeId, trackId: "track-1", sampleRate: 48000, channels: 1, startTick: 0, latencyMs: 0 };
const take: TakeInfo = {
  takeId,
  sessionId,
  trackId: "track-1",
  createdBy: "Alex",
  createdAt: new Date(0).toISOString(),
  sampleRate: 48000,
  channels: 1,
  startTick: 0,
  latencyMs: 0,
  passIndex: 0,
  lane: null,
  state: "recording",
  frames: 0,
  durationSeconds: 0,
  nextSeq: 0,
  storedAhead: [],
  sha256: null,
  audioUrl: "",
  peaksUrl: "",
};

/** What each handler was called with, in order. */
const calls: Array<{ event: string; payload: unknown }> = [];

const handlers: ClientEventHandlers<BandSocket> = {
  hello: {
    internalError: "hello broke",
    handle(socket, hello) {
      calls.push({ event: "hello", payload: hello });
      socket.data.principal = {
        sessionId,
        role: "edit",
        linkId: "l".repeat(16),
        linkRole: "edit",
        linkExpiresAt: null,
        memberKey: null,
        memberId: null,
        memberName: null,
      };
      socket.emit("hello", { protocolVersion: PROTOCOL_VERSION, sessionId, role: "edit", linkId: "l".repeat(16) });
      return Promise.resolve();
    },
  },
  "take:start": {
    internalError: "start broke",
    handle(_socket, req) {
      calls.push({ event: "take:start", payload: req });
      if (req.trackId === "refused")
        return Promise.reject(new BandspaceError("TAKE_TOO_MANY", "Too many takes at once."));
      if (req.trackId === "crash") return Promise.reject(new Error("disk on fire"));
      return Promise.resolve({ ok: true, take });
    },
  },
  "take:chunk": {
    internalError: "chunk broke",
    handle: (_s, req) => Promise.resolve({ ok: true, seq: req.seq, duplicate: false }),
  },
  "take:end": { internalError: "end broke", handle: () => Promise.resolve({ ok: true, take }) },
  "take:abort": {
    internalError: "abort broke",
    handle: (_s, req) => Promise.resolve({ ok: true, takeId: req.takeId }),
  },
};

const GREETING_TIMEOUT_MS = 300;
let httpServer: http.Server;
let url: string;
const clients: ClientSocket[] = [];

beforeAll(async () => {
  httpServer = http.createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer);
  io.on("connection", (socket) => registerClientEvents(socket, handlers, GREETING_TIMEOUT_MS));
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => httpServer.close(() => resolve())));
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  calls.length = 0;
});

/** An untyped client: tests send what a hostile or outdated client would. */
async function connect(): Promise<ClientSocket> {
  const socket = ioClient(url, { transports: ["websocket"], reconnection: false, forceNew: true });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

/** The `error` event and the disconnect that follows it. */
function refusal(socket: ClientSocket): Promise<ErrorPayload> {
  return new Promise((resolve) => {
    socket.once("error", (error: ErrorPayload) => socket.once("disconnect", () => resolve(error)));
  });
}

async function greeted(): Promise<ClientSocket> {
  const socket = await connect();
  const hello = new Promise((resolve) => socket.once("hello", resolve));
  socket.emit("hello", { protocolVersion: PROTOCOL_VERSION, sessionId, token: "T".repeat(32) });
  await hello;
  return socket;
}

const ask = (socket: ClientSocket, event: string, payload: unknown) =>
  socket.timeout(5000).emitWithAck(event, payload) as Promise<{ ok: boolean; error?: ErrorPayload }>;

describe("the server's event table", () => {
  it("has a handler for every event the protocol declares", () => {
    // Only the table's shape is read: none of these dependencies is called while the table is built.
    const table = clientEventHandlers(undefined as never, undefined as never, undefined as never);
    expect(Object.keys(table).sort()).toEqual([...CLIENT_EVENT_NAMES].sort());
    for (const [event, handler] of Object.entries(table)) {
      expect(typeof handler.handle, event).toBe("function");
      expect(handler.internalError.length, event).toBeGreaterThan(10);
    }
  });
});

describe("registerClientEvents", () => {
  it("refuses any event before hello with BAD_REQUEST and disconnects, without calling its handler", async () => {
    const socket = await connect();
    const refused = refusal(socket);
    socket.emit("take:start", start, () => {});
    expect(await refused).toEqual({ code: "BAD_REQUEST", message: '"take:start" before hello: say hello first.' });
    expect(calls).toEqual([]);
  });

  it("refuses a malformed hello and a hello from another version with the error event, and disconnects", async () => {
    const garbage = await connect();
    const refusedGarbage = refusal(garbage);
    garbage.emit("hello", "garbage");
    const error = await refusedGarbage;
    expect(error.code).toBe("MALFORMED_MESSAGE");
    expect(error.message).toMatch(/^Invalid hello: payload: /);

    const newer = await connect();
    const refusedNewer = refusal(newer);
    newer.emit("hello", { protocolVersion: PROTOCOL_VERSION + 1 });
    expect((await refusedNewer).code).toBe("PROTOCOL_VERSION_MISMATCH");
    expect(calls).toEqual([]);
  });

  it("disconnects a client that says no hello in time", async () => {
    const socket = await connect();
    expect(await refusal(socket)).toEqual({
      code: "BAD_REQUEST",
      message: "No hello received: update or reload the page.",
    });
  });

  it("reads hello once: a second one reaches no handler", async () => {
    const socket = await greeted();
    socket.emit("hello", { protocolVersion: PROTOCOL_VERSION, sessionId, token: "T".repeat(32) });
    expect((await ask(socket, "take:abort", { takeId })).ok).toBe(true); // after the second hello, in order
    expect(calls.map((c) => c.event)).toEqual(["hello"]);
  });

  it("answers a malformed payload of every acknowledged event through its ack, and keeps the connection", async () => {
    const socket = await greeted();
    for (const event of CLIENT_EVENT_NAMES.filter((e) => e !== "hello")) {
      const reply = await ask(socket, event, { takeId: "../../etc" });
      expect(reply.ok, event).toBe(false);
      expect(reply.error?.code, event).toBe("MALFORMED_MESSAGE");
      expect(reply.error?.message, event).toMatch(new RegExp(`^Invalid ${event}: takeId: `));
    }
    expect(calls.map((c) => c.event)).toEqual(["hello"]);
    expect(socket.connected).toBe(true);
  });

  it("hands the handler the validated payload and answers with what it resolves", async () => {
    const socket = await greeted();
    expect(await ask(socket, "take:start", start)).toEqual({ ok: true, take });
    expect(calls[1]).toEqual({ event: "take:start", payload: start });
    const chunk = await ask(socket, "take:chunk", { takeId, seq: 3, frames: 1, pcm: Buffer.alloc(4) });
    expect(chunk).toEqual({ ok: true, seq: 3, duplicate: false });
  });

  it("answers a handler's BandspaceError with its code and message, anything else with INTERNAL", async () => {
    const socket = await greeted();
    expect(await ask(socket, "take:start", { ...start, trackId: "refused" })).toEqual({
      ok: false,
      error: { code: "TAKE_TOO_MANY", message: "Too many takes at once." },
    });
    expect(await ask(socket, "take:start", { ...start, trackId: "crash" })).toEqual({
      ok: false,
      error: { code: "INTERNAL", message: "start broke" },
    });
    expect(socket.connected).toBe(true);
  });

  it("survives an acknowledged event sent without an ack", async () => {
    const socket = await greeted();
    socket.emit("take:start", "garbage");
    socket.emit("take:start", { ...start, trackId: "crash" });
    expect((await ask(socket, "take:abort", { takeId })).ok).toBe(true);
  });
});
