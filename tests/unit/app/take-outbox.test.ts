import "fake-indexeddb/auto";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Server, type Socket as ServerSocket } from "socket.io";
import { io } from "socket.io-client";
import type { TakeInfo, TakeStartRequest } from "@bandspace/protocol";
import type { LiveSocket, LiveSocketClient } from "../../../app/lib/collab/liveSocket";
import { TakeOutbox, type OutboxTake } from "../../../app/lib/takes/outbox";
import { TakeUploader } from "../../../app/lib/takes/TakeUploader";

/*
 * The take outbox on a real IndexedDB implementation (fake-indexeddb: the IndexedDB API in memory, shared by
 * every connection in this process, so closing and reopening it is a reload), and the uploader that drives it
 * over a real socket.io connection to a small take server whose acknowledgements the test controls.
 */

const SESSION = "s1";
const start = (takeId: string): TakeStartRequest => ({
  takeId,
  trackId: "track-1",
  sampleRate: 48000,
  channels: 1,
  startTick: 0,
  latencyMs: 0,
});
const pcm = (frames: number, value: number) => new Float32Array(frames).fill(value);

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("TakeOutbox (IndexedDB)", () => {
  it("keeps takes and chunks across a reload, per session, with the PCM bytes intact", async () => {
    const first = await TakeOutbox.open();
    const take: OutboxTake = {
      takeId: "keep-1",
      sessionId: SESSION,
      start: start("keep-1"),
      groupId: "g",
      end: null,
      createdAt: 1,
    };
    await first.putTake(take);
    await first.putTake({ ...take, takeId: "other-session", sessionId: "s2" });
    const samples = pcm(4, 0.25);
    await first.putChunk({ takeId: "keep-1", seq: 1, frames: 4, pcm: samples.buffer });
    await first.putChunk({ takeId: "keep-1", seq: 0, frames: 4, pcm: pcm(4, 0.5).buffer });
    first.close();

    const reopened = await TakeOutbox.open();
    expect((await reopened.takes(SESSION)).map((t) => t.takeId)).toEqual(["keep-1"]);
    expect((await reopened.pendingSeqs("keep-1")).sort()).toEqual([0, 1]);
    const chunk = await reopened.chunk("keep-1", 1);
    expect(Array.from(new Float32Array(chunk!.pcm))).toEqual([0.25, 0.25, 0.25, 0.25]);

    await reopened.deleteChunk("keep-1", 0);
    expect(await reopened.pendingSeqs("keep-1")).toEqual([1]);
    await reopened.deleteTake("keep-1");
    expect(await reopened.takes(SESSION)).toEqual([]);
    expect(await reopened.pendingSeqs("keep-1")).toEqual([]);
    await reopened.deleteTake("other-session");
    reopened.close();
  });
});

/** A take server: stores chunks by seq, answers take:start with what it has; acks only when the test says. */
class TakeServer {
  readonly http: HttpServer;
  readonly io: Server;
  readonly chunks = new Map<string, Map<number, number>>();
  readonly received: { takeId: string; seq: number }[] = [];
  /** Acks not sent yet: the test releases or drops them. */
  readonly held: (() => void)[] = [];
  holdAcks = false;
  ended: string[] = [];

  constructor() {
    this.http = createServer();
    this.io = new Server(this.http);
    this.io.on("connection", (socket) => this.serve(socket));
  }

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.http.listen(0, "127.0.0.1", () => r()));
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  info(takeId: string, state: TakeInfo["state"] = "recording"): TakeInfo {
    const have = this.chunks.get(takeId) ?? new Map<number, number>();
    let nextSeq = 0;
    while (have.has(nextSeq)) nextSeq++;
    const frames = [...have.values()].reduce((a, b) => a + b, 0);
    return {
      takeId,
      sessionId: SESSION,
      trackId: "track-1",
      createdBy: "Ana",
      createdAt: new Date(0).toISOString(),
      sampleRate: 48000,
      channels: 1,
      startTick: 0,
      latencyMs: 0,
      passIndex: 0,
      lane: null,
      state,
      frames,
      durationSeconds: frames / 48000,
      nextSeq,
      storedAhead: [...have.keys()].filter((s) => s > nextSeq),
      sha256: null,
      audioUrl: "",
      peaksUrl: "",
    };
  }

  private serve(socket: ServerSocket) {
    socket.on("take:start", (req: TakeStartRequest, ack: (r: unknown) => void) => {
      if (!this.chunks.has(req.takeId)) this.chunks.set(req.takeId, new Map());
      ack({ ok: true, take: this.info(req.takeId) });
    });
    socket.on("take:chunk", (req: { takeId: string; seq: number; frames: number }, ack: (r: unknown) => void) => {
      this.received.push({ takeId: req.takeId, seq: req.seq });
      const send = () => {
        this.chunks.get(req.takeId)!.set(req.seq, req.frames);
        ack({ ok: true, seq: req.seq, duplicate: false });
      };
      if (this.holdAcks) this.held.push(send);
      else send();
    });
    socket.on("take:end", (req: { takeId: string; chunkCount: number }, ack: (r: unknown) => void) => {
      const info = this.info(req.takeId, "complete");
      if (info.nextSeq < req.chunkCount) {
        const missing = Array.from({ length: req.chunkCount - info.nextSeq }, (_, i) => info.nextSeq + i);
        ack({ ok: false, error: { code: "TAKE_INCOMPLETE", message: "missing chunks", missing } });
        return;
      }
      this.ended.push(req.takeId);
      ack({ ok: true, take: info });
    });
  }

  async close(): Promise<void> {
    await this.io.close();
  }
}

/** A LiveSocket over a real socket.io client: ready once connected (the take server needs no hello). */
function connect(url: string): LiveSocket {
  const socket: LiveSocketClient = io(url, { transports: ["websocket"], reconnection: false });
  const listeners = new Set<() => void>();
  let ready = false;
  socket.on("connect", () => {
    ready = true;
    for (const cb of listeners) cb();
  });
  socket.on("disconnect", () => {
    ready = false;
  });
  return {
    socket,
    get ready() {
      return ready;
    },
    onReady(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    close() {
      listeners.clear();
      socket.disconnect();
    },
  };
}

describe("TakeUploader through the outbox", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup() {
    const server = new TakeServer();
    const url = await server.listen();
    cleanups.push(() => server.close());
    const inspect = await TakeOutbox.open(); // a second connection to the same database, to look inside
    cleanups.push(() => inspect.close());
    const completed: string[] = [];
    const open = async () => {
      const live = connect(url);
      const uploader = new TakeUploader(SESSION, live, (take) => completed.push(take.takeId));
      await until("connected", () => live.ready);
      const close = () => {
        uploader.dispose();
        live.close();
      };
      cleanups.push(close);
      return { live, uploader, close };
    };
    return { server, inspect, completed, open };
  }

  it("stores a chunk before sending it and deletes it only when the server acknowledges it", async () => {
    const { server, inspect, completed, open } = await setup();
    const { uploader } = await open();
    server.holdAcks = true;
    await uploader.begin(start("take-a"), "group-a");
    await until("take started", () => server.chunks.has("take-a"));
    await uploader.chunk("take-a", 0, 480, pcm(480, 0.1));
    await until("chunk 0 sent", () => server.received.length === 1);
    // Sent, not yet acknowledged: it is in the outbox.
    expect(await inspect.pendingSeqs("take-a")).toEqual([0]);
    expect(uploader.status.get().takes[0]).toMatchObject({ takeId: "take-a", pending: 1, acked: 0 });

    server.held.shift()!();
    await until("chunk 0 forgotten after its ack", async () => (await inspect.pendingSeqs("take-a")).length === 0);
    expect(uploader.status.get().takes[0]).toMatchObject({ pending: 0, acked: 1 });

    server.holdAcks = false;
    await uploader.end("take-a", 1, 480);
    await until("take complete", () => completed.includes("take-a"));
    expect(await inspect.takes(SESSION)).toEqual([]);
    expect(uploader.status.get().takes[0].phase).toBe("done");
  });

  it("a burst of acknowledgements (a reconnect) finishes the take once: one take:end, one completion", async () => {
    const { server, completed, open } = await setup();
    const { uploader } = await open();
    await uploader.begin(start("take-c"), "group-c");
    await until("take started", () => server.chunks.has("take-c"));
    server.holdAcks = true;
    for (let seq = 0; seq < 8; seq++) await uploader.chunk("take-c", seq, 480, pcm(480, 0.1));
    await uploader.end("take-c", 8, 8 * 480);
    await until("every chunk sent", () => server.received.length === 8);
    // Every ack at once: each one asks to finish the take.
    for (const send of server.held.splice(0)) send();
    await until("take complete", () => completed.includes("take-c"));
    await new Promise((r) => setTimeout(r, 200));
    expect(completed).toEqual(["take-c"]);
    expect(server.ended).toEqual(["take-c"]);
  });

  it("after a reload, resends exactly the chunks the server never acknowledged, then finishes the take", async () => {
    const { server, inspect, completed, open } = await setup();
    const first = await open();
    await first.uploader.begin(start("take-b"), "group-b");
    await until("take started", () => server.chunks.has("take-b"));
    await first.uploader.chunk("take-b", 0, 480, pcm(480, 0.1));
    await until("chunk 0 acked", async () => (await inspect.pendingSeqs("take-b")).length === 0);
    // Chunks 1 and 2 are sent but their acks never come: the tab is closed before they do.
    server.holdAcks = true;
    await first.uploader.chunk("take-b", 1, 480, pcm(480, 0.2));
    await first.uploader.chunk("take-b", 2, 240, pcm(240, 0.3));
    await first.uploader.end("take-b", 3, 1200);
    await until("chunks 1 and 2 sent", () => server.received.length === 3);
    first.close();
    server.held.length = 0; // dropped with the connection: the server stored neither
    server.holdAcks = false;
    expect((await inspect.pendingSeqs("take-b")).sort()).toEqual([1, 2]);
    expect((await inspect.takes(SESSION))[0].end).toEqual({ chunkCount: 3, totalFrames: 1200 });

    // The reload: a new uploader on the same database resumes from take:start's nextSeq.
    const second = await open();
    await until("take complete after the reload", () => completed.includes("take-b"));
    expect(server.received.slice(3).map((c) => c.seq)).toEqual([1, 2]); // chunk 0 was not sent twice
    expect([...server.chunks.get("take-b")!.keys()].sort()).toEqual([0, 1, 2]);
    expect(server.ended).toEqual(["take-b"]);
    expect(await inspect.takes(SESSION)).toEqual([]);
    expect(await inspect.pendingSeqs("take-b")).toEqual([]);
    second.close();
  });
});
