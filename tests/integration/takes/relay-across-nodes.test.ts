import { beforeAll, describe, expect, it, vi } from "vitest";

vi.setConfig({ testTimeout: 180_000 });
import type { TakeInfo } from "@bandspace/protocol";
import { createLink, createSession, type TestServer } from "../../helpers/server";
import { useScaleOutCluster } from "../../helpers/scale-out-fixture";
import { chunkAudio, collectRelays, generateAudio, newTakeId, request } from "../../helpers/take-client";
import { waitFor } from "../../helpers/yjs-client";
import { scaleOutUnavailable } from "../../helpers/scale-out-services";

/**
 * The live relay's slow-listener skipping across nodes: the recorder's node cannot see another node's sockets, so
 * each node keeps its own lagging listeners in a room the relay excludes by name. Two nodes in this process (so
 * the relay limit can be lowered) on one PostgreSQL database, one Redis and one s3rver.
 */
const RATE = 48000;
const CH = 2;

const unavailable = await scaleOutUnavailable();

describe.skipIf(unavailable !== null)("the live relay across nodes", () => {
  const cluster = useScaleOutCluster("relay");
  let a: TestServer;
  let b: TestServer;

  // After the cluster's own beforeAll (hooks run in the order they are declared).
  beforeAll(async () => {
    a = await cluster.startNode("relay-a", { relayMaxQueuedPackets: 8 });
    b = await cluster.startNode("relay-b", { relayMaxQueuedPackets: 8 });
  });

  it("skips live audio to a lagging listener on another node, relays to it again once it drained, and to the others throughout", async () => {
    const session = await createSession(a.url);
    const viewer = await createLink(a.url, session, "view");
    const join = (server: TestServer, token: string) => cluster.takeSocket(server.url, session.sessionId, token);
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
