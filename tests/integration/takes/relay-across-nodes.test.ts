import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.setConfig({ testTimeout: 180_000 });
import type { TakeInfo } from "@bandspace/protocol";
import { postgresServerUrl, testDatabase, type TestDatabase } from "../../helpers/database";
import { startS3rver, type TestS3 } from "../../helpers/s3rver";
import { createLink, createSession, startTestServer, type TestServer } from "../../helpers/server";
import {
  chunkAudio,
  collectRelays,
  connectTakeSocket,
  generateAudio,
  newTakeId,
  request,
  type TakeSocket,
} from "../../helpers/take-client";
import { waitFor } from "../../helpers/yjs-client";
import { REDIS_TEST_URL, scaleOutUnavailable } from "../../helpers/scale-out-services";

/**
 * The live relay's slow-listener skipping across nodes: the recorder's node cannot see another node's sockets, so
 * each node keeps its own lagging listeners in a room the relay excludes by name. Two nodes in this process (so
 * the relay limit can be lowered) on one PostgreSQL database, one Redis and one s3rver.
 */
const REDIS_URL = REDIS_TEST_URL;
const RATE = 48000;
const CH = 2;

const unavailable = await scaleOutUnavailable();

describe.skipIf(unavailable !== null)("the live relay across nodes", () => {
  let db: TestDatabase;
  let s3: TestS3;
  let a: TestServer;
  let b: TestServer;
  const prefix = `bandspace-test-relay-${randomBytes(4).toString("hex")}`;
  const sockets: TakeSocket[] = [];

  beforeAll(async () => {
    db = await testDatabase({ postgresUrl: postgresServerUrl });
    s3 = await startS3rver();
    const node = (nodeId: string) =>
      startTestServer({ relayMaxQueuedPackets: 8 }, db, {
        redisUrl: REDIS_URL,
        redisPrefix: prefix,
        nodeId,
        takeStore: "s3",
        s3: s3.config,
      });
    a = await node("relay-a");
    b = await node("relay-b");
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await a?.stop();
    await b?.stop();
    await s3?.stop();
    await db?.cleanup();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it("skips live audio to a lagging listener on another node, relays to it again once it drained, and to the others throughout", async () => {
    const session = await createSession(a.url);
    const viewer = await createLink(a.url, session, "view");
    const join = async (server: TestServer, token: string) => {
      const c = await connectTakeSocket(server.url, session.sessionId, token);
      sockets.push(c.socket);
      return c.socket;
    };
    const fast = await join(b, viewer.token);
    const slow = await join(b, viewer.token);
    const local = await join(a, viewer.token);
    const fastRelays = collectRelays(fast);
    const slowRelays = collectRelays(slow);
    const localRelays = collectRelays(local);
    const slowEnded: TakeInfo[] = [];
    slow.on("take:ended", (t) => slowEnded.push(t));
    const rec = await join(a, session.ownerToken);
    const ownRelays = collectRelays(rec);
    // 1 s stereo chunks: enough bytes to fill the paused listener's TCP buffers quickly.
    const chunks = chunkAudio(generateAudio(RATE * 50, CH, RATE, 12), CH, RATE);
    const takeId = newTakeId();
    const start = { takeId, trackId: "t", sampleRate: RATE, channels: CH, startTick: 0, latencyMs: 0 };
    expect((await request(rec, "take:start", start)).ok).toBe(true);

    // The slow listener on node B stops reading (a stalled network or tab): its socket's buffers fill up.
    const tcp = (slow.io.engine.transport as unknown as { ws: { _socket: { pause: () => void; resume: () => void } } })
      .ws._socket;
    tcp.pause();
    for (const c of chunks.slice(0, 40)) expect((await request(rec, "take:chunk", { takeId, ...c })).ok).toBe(true);
    await waitFor(() => (fastRelays.get(takeId)?.length ?? 0) === 40, 60_000);
    tcp.resume();
    await new Promise((r) => setTimeout(r, 1500));
    const before = slowRelays.get(takeId)?.length ?? 0;
    expect(before).toBeLessThan(40);
    for (const c of chunks.slice(40)) expect((await request(rec, "take:chunk", { takeId, ...c })).ok).toBe(true);
    const end = await request(rec, "take:end", { takeId, chunkCount: chunks.length, totalFrames: RATE * 50 });
    expect(end.ok).toBe(true);
    await waitFor(() => slowEnded.length === 1 && (fastRelays.get(takeId)?.length ?? 0) === chunks.length, 60_000);

    // Listeners on both nodes that keep up got everything in order; the slow one a gap, then the live tail.
    const all = chunks.map((c) => c.seq);
    expect(fastRelays.get(takeId)!.map((c) => c.seq)).toEqual(all);
    await waitFor(() => (localRelays.get(takeId)?.length ?? 0) === chunks.length, 30_000);
    expect(localRelays.get(takeId)!.map((c) => c.seq)).toEqual(all);
    const slowSeqs = slowRelays.get(takeId)!.map((c) => c.seq);
    expect(slowSeqs.length).toBeLessThan(chunks.length);
    expect([...slowSeqs].sort((x, y) => x - y)).toEqual(slowSeqs);
    expect(slowSeqs.slice(-5)).toEqual([45, 46, 47, 48, 49]);
    // The recorder never gets its own audio back, from either node.
    expect(ownRelays.size).toBe(0);
  });
});
