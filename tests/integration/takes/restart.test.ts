import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Slow, loaded CI machines: these scenarios stream seconds of audio and restart servers.
vi.setConfig({ testTimeout: 480_000 });
import { FLOAT_WAV_HEADER_BYTES } from "@bandspace/dsp";
import { testDatabase, type TestDatabase } from "../../helpers/database";
import { createSession } from "../../helpers/server";
import { spawnServer, type ServerProcess } from "../../helpers/server-process";
import {
  chunkAudio,
  connectTakeSocket,
  generateAudio,
  newTakeId,
  request,
  sha256,
  type TakeSocket,
} from "../../helpers/take-client";

describe("a server restart mid-take", () => {
  let db: TestDatabase;
  let server: ServerProcess | null = null;
  const sockets: TakeSocket[] = [];
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.kill9();
    await db.cleanup();
  });

  it("loses nothing that was acked (kill -9), and the take resumes and completes byte-identical", async () => {
    server = await spawnServer({ dataDir: db.dataDir, databaseUrl: db.url, startTimeoutMs: 120_000 });
    const session = await createSession(server.url);
    const takeId = newTakeId();
    const start = { takeId, trackId: "vox", sampleRate: 48000, channels: 2, startTick: 0, latencyMs: 0 };
    const audio = generateAudio(48000 * 4, 2, 48000, 5);
    const chunks = chunkAudio(audio, 2, 4800);

    let { socket } = await connectTakeSocket(server.url, session.sessionId, session.ownerToken);
    sockets.push(socket);
    expect((await request(socket, "take:start", start)).ok).toBe(true);
    // 0..14 acked, plus 17 and 18 acked ahead of a gap; then a burst the server may or may not have stored.
    for (const c of chunks.slice(0, 15)) expect((await request(socket, "take:chunk", { takeId, ...c })).ok).toBe(true);
    for (const c of [chunks[17], chunks[18]])
      expect((await request(socket, "take:chunk", { takeId, ...c })).ok).toBe(true);
    for (const c of chunks.slice(19, 25)) socket.emit("take:chunk", { takeId, ...c }, () => {});
    await server.kill9();
    socket.disconnect();

    server = await spawnServer({ dataDir: db.dataDir, databaseUrl: db.url, startTimeoutMs: 120_000 });
    ({ socket } = await connectTakeSocket(server.url, session.sessionId, session.ownerToken));
    sockets.push(socket);
    const resumed = await request(socket, "take:start", start);
    expect(resumed.ok).toBe(true);
    expect(resumed.take.state).toBe("recording");
    expect(resumed.take.nextSeq).toBe(15);
    expect(resumed.take.storedAhead).toEqual(expect.arrayContaining([17, 18]));
    // What the server has is what it acked (and possibly some of the unacked burst), byte for byte.
    const stored = new Set([...Array(resumed.take.nextSeq).keys(), ...resumed.take.storedAhead]);
    for (const s of stored)
      expect((await request(socket, "take:chunk", { takeId, ...chunks[s] })).duplicate).toBe(true);

    for (const c of chunks.filter((c) => !stored.has(c.seq)).reverse())
      expect((await request(socket, "take:chunk", { takeId, ...c })).ok).toBe(true);
    const end = await request(socket, "take:end", { takeId, chunkCount: chunks.length, totalFrames: audio.length / 2 });
    expect(end.ok).toBe(true);
    expect(end.take.sha256).toBe(sha256(Buffer.from(audio.buffer)));

    // And the complete take survives another kill -9.
    await server.kill9();
    server = await spawnServer({ dataDir: db.dataDir, databaseUrl: db.url, startTimeoutMs: 120_000 });
    const wav = new Uint8Array(
      await (await fetch(`${server.url}${end.take.audioUrl}?token=${session.ownerToken}`)).arrayBuffer(),
    );
    expect(sha256(wav.subarray(FLOAT_WAV_HEADER_BYTES))).toBe(sha256(Buffer.from(audio.buffer)));
  });
});
