import "fake-indexeddb/auto";
import { describe, expect, it, vi } from "vitest";
import type { TakeInfo } from "@bandspace/protocol";
import type { LiveSocket } from "../../../app/lib/collab/liveSocket";
import { TakeUploader } from "../../../app/lib/takes/TakeUploader";
import { startLoadBalancer, type LoadBalancer } from "../../../scripts/cluster/load-balancer";
import { createSession } from "../../helpers/server";
import type { ServerProcess } from "../../helpers/server-process";
import { useScaleOutCluster } from "../../helpers/scale-out-fixture";
import { chunkAudio, generateAudio, newTakeId, sha256 } from "../../helpers/take-client";
import { openStudioSocket } from "../../helpers/studio-socket";
import { sleep, waitFor } from "../../helpers/yjs-client";
import { scaleOutUnavailable } from "../../helpers/scale-out-services";

// Two server processes (tsx start-up 5–10 s each on a loaded machine) and a drain.
vi.setConfig({ testTimeout: 300_000 });

const RATE = 48_000;

/**
 * SIGTERM to the node a recorder streams to, in the real deployment shape (two node processes on PostgreSQL, Redis
 * and S3 behind the balancer) with the studio's own client: openLiveSocket + TakeUploader over an IndexedDB outbox.
 * The node flushes its chunk writes, releases its take and exits 0; the uploader reconnects through the balancer,
 * resumes the take on the other node and resends what was not acknowledged; the finished take is exactly the audio.
 */
const unavailable = await scaleOutUnavailable();

describe.skipIf(unavailable !== null)("graceful shutdown while recording", () => {
  const cluster = useScaleOutCluster("shutdown");
  const nodes: ServerProcess[] = [];
  let lb: LoadBalancer | undefined;
  let live: LiveSocket | undefined;
  let uploader: TakeUploader | undefined;

  // Before the cluster's nodes go.
  cluster.onTeardown(async () => {
    uploader?.dispose();
    live?.close();
    vi.unstubAllGlobals();
    await lb?.close();
  });

  it("the recorder's node drains and exits 0; the take finishes on the other node with every sample", async () => {
    for (const id of ["node-a", "node-b"]) nodes.push(await cluster.spawnNode(id, { BANDSPACE_LOG: "1" }));
    lb = await startLoadBalancer({ backends: nodes.map((n) => n.url), healthIntervalMs: 200 });
    const session = await createSession(lb.url);

    live = openStudioSocket(lb.url, session);
    await waitFor(() => live!.ready && live!.socket.io.engine.transport.name === "websocket", 20_000, "socket.io up");
    // The node holding the recorder's WebSocket now: on a loaded machine socket.io may have retried its upgrade
    // (two upgrades forwarded, one still open), so count the open ones, not every one forwarded.
    const victim = nodes.find((n) => lb!.backends().find((b) => b.url === n.url)!.openUpgrades === 1)!;
    expect(victim, JSON.stringify(lb.backends())).toBeDefined();
    const exit = new Promise<number | null>((resolve) => victim.child.once("exit", (code) => resolve(code)));

    const completed: TakeInfo[] = [];
    uploader = new TakeUploader(session.sessionId, live, (_take, info) => completed.push(info));
    const takeId = newTakeId();
    const audio = generateAudio(RATE * 3, 1, RATE, 5);
    const chunks = chunkAudio(audio, 1, RATE / 10);
    await uploader.begin(
      { takeId, trackId: "vox", sampleRate: RATE, channels: 1, startTick: 0, latencyMs: 0 },
      "group-1",
    );
    // Chunks in real time (a bit faster); the SIGTERM lands in the middle, recording goes on meanwhile.
    for (const c of chunks) {
      await uploader.chunk(takeId, c.seq, c.frames, new Float32Array(Uint8Array.from(c.pcm).buffer));
      if (c.seq === 12) victim.child.kill("SIGTERM");
      await sleep(30);
    }
    await uploader.end(takeId, chunks.length, audio.length);

    expect(await exit).toBe(0);
    expect(victim.output()).toMatch(/shut down cleanly/);
    await waitFor(() => completed.length === 1, 90_000, "the take completed on the other node");
    await sleep(300);
    expect(completed).toHaveLength(1);
    expect(completed[0].sha256).toBe(sha256(Buffer.from(audio.buffer)));
    const state = uploader.status.get().takes.find((t) => t.takeId === takeId);
    expect(state).toMatchObject({ phase: "done", pending: 0, error: null });
  });
});
