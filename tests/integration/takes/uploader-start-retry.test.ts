import "fake-indexeddb/auto";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TakeList } from "@bandspace/protocol";
import { ACK_TIMEOUT_MS, type UploadPhase } from "../../../app/lib/takes/TakeUploader";
import { testDatabase, type TestDatabase } from "../../helpers/database";
import { api, createSession } from "../../helpers/server";
import { spawnServer, type ServerProcess } from "../../helpers/server-process";
import { openStudioRecorder, type StudioRecorder } from "../../helpers/studio-socket";
import { chunkAudio, generateAudio, newTakeId, sha256 } from "../../helpers/take-client";
import { sleep, waitFor } from "../../helpers/yjs-client";

vi.setConfig({ testTimeout: 240_000 });

const RATE = 48_000;

/**
 * A take:start the server does not answer in time, or refuses with INTERNAL, on a connection that stays up: the
 * uploader tries again on the same connection (with back-off) instead of waiting for a reconnect that never
 * comes, shows the take as reconnecting rather than failed meanwhile, and the take — one take, whichever attempt
 * the server saw first — ends with every sample.
 */
describe("uploader: take:start retried on the live connection", () => {
  let db: TestDatabase | undefined;
  let node: ServerProcess | undefined;
  let studio: StudioRecorder | undefined;
  let stopped = false;

  beforeAll(async () => {
    db = await testDatabase();
    node = await spawnServer({ dataDir: db.dataDir, databaseUrl: db.url, startTimeoutMs: 120_000 });
  });

  afterAll(async () => {
    studio?.close();
    if (node && stopped) process.kill(node.child.pid!, "SIGCONT");
    await node?.kill9();
    await db?.cleanup();
  });

  /** Records a 2 s take around `trouble` (which runs once the take has begun) and checks what the server keeps. */
  async function recordThrough(
    trouble: (takeId: string, phases: Set<UploadPhase>, sessionId: string) => Promise<void>,
  ) {
    const session = await createSession(node!.url);
    studio?.close();
    studio = await openStudioRecorder(node!.url, session);
    const { uploader, completed } = studio;
    const takeId = newTakeId();
    const phases = new Set<UploadPhase>();
    const errors: string[] = [];
    const off = uploader.status.subscribe(() => {
      const t = uploader.status.get().takes.find((x) => x.takeId === takeId);
      if (t) phases.add(t.phase);
      if (t?.error) errors.push(t.error);
    });
    const audio = generateAudio(RATE * 2, 1, RATE, 23);
    const chunks = chunkAudio(audio, 1, RATE / 10);
    await trouble(takeId, phases, session.sessionId);
    // Recorded while take:start is still unanswered: kept in the outbox and sent once the take has started.
    for (const c of chunks) await studio.chunk(takeId, c);
    await uploader.end(takeId, chunks.length, audio.length);
    await waitFor(() => completed.length === 1 && phases.has("done"), 90_000, "the take completed");
    off();
    expect(completed[0].sha256).toBe(sha256(Buffer.from(audio.buffer)));
    expect(completed[0].frames).toBe(audio.length);
    expect(phases.has("error"), `errors shown: ${errors.join(" | ")}`).toBe(false);
    expect(phases.has("reconnecting")).toBe(true);
    const list = await api<TakeList>(node!.url, "GET", `/api/sessions/${session.sessionId}/takes`, {
      token: session.ownerToken,
    });
    expect(list.body.takes.map((t) => t.takeId)).toEqual([takeId]);
  }

  it("after a take:start that timed out (server stalled past ACK_TIMEOUT_MS)", async () => {
    await recordThrough(async (takeId, phases) => {
      // Stopped as a node starved of CPU behaves; shorter than socket.io's heartbeat allows, so nobody disconnects.
      process.kill(node!.child.pid!, "SIGSTOP");
      stopped = true;
      await studio!.uploader.begin(
        { takeId, trackId: "vox", sampleRate: RATE, channels: 1, startTick: 0, latencyMs: 0 },
        "g",
      );
      await sleep(ACK_TIMEOUT_MS + 2000);
      expect(phases.has("reconnecting")).toBe(true);
      process.kill(node!.child.pid!, "SIGCONT");
      stopped = false;
      expect(studio!.live.ready).toBe(true);
    });
  });

  it("after a take:start refused with INTERNAL (the take's storage could not be created)", async () => {
    await recordThrough(async (takeId, phases, sessionId) => {
      // A file where the session's take folder goes: the server cannot create the take's journal and answers
      // INTERNAL until it is gone.
      const blocker = path.join(db!.dataDir, "takes", sessionId);
      await fs.mkdir(path.dirname(blocker), { recursive: true });
      await fs.writeFile(blocker, "not a folder");
      await studio!.uploader.begin(
        { takeId, trackId: "vox", sampleRate: RATE, channels: 1, startTick: 0, latencyMs: 0 },
        "g",
      );
      await waitFor(() => phases.has("reconnecting"), 20_000, "the take shown as reconnecting");
      await sleep(1500);
      await fs.rm(blocker);
    });
  });
});
