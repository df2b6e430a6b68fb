import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Slow, loaded CI machines: these scenarios stream seconds of audio and restart servers.
vi.setConfig({ testTimeout: 90000 });
import { FLOAT_WAV_HEADER_BYTES, computePeaks, decodeWav, peaksByChannel } from "@bandspace/dsp";
import { TAKE_MAX_OPEN_PER_LINK, type TakeChunkRelay, type TakeInfo, type TakePeaks } from "@bandspace/protocol";
import { createLink, createSession, startTestServer, type TestServer } from "../../helpers/server";
import {
  chunkAudio,
  collectRelays,
  connectTakeSocket,
  generateAudio,
  newTakeId,
  request,
  sha256,
  type TakeSocket,
} from "../../helpers/take-client";
import { waitFor } from "../../helpers/yjs-client";

const RATE = 48000;
const CH = 2;

describe("streaming a take", () => {
  let server: TestServer;
  const sockets: TakeSocket[] = [];
  const connect = async (sessionId: string, token: string) => {
    const c = await connectTakeSocket(server.url, sessionId, token);
    sockets.push(c.socket);
    return c.socket;
  };
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  it("arrives byte-identical after a dropped connection and out-of-order resends; a listener gets every chunk in order", async () => {
    const session = await createSession(server.url);
    const viewer = await createLink(server.url, session, "view");
    const listener = await connect(session.sessionId, viewer.token);
    const relays = collectRelays(listener);
    const started: TakeInfo[] = [];
    const ended: TakeInfo[] = [];
    listener.on("take:started", (t) => started.push(t));
    listener.on("take:ended", (t) => ended.push(t));

    // 6 s of generated stereo audio in 100 ms chunks (the last one shorter).
    const audio = generateAudio(RATE * 6 + 1234, CH, RATE, 7);
    const chunks = chunkAudio(audio, CH, RATE / 10);
    const takeId = newTakeId();
    const start = {
      takeId,
      trackId: "track-1",
      sampleRate: RATE,
      channels: CH,
      startTick: 1920,
      latencyMs: 12.5,
      passIndex: 0,
      displayName: "Alex",
    };

    let rec = await connect(session.sessionId, session.ownerToken);
    const s1 = await request(rec, "take:start", start);
    expect(s1.ok).toBe(true);
    expect(s1.take).toMatchObject({
      takeId,
      state: "recording",
      nextSeq: 0,
      createdBy: "Alex",
      sampleRate: RATE,
      channels: CH,
    });

    // First 20 chunks acked; then 20..29 are sent without waiting and the connection drops (some are lost).
    for (const c of chunks.slice(0, 20)) expect((await request(rec, "take:chunk", { takeId, ...c })).ok).toBe(true);
    for (const c of chunks.slice(20, 30)) rec.emit("take:chunk", { takeId, ...c }, () => {});
    rec.disconnect();

    // Chunks 45..50 arrive ahead of a gap on the new connection (out of order is allowed within the window).
    rec = await connect(session.sessionId, session.ownerToken);
    const resumed = await request(rec, "take:start", start);
    expect(resumed.ok).toBe(true);
    expect(resumed.take.nextSeq).toBeGreaterThanOrEqual(20);
    for (const c of chunks.slice(45, 51).reverse())
      expect((await request(rec, "take:chunk", { takeId, ...c })).ok).toBe(true);

    // An early end names exactly what is missing.
    const early = await request(rec, "take:end", { takeId, chunkCount: chunks.length, totalFrames: audio.length / CH });
    expect(early.ok).toBe(false);
    expect(early.error.code).toBe("TAKE_INCOMPLETE");
    const info = (await request(rec, "take:start", start)).take;
    const have = new Set<number>([...Array(info.nextSeq).keys(), ...info.storedAhead]);
    const missing = chunks.map((c) => c.seq).filter((s) => !have.has(s));
    expect(missing.length).toBeGreaterThan(15);
    expect(early.error.missing).toEqual(missing);

    // Resend the missing chunks shuffled (window permitting), plus a few duplicates of stored ones.
    const order = [...missing].sort((a, b) => ((a * 7919) % 13) - ((b * 7919) % 13) || a - b);
    const sent = new Set(have);
    while (sent.size < chunks.length) {
      const base = Math.min(...missing.filter((s) => !sent.has(s)));
      const batch = order.filter((s) => !sent.has(s) && s < base + 60);
      const replies = await Promise.all(batch.map((s) => request(rec, "take:chunk", { takeId, ...chunks[s] })));
      for (const r of replies) expect(r).toMatchObject({ ok: true });
      batch.forEach((s) => sent.add(s));
    }
    const dup = await request(rec, "take:chunk", { takeId, ...chunks[3] });
    expect(dup).toEqual({ ok: true, seq: 3, duplicate: true });

    const end = await request(rec, "take:end", { takeId, chunkCount: chunks.length, totalFrames: audio.length / CH });
    expect(end.ok).toBe(true);
    const pcm = Buffer.from(audio.buffer);
    expect(end.take).toMatchObject({
      state: "complete",
      frames: audio.length / CH,
      sha256: sha256(pcm),
      nextSeq: chunks.length,
    });
    expect(end.take.durationSeconds).toBeCloseTo(audio.length / CH / RATE, 6);
    // take:end again is idempotent.
    expect(
      (await request(rec, "take:end", { takeId, chunkCount: chunks.length, totalFrames: audio.length / CH })).take
        .sha256,
    ).toBe(sha256(pcm));

    // The listener saw the take start, every chunk exactly once in seq order with the right offsets, and the end.
    await waitFor(() => ended.length === 1, 20_000);
    expect(started.map((t) => t.takeId)).toEqual([takeId]);
    const got = relays.get(takeId) as TakeChunkRelay[];
    expect(got.map((c) => c.seq)).toEqual(chunks.map((c) => c.seq));
    let frame = 0;
    for (const c of got) {
      expect(c.startFrame).toBe(frame);
      frame += c.frames;
    }
    expect(sha256(Buffer.concat(got.map((c) => c.pcm as Buffer)))).toBe(sha256(pcm));

    // Stored audio over HTTP is the exact captured PCM.
    const res = await fetch(`${server.url}${end.take.audioUrl}?token=${viewer.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/wav");
    const wav = new Uint8Array(await res.arrayBuffer());
    const decoded = decodeWav(wav);
    expect(decoded).toMatchObject({ sampleRate: RATE, channels: CH, frames: audio.length / CH, formatTag: 3 });
    expect(sha256(wav.subarray(FLOAT_WAV_HEADER_BYTES))).toBe(sha256(pcm));

    // Peaks were computed while streaming and equal the peaks of the whole signal.
    const peaks = (await (
      await fetch(`${server.url}${end.take.peaksUrl}`, { headers: { authorization: `Bearer ${viewer.token}` } })
    ).json()) as TakePeaks;
    expect(peaks.frames).toBe(audio.length / CH);
    const expected = peaksByChannel(computePeaks(audio, CH, peaks.samplesPerPeak), CH);
    expect(peaks.peaks.map((ch) => ch.map((v) => Math.fround(v)))).toEqual(expected);
  });

  it("refuses wrong roles, garbage and limits with clear codes, and nothing stored is damaged", async () => {
    const session = await createSession(server.url);
    const viewLink = await createLink(server.url, session, "view");
    const commentLink = await createLink(server.url, session, "comment");
    const editLink = await createLink(server.url, session, "edit");
    const owner = await connect(session.sessionId, session.ownerToken);
    const viewer = await connect(session.sessionId, viewLink.token);
    const commenter = await connect(session.sessionId, commentLink.token);
    const editor = await connect(session.sessionId, editLink.token);
    const takeId = newTakeId();
    const start = { takeId, trackId: "t1", sampleRate: 44100, channels: 1, startTick: 0, latencyMs: 0 };

    for (const s of [viewer, commenter]) {
      const r = await request(s, "take:start", start);
      expect(r.ok).toBe(false);
      expect(r.error.code).toBe("ROLE_FORBIDDEN");
      expect(r.error.message).toMatch(/edit link/);
    }
    for (const bad of [
      "garbage",
      null,
      42,
      { takeId: "../../etc", trackId: "t1", sampleRate: 44100, channels: 1, startTick: 0, latencyMs: 0 },
      { ...start, channels: 3 },
      { ...start, startTick: -1 },
    ]) {
      const r = await request(owner, "take:start", bad);
      expect(r.error.code).toBe("MALFORMED_MESSAGE");
    }
    expect((await request(owner, "take:start", { ...start, sampleRate: 22050 })).error.code).toBe("TAKE_BAD_FORMAT");

    expect((await request(owner, "take:start", start)).ok).toBe(true);
    const audio = generateAudio(44100 * 2, 1, 44100, 3);
    const chunks = chunkAudio(audio, 1, 4410);
    for (const c of chunks.slice(0, 5)) expect((await request(owner, "take:chunk", { takeId, ...c })).ok).toBe(true);

    const refusals: Array<[unknown, string, TakeSocket?]> = [
      [{ takeId, ...chunks[5] }, "ROLE_FORBIDDEN", viewer],
      [{ takeId, ...chunks[5] }, "ROLE_FORBIDDEN", editor], // another editor cannot write into my take
      [{ takeId, seq: 5, frames: 10, pcm: "not binary" }, "MALFORMED_MESSAGE"],
      [{ takeId, seq: -1, frames: 10, pcm: Buffer.alloc(40) }, "MALFORMED_MESSAGE"],
      [{ takeId, seq: 5, frames: 10, pcm: Buffer.alloc(41) }, "TAKE_BAD_FORMAT"],
      [{ takeId, seq: 5, frames: 44101, pcm: Buffer.alloc(44101 * 4) }, "TAKE_CHUNK_TOO_LARGE"],
      [{ takeId, seq: 5 + 64, frames: 10, pcm: Buffer.alloc(40) }, "TAKE_CHUNK_OUT_OF_ORDER"],
      [{ takeId, ...chunks[2], pcm: Buffer.alloc(chunks[2].pcm.length) }, "TAKE_CHUNK_CONFLICT"],
      [{ takeId: newTakeId(), ...chunks[0] }, "TAKE_NOT_FOUND"],
    ];
    for (const [payload, code, socket] of refusals) {
      const r = await request(socket ?? owner, "take:chunk", payload);
      expect(r.ok, `${code}`).toBe(false);
      expect(r.error.code).toBe(code);
      expect(r.error.message.length).toBeGreaterThan(10);
    }
    expect((await request(editor, "take:abort", { takeId })).error.code).toBe("ROLE_FORBIDDEN");
    expect((await request(owner, "take:end", { takeId, chunkCount: 5, totalFrames: 1 })).error.code).toBe(
      "TAKE_BAD_FORMAT",
    );
    expect((await request(owner, "take:end", { takeId: "x" })).error.code).toBe("MALFORMED_MESSAGE");
    // A socket that omits the ack is ignored, not crashed on.
    (owner as unknown as { emit: (event: string, payload: unknown) => void }).emit("take:chunk", "garbage");

    for (const c of chunks.slice(5)) expect((await request(owner, "take:chunk", { takeId, ...c })).ok).toBe(true);
    const end = await request(owner, "take:end", { takeId, chunkCount: chunks.length, totalFrames: audio.length });
    expect(end.ok).toBe(true);
    expect(end.take.sha256).toBe(sha256(Buffer.from(audio.buffer)));
    expect(
      (await request(owner, "take:chunk", { takeId, ...chunks[0], pcm: Buffer.alloc(chunks[0].pcm.length) })).error
        .code,
    ).toBe("TAKE_ALREADY_ENDED");
    expect((await request(owner, "take:abort", { takeId })).error.code).toBe("TAKE_ALREADY_ENDED");
    expect((await request(owner, "take:start", { ...start, channels: 2 })).error.code).toBe("TAKE_BAD_FORMAT");
    // The stored take is unchanged by all of that.
    const wav = new Uint8Array(
      await (await fetch(`${server.url}${end.take.audioUrl}?token=${session.ownerToken}`)).arrayBuffer(),
    );
    expect(sha256(wav.subarray(FLOAT_WAV_HEADER_BYTES))).toBe(sha256(Buffer.from(audio.buffer)));

    // Aborting discards a take in progress; listeners hear about it.
    const aborted: string[] = [];
    viewer.on("take:aborted", (a) => aborted.push(a.takeId));
    const t2 = newTakeId();
    expect((await request(owner, "take:start", { ...start, takeId: t2 })).ok).toBe(true);
    expect((await request(owner, "take:chunk", { takeId: t2, ...chunks[0] })).ok).toBe(true);
    expect(await request(owner, "take:abort", { takeId: t2 })).toEqual({ ok: true, takeId: t2 });
    await waitFor(() => aborted.includes(t2), 10_000);
    expect((await request(owner, "take:chunk", { takeId: t2, ...chunks[1] })).error.code).toBe("TAKE_ALREADY_ENDED");
    const list = (await (
      await fetch(`${server.url}/api/sessions/${session.sessionId}/takes?token=${viewLink.token}`)
    ).json()) as { takes: TakeInfo[] };
    expect(list.takes.map((t: TakeInfo) => t.takeId)).toEqual([takeId]);
  });

  it("stops a take at the maximum length", async () => {
    const short = await startTestServer({ takeMaxSeconds: 1 });
    try {
      const session = await createSession(short.url);
      const { socket } = await connectTakeSocket(short.url, session.sessionId, session.ownerToken);
      sockets.push(socket);
      const takeId = newTakeId();
      expect(
        (
          await request(socket, "take:start", {
            takeId,
            trackId: "t",
            sampleRate: 48000,
            channels: 1,
            startTick: 0,
            latencyMs: 0,
          })
        ).ok,
      ).toBe(true);
      const chunks = chunkAudio(generateAudio(48000 * 2, 1, 48000), 1, 12000);
      const codes = [];
      for (const c of chunks) codes.push((await request(socket, "take:chunk", { takeId, ...c })).error?.code ?? "ok");
      expect(codes).toEqual([
        "ok",
        "ok",
        "ok",
        "ok",
        "TAKE_TOO_LONG",
        "TAKE_TOO_LONG",
        "TAKE_TOO_LONG",
        "TAKE_TOO_LONG",
      ]);
      const end = await request(socket, "take:end", { takeId, chunkCount: 4, totalFrames: 48000 });
      expect(end.take.frames).toBe(48000);
    } finally {
      await short.stop();
    }
  });

  it("limits how many takes one link records at once", async () => {
    const session = await createSession(server.url);
    const owner = await connect(session.sessionId, session.ownerToken);
    const start = { trackId: "t", sampleRate: 48000, channels: 1, startTick: 0, latencyMs: 0 };
    const ids = Array.from({ length: TAKE_MAX_OPEN_PER_LINK }, () => newTakeId());
    for (const takeId of ids) expect((await request(owner, "take:start", { ...start, takeId })).ok).toBe(true);
    const over = await request(owner, "take:start", { ...start, takeId: newTakeId() });
    expect(over.error.code).toBe("TAKE_TOO_MANY");
    expect((await request(owner, "take:abort", { takeId: ids[0] })).ok).toBe(true);
    expect((await request(owner, "take:start", { ...start, takeId: newTakeId() })).ok).toBe(true);
  });

  it("skips live audio to a listener that cannot keep up, and relays to it again once it has drained", async () => {
    const relayServer = await startTestServer({ relayMaxQueuedPackets: 8 });
    try {
      const session = await createSession(relayServer.url);
      const viewer = await createLink(relayServer.url, session, "view");
      const join = async (token: string) => {
        const c = await connectTakeSocket(relayServer.url, session.sessionId, token);
        sockets.push(c.socket);
        return c.socket;
      };
      const fast = await join(viewer.token);
      const slow = await join(viewer.token);
      const fastRelays = collectRelays(fast);
      const slowRelays = collectRelays(slow);
      const slowEnded: TakeInfo[] = [];
      slow.on("take:ended", (t) => slowEnded.push(t));
      const rec = await join(session.ownerToken);
      // 1 s stereo chunks: enough bytes to fill the paused listener's TCP buffers quickly.
      const audio = generateAudio(RATE * 50, CH, RATE, 11);
      const chunks = chunkAudio(audio, CH, RATE);
      const takeId = newTakeId();
      expect(
        (
          await request(rec, "take:start", {
            takeId,
            trackId: "t",
            sampleRate: RATE,
            channels: CH,
            startTick: 0,
            latencyMs: 0,
          })
        ).ok,
      ).toBe(true);

      // The slow listener stops reading (a stalled network or tab): its socket's buffers fill up.
      const tcp = (
        slow.io.engine.transport as unknown as { ws: { _socket: { pause: () => void; resume: () => void } } }
      ).ws._socket;
      tcp.pause();
      for (const c of chunks.slice(0, 40)) expect((await request(rec, "take:chunk", { takeId, ...c })).ok).toBe(true);
      await waitFor(() => (fastRelays.get(takeId)?.length ?? 0) === 40, 30_000);
      // It reads again and catches up with what was queued for it; then it gets live audio again.
      tcp.resume();
      await new Promise((r) => setTimeout(r, 1500));
      const before = slowRelays.get(takeId)?.length ?? 0;
      expect(before).toBeLessThan(40);
      for (const c of chunks.slice(40)) expect((await request(rec, "take:chunk", { takeId, ...c })).ok).toBe(true);
      const end = await request(rec, "take:end", { takeId, chunkCount: chunks.length, totalFrames: RATE * 50 });
      expect(end.ok).toBe(true);
      await waitFor(() => slowEnded.length === 1 && (fastRelays.get(takeId)?.length ?? 0) === chunks.length, 30_000);

      // The fast listener got everything in order; the slow one a gap, but in order and with the live tail.
      expect(fastRelays.get(takeId)!.map((c) => c.seq)).toEqual(chunks.map((c) => c.seq));
      const slowSeqs = slowRelays.get(takeId)!.map((c) => c.seq);
      expect(slowSeqs.length).toBeLessThan(chunks.length);
      expect([...slowSeqs].sort((a, b) => a - b)).toEqual(slowSeqs);
      expect(slowSeqs.slice(-5)).toEqual([45, 46, 47, 48, 49]);
      // Each relayed chunk says where it goes, so the listener places what follows a gap correctly.
      for (const c of slowRelays.get(takeId)!) expect(c.startFrame).toBe(c.seq * RATE);
      // The take itself is whole.
      expect(end.take.sha256).toBe(sha256(Buffer.from(audio.buffer)));
    } finally {
      await relayServer.stop();
    }
  });

  it("finalises an abandoned take with everything acked up to the first gap", async () => {
    const idle = await startTestServer({ takeIdleFinaliseMs: 700 });
    try {
      const session = await createSession(idle.url);
      const { socket } = await connectTakeSocket(idle.url, session.sessionId, session.ownerToken);
      sockets.push(socket);
      const ended: TakeInfo[] = [];
      socket.on("take:ended", (t) => ended.push(t));
      const takeId = newTakeId();
      expect(
        (
          await request(socket, "take:start", {
            takeId,
            trackId: "t",
            sampleRate: 48000,
            channels: 1,
            startTick: 0,
            latencyMs: 0,
          })
        ).ok,
      ).toBe(true);
      const audio = generateAudio(4800 * 6, 1, 48000, 9);
      const chunks = chunkAudio(audio, 1, 4800);
      for (const c of [chunks[0], chunks[1], chunks[2], chunks[4]])
        expect((await request(socket, "take:chunk", { takeId, ...c })).ok).toBe(true);
      await waitFor(() => ended.length === 1, 20_000);
      expect(ended[0]).toMatchObject({ takeId, state: "complete", frames: 3 * 4800, nextSeq: 3 });
      expect(ended[0].sha256).toBe(sha256(Buffer.concat([chunks[0].pcm, chunks[1].pcm, chunks[2].pcm])));
      expect((await request(socket, "take:chunk", { takeId, ...chunks[3] })).error.code).toBe("TAKE_ALREADY_ENDED");
      // The recorder coming back late resumes with take:start: the take is complete with what was contiguous,
      // and nextSeq says which of its unsent chunks did not make it (the client tells its user so).
      const late = await request(socket, "take:start", {
        takeId,
        trackId: "t",
        sampleRate: 48000,
        channels: 1,
        startTick: 0,
        latencyMs: 0,
      });
      expect(late.ok).toBe(true);
      expect(late.take).toMatchObject({ state: "complete", nextSeq: 3, frames: 3 * 4800 });
    } finally {
      await idle.stop();
    }
  });
});
