import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Streams seconds of audio and writes a 30-minute take on a loaded machine.
vi.setConfig({ testTimeout: 180_000 });
import { PEAK_LEVEL_COUNT, PEAK_LEVEL_FRAMES, bytesToInt16LE, computePeakLevel, peakBinCount } from "@bandspace/dsp";
import { TAKE_PEAK_BINS_MAX, takePeakBinsPath, type ErrorBody } from "@bandspace/protocol";
import { createLink, createSession, startTestServer, type TestServer } from "../../helpers/server";
import { connectTakeSocket, newTakeId, request, type TakeSocket } from "../../helpers/take-client";
import { longTakeSignal, streamLongTake } from "../../helpers/long-take";

interface Bins {
  status: number;
  headers: Headers;
  bins: Int16Array;
  ms: number;
  bytes: number;
}

describe("a take's peak pyramid over HTTP", () => {
  let server: TestServer;
  const sockets: TakeSocket[] = [];
  beforeAll(async () => {
    server = await startTestServer({}, undefined, { takeSync: "write" });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  async function getBins(
    sessionId: string,
    takeId: string,
    query: string,
    token: string,
    headers: Record<string, string> = {},
  ): Promise<Bins> {
    const started = performance.now();
    const res = await fetch(`${server.url}${takePeakBinsPath(sessionId, takeId)}?${query}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
    const body = new Uint8Array(await res.arrayBuffer());
    return {
      status: res.status,
      headers: res.headers,
      bins: bytesToInt16LE(body),
      ms: performance.now() - started,
      bytes: body.length,
    };
  }

  it("serves a recording take's bins as they grow, then the complete take's immutably — equal to the pure computation", async () => {
    const session = await createSession(server.url);
    const { socket } = await connectTakeSocket(server.url, session.sessionId, session.ownerToken);
    sockets.push(socket);
    const takeId = newTakeId();
    const rate = 48000;
    const frames = rate * 6 + 333; // a partial last bin at every level
    const chunkFrames = 4801; // never aligned with a bin
    const started = await request(socket, "take:start", {
      takeId,
      trackId: "gtr",
      sampleRate: rate,
      channels: 2,
      startTick: 0,
      latencyMs: 0,
    });
    expect(started.ok).toBe(true);
    const signal = longTakeSignal(0, frames, 2, rate);
    const chunkCount = Math.ceil(frames / chunkFrames);
    let sent = 0;
    const sendUpTo = async (seqEnd: number) => {
      for (; sent < seqEnd; sent++) {
        const a = sent * chunkFrames;
        const b = Math.min(frames, a + chunkFrames);
        const pcm = Buffer.from(signal.slice(a * 2, b * 2).buffer);
        expect((await request(socket, "take:chunk", { takeId, seq: sent, frames: b - a, pcm })).ok).toBe(true);
      }
      return Math.min(frames, sent * chunkFrames);
    };

    // Live: what exists so far, never cached, growing with every chunk.
    let lastBins = 0;
    for (const seqEnd of [3, 17, 40]) {
      const have = await sendUpTo(seqEnd);
      const prefix = signal.subarray(0, have * 2);
      for (const level of [0, 2, 4]) {
        const r = await getBins(
          session.sessionId,
          takeId,
          `level=${level}&from=0&to=${TAKE_PEAK_BINS_MAX}`,
          session.ownerToken,
        );
        expect(r.status).toBe(200);
        expect(r.headers.get("cache-control")).toBe("no-store");
        expect(r.headers.get("x-take-state")).toBe("recording");
        expect(Number(r.headers.get("x-take-frames"))).toBe(have);
        expect(Number(r.headers.get("x-peak-to"))).toBe(peakBinCount(have, level));
        expect(Array.from(r.bins)).toEqual(Array.from(computePeakLevel(prefix, 2, level)));
        if (level === 0) {
          expect(peakBinCount(have, 0)).toBeGreaterThan(lastBins);
          lastBins = peakBinCount(have, 0);
        }
      }
    }
    // Past the end of a recording take: empty (it may grow there).
    const ahead = await getBins(session.sessionId, takeId, "level=0&from=100000&to=100010", session.ownerToken);
    expect(ahead.status).toBe(200);
    expect(ahead.bytes).toBe(0);

    await sendUpTo(chunkCount);
    const ended = await request(socket, "take:end", { takeId, chunkCount, totalFrames: frames });
    expect(ended.ok).toBe(true);

    // Complete: every level, a range in the middle, ETag + immutable, 304 on revalidation, `to` clipped.
    for (let level = 0; level < PEAK_LEVEL_COUNT; level++) {
      const all = computePeakLevel(signal, 2, level);
      const total = peakBinCount(frames, level);
      const from = Math.floor(total / 3);
      const r = await getBins(
        session.sessionId,
        takeId,
        `level=${level}&from=${from}&to=${total + 50}`,
        session.ownerToken,
      );
      expect(r.status).toBe(200);
      expect(r.headers.get("x-take-state")).toBe("complete");
      expect(r.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
      expect(r.headers.get("content-type")).toBe("application/octet-stream");
      expect(Number(r.headers.get("x-peak-frames-per-peak"))).toBe(PEAK_LEVEL_FRAMES[level]);
      expect(Number(r.headers.get("x-peak-level-bins"))).toBe(total);
      expect([Number(r.headers.get("x-peak-from")), Number(r.headers.get("x-peak-to"))]).toEqual([from, total]);
      expect(Array.from(r.bins)).toEqual(Array.from(all.subarray(from * 4, total * 4)));
      const etag = r.headers.get("etag");
      expect(etag).toBeTruthy();
      const again = await getBins(
        session.sessionId,
        takeId,
        `level=${level}&from=${from}&to=${total + 50}`,
        session.ownerToken,
        {
          "if-none-match": etag!,
        },
      );
      expect(again.status).toBe(304);
    }
  });

  it("answers members only, and refuses bad parameters with a 400 that says what is wrong", async () => {
    const session = await createSession(server.url);
    const other = await createSession(server.url, "Someone else's");
    const viewer = await createLink(server.url, session, "view");
    const { socket } = await connectTakeSocket(server.url, session.sessionId, session.ownerToken);
    sockets.push(socket);
    const takeId = newTakeId();
    await streamLongTake(socket, { takeId, trackId: "gtr", sampleRate: 44100, channels: 1, frames: 44100 * 2 });
    const path = `${server.url}${takePeakBinsPath(session.sessionId, takeId)}`;
    const ok = "level=1&from=0&to=100";

    // Every role may look (like the take's audio); nobody else.
    expect((await getBins(session.sessionId, takeId, ok, viewer.token)).status).toBe(200);
    expect((await fetch(`${path}?${ok}&token=${viewer.token}`)).status).toBe(200);
    expect((await fetch(`${path}?${ok}`)).status).toBe(401);
    expect((await fetch(`${path}?${ok}&token=${other.ownerToken}`)).status).toBe(401);
    expect((await fetch(`${path}?${ok}&token=nonsense`)).status).toBe(401);
    const foreign = await fetch(
      `${server.url}${takePeakBinsPath(other.sessionId, takeId)}?${ok}&token=${other.ownerToken}`,
    );
    expect(foreign.status).toBe(404);

    const bins1 = peakBinCount(44100 * 2, 1);
    for (const [query, message] of [
      ["from=0&to=10", /"level" parameter is missing/],
      ["level=5&from=0&to=10", /no peak level 5: levels are 0…4/],
      ["level=-1&from=0&to=10", /"level" must be a non-negative whole number/],
      ["level=1.5&from=0&to=10", /"level" must be a non-negative whole number/],
      ["level=1&from=abc&to=10", /"from" must be a non-negative whole number/],
      ["level=1&from=0&to=1e3", /"to" must be a non-negative whole number/],
      ["level=1&from=0&to=99999999999", /"to" must be a non-negative whole number/],
      ["level=1&from=10&to=10", /"to" \(10\) must be greater than "from" \(10\)/],
      [`level=1&from=0&to=${TAKE_PEAK_BINS_MAX + 1}`, /At most 16384 bins per request/],
      [`level=1&from=${bins1}&to=${bins1 + 10}`, new RegExp(`past the end of level 1, which has ${bins1} bins`)],
    ] as const) {
      const res = await fetch(`${path}?${query}`, { headers: { authorization: `Bearer ${viewer.token}` } });
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe("BAD_REQUEST");
      expect(body.error.message).toMatch(message);
    }
  });

  it("a 30-minute take stored without a pyramid gets one on first request; then every request is small and quick", async () => {
    const session = await createSession(server.url);
    const rate = 44100;
    const frames = rate * 30 * 60;
    const takeId = newTakeId();
    // An old take: master and metadata only, written the way the server stores them (streamed, never whole).
    const storageKey = "legacy" + Math.random().toString(36).slice(2, 12).padEnd(10, "0");
    const key = { sessionId: session.sessionId, storageKey };
    function* pcm() {
      for (let f = 0; f < frames; f += rate * 10) {
        const n = Math.min(rate * 10, frames - f);
        const s = longTakeSignal(f, n, 1, rate);
        yield new Uint8Array(s.buffer);
      }
    }
    const written = await server.takes.store.writeMaster(
      key,
      { sampleRate: rate, channels: 1 },
      frames,
      Readable.from(pcm()),
      new Float32Array(0),
    );
    const row = await server.db.takes.create({
      id: storageKey,
      sessionId: session.sessionId,
      takeId,
      trackId: "long",
      createdByLinkId: "legacy",
      createdByName: "Old take",
      sampleRate: rate,
      channels: 1,
      startTick: 0,
      latencyMs: 0,
      passIndex: 0,
      lane: null,
      storeKind: server.takes.store.kind,
      storageKey,
    });
    await server.db.takes.complete(row.id, { frames, chunkCount: 1, sha256: written.sha256 });
    expect(await server.takes.store.openPeakPyramid(key)).toBeNull();

    // Two first requests at once share one build (streamed from the master).
    const [first, second] = await Promise.all([
      getBins(session.sessionId, takeId, "level=4&from=0&to=16384", session.ownerToken),
      getBins(session.sessionId, takeId, "level=0&from=0&to=1024", session.ownerToken),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    console.log(`built a 30-minute take's pyramid on first request in ${first.ms.toFixed(0)} ms`);
    const stored = await server.takes.store.openPeakPyramid(key);
    expect(stored).not.toBeNull();
    expect(stored!.size).toBeLessThan(frames / 10); // about 1/8 byte per frame: Int16 min/max per 64 frames, ×4/3
    expect(first.bins.length).toBe(peakBinCount(frames, 4) * 2);

    // Now: ranges at three zooms, each a few kilobytes in milliseconds, equal to a direct computation over them.
    for (const [level, from] of [
      [4, 0],
      [2, 30_000],
      [0, 1_000_000],
    ] as const) {
      const to = from + 1024;
      const r = await getBins(session.sessionId, takeId, `level=${level}&from=${from}&to=${to}`, session.ownerToken);
      expect(r.status).toBe(200);
      expect(r.bytes).toBeLessThanOrEqual(1024 * 4);
      expect(r.ms).toBeLessThan(1000);
      console.log(`level ${level} bins ${from}…${to}: ${r.bytes} bytes in ${r.ms.toFixed(1)} ms`);
      const spp = PEAK_LEVEL_FRAMES[level];
      const startFrame = from * spp;
      const n = Math.min(frames, Math.min(to, peakBinCount(frames, level)) * spp) - startFrame;
      expect(Array.from(r.bins)).toEqual(
        Array.from(computePeakLevel(longTakeSignal(startFrame, n, 1, rate), 1, level)),
      );
    }
    // The last bins of every level (partial at the end) equal a direct computation over the take's tail.
    const tailStart = (peakBinCount(frames, 4) - 3) * PEAK_LEVEL_FRAMES[4];
    const tail = longTakeSignal(tailStart, frames - tailStart, 1, rate);
    for (let level = 0; level < PEAK_LEVEL_COUNT; level++) {
      const total = peakBinCount(frames, level);
      const from = tailStart / PEAK_LEVEL_FRAMES[level];
      const r = await getBins(session.sessionId, takeId, `level=${level}&from=${from}&to=${total}`, session.ownerToken);
      expect(r.bins.length).toBe((total - from) * 2);
      expect(Array.from(r.bins)).toEqual(Array.from(computePeakLevel(tail, 1, level)));
    }
  });
});
