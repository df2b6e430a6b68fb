import { describe, expect, it, vi } from "vitest";

vi.setConfig({ testTimeout: 180_000 });
import { FLOAT_WAV_HEADER_BYTES } from "@bandspace/dsp";
import type { TakeList } from "@bandspace/protocol";
import { api, createSession } from "../../helpers/server";
import { useScaleOutCluster } from "../../helpers/scale-out-fixture";
import { chunkAudio, connectTakeSocket, generateAudio, newTakeId, request, sha256 } from "../../helpers/take-client";
import { scaleOutUnavailable } from "../../helpers/scale-out-services";

/**
 * A take whose node is gone and whose recorder never comes back is adopted by another node's sweep and finalised
 * by its idle timer with everything acked. Two nodes in this process (short idle and sweep times) on one
 * PostgreSQL database, one Redis and one s3rver.
 */

const unavailable = await scaleOutUnavailable();

describe.skipIf(unavailable !== null)("orphaned takes across nodes", () => {
  const cluster = useScaleOutCluster("orphans");
  const node = (nodeId: string) => cluster.startNode(nodeId, { takeIdleFinaliseMs: 1000, takeOrphanSweepMs: 300 });

  it("is finalised by another node with every acked chunk", async () => {
    const a = await node("orphan-a");
    const b = await node("orphan-b");
    const session = await createSession(a.url);
    const { socket } = await connectTakeSocket(a.url, session.sessionId, session.ownerToken);
    const takeId = newTakeId();
    const audio = generateAudio(4800 * 10, 1, 48000, 5);
    const chunks = chunkAudio(audio, 1, 4800);
    const start = { takeId, trackId: "t", sampleRate: 48000, channels: 1, startTick: 0, latencyMs: 0 };
    expect((await request(socket, "take:start", start)).ok).toBe(true);
    for (const c of chunks) expect((await request(socket, "take:chunk", { takeId, ...c })).ok).toBe(true);
    socket.disconnect();
    // Node a leaves with the take still recording (its lease released, as after its expiry).
    await a.stop();

    const takes = () =>
      api<TakeList>(b.url, "GET", `/api/sessions/${session.sessionId}/takes`, { token: session.ownerToken });
    let take = (await takes()).body.takes[0];
    for (const t0 = Date.now(); take.state !== "complete" && Date.now() - t0 < 60_000;) {
      await new Promise((r) => setTimeout(r, 100));
      take = (await takes()).body.takes[0];
    }
    expect(take.state).toBe("complete");
    expect(take.frames).toBe(audio.length);
    expect(take.sha256).toBe(sha256(Buffer.from(audio.buffer)));
    const wav = new Uint8Array(
      await (await fetch(`${b.url}${take.audioUrl}?token=${session.ownerToken}`)).arrayBuffer(),
    );
    expect(sha256(wav.subarray(FLOAT_WAV_HEADER_BYTES))).toBe(take.sha256);
  });
});
