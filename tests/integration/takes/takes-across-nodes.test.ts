import { describe, expect, it, vi } from "vitest";

// Slow, loaded CI machines: two server processes (tsx start-up 5–10 s each), a kill -9 and a lease expiry.
vi.setConfig({ testTimeout: 480_000 });
import { FLOAT_WAV_HEADER_BYTES, decodeWav } from "@bandspace/dsp";
import type { TakeInfo } from "@bandspace/protocol";
import { createLink, createSession } from "../../helpers/server";
import type { ServerProcess } from "../../helpers/server-process";
import { useScaleOutCluster } from "../../helpers/scale-out-fixture";
import { chunkAudio, collectRelays, generateAudio, newTakeId, request, sha256 } from "../../helpers/take-client";
import { waitFor } from "../../helpers/yjs-client";
import { scaleOutUnavailable } from "../../helpers/scale-out-services";

/**
 * Takes across server nodes (issue #21): two real server processes on one PostgreSQL database (fresh), one Redis
 * (a key prefix of this run) and one S3 (a private s3rver). The recorder's node is killed with kill -9.
 */
const RATE = 48000;
const CH = 2;

const unavailable = await scaleOutUnavailable();

describe.skipIf(unavailable !== null)("takes across nodes", () => {
  const cluster = useScaleOutCluster("takes");
  const nodes: ServerProcess[] = [];
  const startNode = async (name: string) => {
    const node = await cluster.spawnNode(name);
    nodes.push(node);
    return node;
  };
  const connect = (node: ServerProcess, sessionId: string, token: string) =>
    cluster.takeSocket(node.url, sessionId, token);

  it("a listener on node B hears node A's recorder in order; after kill -9 of A the take resumes on B, loses nothing acked, and plays with Range from either node", async () => {
    let a = await startNode("node-a");
    const b = await startNode("node-b");
    const session = await createSession(a.url);
    const viewer = await createLink(a.url, session, "view");

    const listener = await connect(b, session.sessionId, viewer.token);
    const relays = collectRelays(listener);
    const ended: TakeInfo[] = [];
    listener.on("take:ended", (t) => ended.push(t));

    const takeId = newTakeId();
    const start = { takeId, trackId: "vox", sampleRate: RATE, channels: CH, startTick: 0, latencyMs: 0 };
    const audio = generateAudio(RATE * 4 + 777, CH, RATE, 21);
    const chunks = chunkAudio(audio, CH, RATE / 10);
    let recorder = await connect(a, session.sessionId, session.ownerToken);
    expect((await request(recorder, "take:start", start)).ok).toBe(true);

    // 0..19 acked by A (durable in S3), relayed through Redis to B's listener in order.
    for (const c of chunks.slice(0, 20))
      expect((await request(recorder, "take:chunk", { takeId, ...c })).ok).toBe(true);
    await waitFor(() => (relays.get(takeId)?.length ?? 0) >= 20, 30_000);
    expect(relays.get(takeId)!.map((c) => c.seq)).toEqual([...Array(20).keys()]);
    for (const c of relays.get(takeId)!) expect(sha256(c.pcm as Uint8Array)).toBe(sha256(chunks[c.seq].pcm));

    // Node B serves the durable part of the take A is recording, read from the shared store (with Range).
    const growing = `${b.url}/api/sessions/${session.sessionId}/takes/${takeId}/audio?token=${viewer.token}`;
    const sofar = Buffer.concat(chunks.slice(0, 20).map((c) => c.pcm));
    const live = await fetch(growing);
    expect(live.status).toBe(200);
    expect(live.headers.get("cache-control")).toBe("no-store");
    const liveWav = Buffer.from(await live.arrayBuffer());
    expect(decodeWav(liveWav).frames).toBe(20 * (RATE / 10));
    expect(liveWav.subarray(FLOAT_WAV_HEADER_BYTES).equals(sofar)).toBe(true);
    const liveRange = await fetch(growing, {
      headers: { range: `bytes=${FLOAT_WAV_HEADER_BYTES + 4}-${FLOAT_WAV_HEADER_BYTES + 40_003}` },
    });
    expect(liveRange.status).toBe(206);
    expect(Buffer.from(await liveRange.arrayBuffer()).equals(sofar.subarray(4, 40_004))).toBe(true);

    // A burst A may or may not store, then A dies without a chance to flush or release anything.
    for (const c of chunks.slice(20, 25)) recorder.emit("take:chunk", { takeId, ...c }, () => {});
    await a.kill9();
    recorder.disconnect();

    // The recorder reconnects to B, which takes the take over once A's lease has expired (a few seconds).
    recorder = await connect(b, session.sessionId, session.ownerToken);
    const resumed = await request(recorder, "take:start", start, 60_000);
    expect(resumed.ok).toBe(true);
    expect(resumed.take.state).toBe("recording");
    expect(resumed.take.nextSeq).toBeGreaterThanOrEqual(20);
    const stored = new Set([...Array(resumed.take.nextSeq).keys(), ...resumed.take.storedAhead]);
    // What B rebuilt from S3 is what A stored, byte for byte (a resend is a duplicate, not a conflict).
    for (const s of stored)
      expect((await request(recorder, "take:chunk", { takeId, ...chunks[s] })).duplicate).toBe(true);
    for (const c of chunks.filter((c) => !stored.has(c.seq)))
      expect((await request(recorder, "take:chunk", { takeId, ...c })).ok).toBe(true);
    const end = await request(recorder, "take:end", {
      takeId,
      chunkCount: chunks.length,
      totalFrames: audio.length / CH,
    });
    expect(end.ok).toBe(true);
    const expected = sha256(Buffer.from(audio.buffer));
    expect(end.take.sha256).toBe(expected);

    // The listener heard every chunk B relayed after the takeover too, in order and intact (chunks A relayed
    // just before dying may come again; a listener skips a repeat).
    await waitFor(() => ended.length === 1, 30_000);
    const heard = relays.get(takeId)!;
    const seqs = heard.map((c) => c.seq);
    expect(seqs.slice(0, 20)).toEqual([...Array(20).keys()]);
    expect(seqs.slice(-5)).toEqual([...Array(5).keys()].map((i) => chunks.length - 5 + i));
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThanOrEqual(seqs[i - 1] - 5);
    for (const c of heard) expect(sha256(c.pcm as Uint8Array)).toBe(sha256(chunks[c.seq].pcm));

    // The finished take is byte-identical and served with Range and ETag by B and by a restarted A.
    a = await startNode("node-a2");
    const pcmBytes = Buffer.from(audio.buffer);
    for (const node of [b, a]) {
      const url = `${node.url}${end.take.audioUrl}?token=${viewer.token}`;
      const whole = await fetch(url);
      expect(whole.status).toBe(200);
      expect(whole.headers.get("etag")).toBe(`"${expected}"`);
      const wav = new Uint8Array(await whole.arrayBuffer());
      expect(sha256(wav.subarray(FLOAT_WAV_HEADER_BYTES))).toBe(expected);
      const from = FLOAT_WAV_HEADER_BYTES + 10_000;
      const part = await fetch(url, { headers: { range: `bytes=${from}-${from + 65_535}` } });
      expect(part.status).toBe(206);
      expect(part.headers.get("content-range")).toBe(`bytes ${from}-${from + 65_535}/${wav.length}`);
      expect(Buffer.from(await part.arrayBuffer()).equals(pcmBytes.subarray(10_000, 10_000 + 65_536))).toBe(true);
    }
  });

  it("hands a recording take over to the node its recorder reconnects to, while the first node lives", async () => {
    const [x, y] = nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);
    const session = await createSession(x.url);
    const takeId = newTakeId();
    const start = { takeId, trackId: "gtr", sampleRate: RATE, channels: 1, startTick: 0, latencyMs: 0 };
    const audio = generateAudio(RATE * 2, 1, RATE, 33);
    const chunks = chunkAudio(audio, 1, RATE / 10);
    let recorder = await connect(x, session.sessionId, session.ownerToken);
    expect((await request(recorder, "take:start", start)).ok).toBe(true);
    for (const c of chunks.slice(0, 8)) expect((await request(recorder, "take:chunk", { takeId, ...c })).ok).toBe(true);
    recorder.disconnect();

    // Node x still holds the lease and renews it; y asks for it and x hands the take over.
    recorder = await connect(y, session.sessionId, session.ownerToken);
    const resumed = await request(recorder, "take:start", start, 60_000);
    expect(resumed.ok).toBe(true);
    expect(resumed.take.nextSeq).toBe(8);
    for (const c of chunks.slice(8)) expect((await request(recorder, "take:chunk", { takeId, ...c })).ok).toBe(true);
    const end = await request(recorder, "take:end", { takeId, chunkCount: chunks.length, totalFrames: audio.length });
    expect(end.ok).toBe(true);
    expect(end.take.sha256).toBe(sha256(Buffer.from(audio.buffer)));
    // x serves the take y finished.
    const wav = new Uint8Array(
      await (await fetch(`${x.url}${end.take.audioUrl}?token=${session.ownerToken}`)).arrayBuffer(),
    );
    expect(sha256(wav.subarray(FLOAT_WAV_HEADER_BYTES))).toBe(sha256(Buffer.from(audio.buffer)));
  });
});
