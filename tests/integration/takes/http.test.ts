import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Slow, loaded CI machines: these scenarios stream seconds of audio and restart servers.
vi.setConfig({ testTimeout: 90000 });
import { FLOAT_WAV_HEADER_BYTES, decodeWav } from "@bandspace/dsp";
import type { ErrorBody, TakeInfo, TakePeaks } from "@bandspace/protocol";
import { api, createLink, createSession, startTestServer, type TestServer } from "../../helpers/server";
import {
  chunkAudio,
  connectTakeSocket,
  generateAudio,
  newTakeId,
  request,
  sha256,
  type TakeSocket,
} from "../../helpers/take-client";
import { readByteranges } from "../../helpers/byteranges";

describe("take audio over HTTP", () => {
  let server: TestServer;
  const sockets: TakeSocket[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  it("serves byte ranges with ETag and immutable caching, to members only", async () => {
    const session = await createSession(server.url);
    const other = await createSession(server.url, "Someone else's");
    const viewLink = await createLink(server.url, session, "view");
    const revokedLink = await createLink(server.url, session, "comment");
    const { socket } = await connectTakeSocket(server.url, session.sessionId, session.ownerToken);
    sockets.push(socket);
    const takeId = newTakeId();
    const audio = generateAudio(44100 * 3, 2, 44100, 11);
    const chunks = chunkAudio(audio, 2, 11025);
    expect(
      (
        await request(socket, "take:start", {
          takeId,
          trackId: "gtr",
          sampleRate: 44100,
          channels: 2,
          startTick: 0,
          latencyMs: 3,
        })
      ).ok,
    ).toBe(true);
    for (const c of chunks.slice(0, 4)) expect((await request(socket, "take:chunk", { takeId, ...c })).ok).toBe(true);

    // While recording: the acked part is readable, not cacheable.
    const path = `/api/sessions/${session.sessionId}/takes/${takeId}/audio`;
    const auth = { authorization: `Bearer ${viewLink.token}` };
    const partial = await fetch(server.url + path, { headers: auth });
    expect(partial.status).toBe(200);
    expect(partial.headers.get("cache-control")).toBe("no-store");
    const partialWav = new Uint8Array(await partial.arrayBuffer());
    expect(decodeWav(partialWav).frames).toBe(4 * 11025);
    expect(sha256(partialWav.subarray(FLOAT_WAV_HEADER_BYTES))).toBe(
      sha256(Buffer.concat(chunks.slice(0, 4).map((c) => c.pcm))),
    );
    const partialRange = await fetch(server.url + path, { headers: { ...auth, range: "bytes=50-149" } });
    expect(partialRange.status).toBe(206);
    expect(Buffer.from(await partialRange.arrayBuffer()).equals(Buffer.from(partialWav.subarray(50, 150)))).toBe(true);
    // Several ranges of the growing take, across the WAV header and the journal's chunks, in one multipart body.
    const partialParts = await readByteranges(
      await fetch(server.url + path, { headers: { ...auth, range: "bytes=100000-100099,0-9" } }),
    );
    expect(partialParts.map((p) => p.contentRange)).toEqual([
      `bytes 100000-100099/${partialWav.length}`,
      `bytes 0-9/${partialWav.length}`,
    ]);
    expect(partialParts[0].bytes.equals(Buffer.from(partialWav.subarray(100000, 100100)))).toBe(true);
    expect(partialParts[1].bytes.equals(Buffer.from(partialWav.subarray(0, 10)))).toBe(true);
    const livePeaks = (await (
      await fetch(`${server.url}/api/sessions/${session.sessionId}/takes/${takeId}/peaks`, { headers: auth })
    ).json()) as TakePeaks;
    expect(livePeaks.frames).toBe(4 * 11025);

    for (const c of chunks.slice(4)) expect((await request(socket, "take:chunk", { takeId, ...c })).ok).toBe(true);
    const end = await request(socket, "take:end", { takeId, chunkCount: chunks.length, totalFrames: audio.length / 2 });
    const take = end.take;
    const whole = new Uint8Array(await (await fetch(server.url + path, { headers: auth })).arrayBuffer());
    const size = FLOAT_WAV_HEADER_BYTES + audio.byteLength;
    expect(whole.length).toBe(size);
    expect(sha256(whole.subarray(FLOAT_WAV_HEADER_BYTES))).toBe(take.sha256);

    const r1 = await fetch(server.url + path, { headers: { ...auth, range: "bytes=1000-1999" } });
    expect(r1.status).toBe(206);
    expect(r1.headers.get("content-range")).toBe(`bytes 1000-1999/${size}`);
    expect(r1.headers.get("content-length")).toBe("1000");
    expect(r1.headers.get("accept-ranges")).toBe("bytes");
    expect(r1.headers.get("etag")).toBe(`"${take.sha256}"`);
    expect(r1.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    expect(Buffer.from(await r1.arrayBuffer()).equals(Buffer.from(whole.subarray(1000, 2000)))).toBe(true);
    const suffix = await fetch(server.url + path, { headers: { ...auth, range: "bytes=-100" } });
    expect(suffix.status).toBe(206);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(Buffer.from(whole.subarray(size - 100)))).toBe(true);
    const open = await fetch(server.url + path, { headers: { ...auth, range: `bytes=${size - 10}-` } });
    expect((await open.arrayBuffer()).byteLength).toBe(10);
    const beyond = await fetch(server.url + path, { headers: { ...auth, range: `bytes=${size}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${size}`);
    await beyond.arrayBuffer();
    // Several ranges of the stored take: multipart/byteranges, each part its bytes with its Content-Range.
    const multi = await fetch(server.url + path, {
      headers: { ...auth, range: `bytes=${size - 5}-,1000-1999,-99999999` },
    });
    expect(multi.status).toBe(206);
    expect(multi.headers.get("etag")).toBe(`"${take.sha256}"`);
    // A suffix longer than the take is the whole take, which swallows the other two ranges.
    expect(multi.headers.get("content-range")).toBe(`bytes 0-${size - 1}/${size}`);
    expect(Buffer.from(await multi.arrayBuffer()).equals(Buffer.from(whole))).toBe(true);
    const parts = await readByteranges(
      await fetch(server.url + path, { headers: { ...auth, range: `bytes=${size - 5}-,1000-1999` } }),
    );
    expect(parts.map((p) => p.contentRange)).toEqual([
      `bytes ${size - 5}-${size - 1}/${size}`,
      `bytes 1000-1999/${size}`,
    ]);
    expect(parts[0].bytes.equals(Buffer.from(whole.subarray(size - 5)))).toBe(true);
    expect(parts[1].bytes.equals(Buffer.from(whole.subarray(1000, 2000)))).toBe(true);
    // Every range outside the take: 416, whatever else the header says.
    const allBeyond = await fetch(server.url + path, {
      headers: { ...auth, range: `bytes=${size}-,${size + 10}-${size + 20}` },
    });
    expect(allBeyond.status).toBe(416);
    expect(allBeyond.headers.get("content-range")).toBe(`bytes */${size}`);
    await allBeyond.arrayBuffer();
    const cached = await fetch(server.url + path, { headers: { ...auth, "if-none-match": `"${take.sha256}"` } });
    expect(cached.status).toBe(304);
    const head = await fetch(server.url + path, { method: "HEAD", headers: auth });
    expect(head.headers.get("content-length")).toBe(String(size));

    // Completed peaks are cacheable too.
    const peaksRes = await fetch(`${server.url}${take.peaksUrl}?token=${viewLink.token}`);
    expect(peaksRes.headers.get("etag")).toBeTruthy();
    expect(((await peaksRes.json()) as TakePeaks).peaks).toHaveLength(2);

    // Members only: no token, a token of another session, a garbage token, a revoked link.
    expect((await fetch(server.url + path)).status).toBe(401);
    expect((await fetch(`${server.url}${path}?token=${other.ownerToken}`)).status).toBe(401);
    expect((await fetch(`${server.url}${path}?token=nonsense`)).status).toBe(401);
    expect((await fetch(`${server.url}${path}?token=${revokedLink.token}`)).status).toBe(200);
    await api(server.url, "DELETE", `/api/sessions/${session.sessionId}/links/${revokedLink.id}`, {
      token: session.ownerToken,
    });
    const revoked = await fetch(`${server.url}${path}?token=${revokedLink.token}`);
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as ErrorBody).error.code).toBe("LINK_REVOKED");
    // Another session's take is not reachable through this session, nor with path tricks.
    expect(
      (await fetch(`${server.url}/api/sessions/${other.sessionId}/takes/${takeId}/audio?token=${other.ownerToken}`))
        .status,
    ).toBe(404);
    expect(
      (
        await fetch(
          `${server.url}/api/sessions/${session.sessionId}/takes/..%2F..%2Fbandspace.db/audio?token=${viewLink.token}`,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await fetch(`${server.url}/api/sessions/${session.sessionId}/takes/${takeId}/audio`, {
          method: "DELETE",
          headers: auth,
        })
      ).status,
    ).toBe(400);

    const list = await api<{ takes: TakeInfo[] }>(server.url, "GET", `/api/sessions/${session.sessionId}/takes`, {
      token: viewLink.token,
    });
    expect(list.status).toBe(200);
    expect(list.body.takes).toHaveLength(1);
    expect(list.body.takes[0]).toMatchObject({
      takeId,
      trackId: "gtr",
      state: "complete",
      sha256: take.sha256,
      channels: 2,
      sampleRate: 44100,
    });
  });
});
