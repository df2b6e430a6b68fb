import "fake-indexeddb/auto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { SEGMENT_PUT_DEADLINE_MS } from "../../../server/takes/s3-journal";
import { testDatabase, type TestDatabase } from "../../helpers/database";
import { startPausableProxy, type PausableProxy } from "../../helpers/pausable-proxy";
import { startS3rver, type TestS3 } from "../../helpers/s3rver";
import { createSession, startTestServer, type TestServer } from "../../helpers/server";
import { chunkAudio, generateAudio, newTakeId, sha256 } from "../../helpers/take-client";
import { openStudioRecorder, type StudioRecorder } from "../../helpers/studio-socket";
import { sleep, waitFor } from "../../helpers/yjs-client";

vi.setConfig({ testTimeout: 180_000 });

const RATE = 48_000;

/**
 * The take storage stops answering mid-take (issue #21): s3rver behind a proxy that goes silent, as a hung or
 * unreachable storage server does. The studio's own client records through it (openStudioRecorder: its socket and TakeUploader).
 * Nothing waits forever: chunks are refused within the PUT deadline with a message that says why, /readyz reports
 * the storage down, /healthz keeps answering; once the storage is back the outbox's resends go through, /readyz is
 * ready again, and the finished take is every sample, nothing acknowledged lost.
 */
describe("take storage outage", () => {
  let db: TestDatabase | undefined;
  let s3: TestS3 | undefined;
  let proxy: PausableProxy | undefined;
  let server: TestServer | undefined;
  let studio: StudioRecorder | undefined;

  afterAll(async () => {
    studio?.close();
    proxy?.resume();
    await server?.close();
    await proxy?.close();
    await s3?.stop();
    await db?.cleanup();
  });

  it("refuses chunks while S3 is silent, reports storage not ready, and loses nothing once it is back", async () => {
    db = await testDatabase();
    s3 = await startS3rver();
    proxy = await startPausableProxy(s3.config.endpoint!);
    server = await startTestServer({}, db, { takeStore: "s3", s3: { ...s3.config, endpoint: proxy.url } });
    const readyz = async () => {
      const res = await fetch(`${server!.url}/readyz`);
      return { status: res.status, body: (await res.json()) as { failing: string[] } };
    };
    expect((await readyz()).status).toBe(200);

    const session = await createSession(server.url);
    studio = await openStudioRecorder(server.url, session);
    const { uploader, completed } = studio;
    const state = () => studio!.state(takeId)!;

    const takeId = newTakeId();
    const audio = generateAudio(RATE * 4, 1, RATE, 9);
    const chunks = chunkAudio(audio, 1, RATE / 10);
    await uploader.begin({ takeId, trackId: "vox", sampleRate: RATE, channels: 1, startTick: 0, latencyMs: 0 }, "g");
    const send = async (from: number, to: number) => {
      for (const c of chunks.slice(from, to)) {
        await studio!.chunk(takeId, c);
        await sleep(20);
      }
    };
    await send(0, 15);
    // (The uploader's "acked" counts a chunk again when a resume finds it stored: "pending" is the exact count.)
    await waitFor(() => state().pending === 0, 30_000, "the first 15 chunks acknowledged");
    const ackedBefore = state().acked;

    // The storage goes silent while recording goes on.
    proxy.pause();
    const pausedAt = Date.now();
    await send(15, 30);
    // Refused, not left hanging: the recorder hears why within the PUT deadline (plus the socket round trip).
    await waitFor(
      () => /storage is not answering/.test(state().error ?? ""),
      SEGMENT_PUT_DEADLINE_MS + 5000,
      "refusal",
    );
    expect(Date.now() - pausedAt).toBeLessThan(SEGMENT_PUT_DEADLINE_MS + 5000);
    // /readyz names the storage; /healthz still answers (the process is alive and serving).
    let notReady: Awaited<ReturnType<typeof readyz>> | null = null;
    for (const start = Date.now(); Date.now() - start < 15_000; await sleep(200)) {
      const r = await readyz();
      if (r.status === 503) {
        notReady = r;
        break;
      }
    }
    expect(notReady?.body.failing).toEqual(["storage"]);
    const healthStart = Date.now();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(Date.now() - healthStart).toBeLessThan(2000);
    // Nothing was acknowledged that the storage did not confirm.
    expect(state().acked).toBe(ackedBefore);
    expect(state().pending).toBe(15);

    // The storage is back: the outbox's resends go through, the take ends with every sample.
    proxy.resume();
    await send(30, chunks.length);
    await uploader.end(takeId, chunks.length, audio.length);
    await waitFor(() => completed.length === 1, 60_000, "the take completed");
    expect(completed[0].sha256).toBe(sha256(Buffer.from(audio.buffer)));
    expect(completed[0].frames).toBe(audio.length);
    expect(state()).toMatchObject({ phase: "done", pending: 0, error: null });
    let ready = await readyz();
    for (const start = Date.now(); ready.status !== 200 && Date.now() - start < 15_000; await sleep(200))
      ready = await readyz();
    expect(ready.status).toBe(200);
    // The stored take as served is the audio, byte for byte.
    const wav = await fetch(`${server.url}${completed[0].audioUrl}?token=${session.ownerToken}`);
    expect(wav.status).toBe(200);
    const body = Buffer.from(await wav.arrayBuffer());
    expect(sha256(body.subarray(body.length - audio.byteLength))).toBe(sha256(Buffer.from(audio.buffer)));
  });
});
