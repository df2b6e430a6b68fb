import "fake-indexeddb/auto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { ACK_TIMEOUT_MS } from "../../../app/lib/takes/TakeUploader";
import { testDatabase, type TestDatabase } from "../../helpers/database";
import { createSession } from "../../helpers/server";
import { spawnServer, type ServerProcess } from "../../helpers/server-process";
import { openStudioRecorder, type StudioRecorder } from "../../helpers/studio-socket";
import { chunkAudio, generateAudio, newTakeId, sha256 } from "../../helpers/take-client";
import { sleep, waitFor } from "../../helpers/yjs-client";

vi.setConfig({ testTimeout: 240_000 });

const RATE = 48_000;

/**
 * A server that answers later than the uploader waits, on a connection that stays up: the server process is
 * stopped (SIGSTOP, as a node starved of CPU at a load average of 20 behaves) for longer than ACK_TIMEOUT_MS, and
 * shorter than socket.io's heartbeat allows, so nobody disconnects. The chunks sent meanwhile time out on the
 * recorder's side and are stored late by the server; the uploader must send them again (duplicates), or they stay
 * pending and the take never ends.
 */
describe("uploader: a chunk whose acknowledgement came too late", () => {
  let db: TestDatabase | undefined;
  let node: ServerProcess | undefined;
  let studio: StudioRecorder | undefined;

  afterAll(async () => {
    studio?.close();
    if (node) process.kill(node.child.pid!, "SIGCONT");
    await node?.kill9();
    await db?.cleanup();
  });

  it("is sent again on the same connection, and the take ends with every sample", async () => {
    db = await testDatabase();
    node = await spawnServer({ dataDir: db.dataDir, databaseUrl: db.url, startTimeoutMs: 120_000 });
    studio = await openStudioRecorder(node.url, await createSession(node.url));
    const { uploader, completed } = studio;
    const takeId = newTakeId();
    const state = () => studio!.state(takeId);
    const audio = generateAudio(RATE * 2, 1, RATE, 17);
    const chunks = chunkAudio(audio, 1, RATE / 10);
    await uploader.begin({ takeId, trackId: "vox", sampleRate: RATE, channels: 1, startTick: 0, latencyMs: 0 }, "g");
    for (const c of chunks.slice(0, 5)) await studio.chunk(takeId, c);
    await waitFor(() => state()?.pending === 0, 30_000, "the first chunks acknowledged");

    process.kill(node.child.pid!, "SIGSTOP");
    for (const c of chunks.slice(5)) await studio.chunk(takeId, c);
    await sleep(ACK_TIMEOUT_MS + 2000);
    process.kill(node.child.pid!, "SIGCONT");
    expect(studio.live.ready).toBe(true);

    await uploader.end(takeId, chunks.length, audio.length);
    await waitFor(() => completed.length === 1 && state()?.phase === "done", 60_000, "the take completed");
    expect(completed[0].sha256).toBe(sha256(Buffer.from(audio.buffer)));
    expect(state()).toMatchObject({ pending: 0, error: null });
  });
});
