import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Streams seconds of audio on a loaded machine.
vi.setConfig({ testTimeout: 90_000 });
import {
  PEAK_FULL_SCALE,
  bytesToFloat32LE,
  bytesToInt16LE,
  decodeWav,
  deinterleave,
  interleave,
  splitPeakChannels,
} from "@bandspace/dsp";
import { takePeakBinsPath, type TakeInfo } from "@bandspace/protocol";
import { createSession, startTestServer, type TestServer } from "../../helpers/server";
import {
  chunkAudio,
  collectRelays,
  connectTakeSocket,
  newTakeId,
  request,
  type TakeSocket,
} from "../../helpers/take-client";
import { waitFor } from "../../helpers/yjs-client";
import { stereoTones, toneLevel } from "../../helpers/stereo-signal";

const RATE = 48_000;

describe("a stereo take", () => {
  let server: TestServer;
  const sockets: TakeSocket[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  it("keeps its left and right tones through upload, relay, storage, the WAV and the peaks", async () => {
    const session = await createSession(server.url);
    const { socket: recorder } = await connectTakeSocket(server.url, session.sessionId, session.ownerToken);
    const { socket: bandmate } = await connectTakeSocket(server.url, session.sessionId, session.ownerToken);
    sockets.push(recorder, bandmate);
    const relays = collectRelays(bandmate);
    const started: TakeInfo[] = [];
    bandmate.on("take:started", (t) => started.push(t));

    const frames = RATE * 2 + 123;
    const { left, right } = stereoTones(frames, RATE);
    const chunks = chunkAudio(interleave([left, right]), 2, RATE / 5);
    const takeId = newTakeId();
    const start = await request(recorder, "take:start", {
      takeId,
      trackId: "keys",
      sampleRate: RATE,
      channels: 2,
      startTick: 0,
      latencyMs: 0,
    });
    expect(start.ok).toBe(true);
    for (const c of chunks) expect((await request(recorder, "take:chunk", { takeId, ...c })).ok).toBe(true);
    const end = await request(recorder, "take:end", { takeId, chunkCount: chunks.length, totalFrames: frames });
    expect(end.ok).toBe(true);
    expect(end.take).toMatchObject({ channels: 2, frames, sampleRate: RATE });

    // What a bandmate hears live: every relayed chunk is interleaved stereo with the same two tones.
    await waitFor(() => (relays.get(takeId)?.length ?? 0) === chunks.length);
    expect(started.map((t) => t.channels)).toEqual([2]);
    const relayed = relays.get(takeId)!.sort((a, b) => a.startFrame - b.startFrame);
    const [liveL, liveR] = deinterleave(
      bytesToFloat32LE(new Uint8Array(Buffer.concat(relayed.map((r) => r.pcm as Buffer)))),
      2,
    );
    expect(Array.from(liveL)).toEqual(Array.from(left));
    expect(Array.from(liveR)).toEqual(Array.from(right));

    // The stored take: a 2-channel float WAV whose channels are bit-exact, each with its own tone only.
    const res = await fetch(`${server.url}/api/sessions/${session.sessionId}/takes/${takeId}/audio`, {
      headers: { authorization: `Bearer ${session.ownerToken}` },
    });
    expect(res.status).toBe(200);
    const wav = decodeWav(new Uint8Array(await res.arrayBuffer()));
    expect([wav.channels, wav.frames, wav.sampleRate]).toEqual([2, frames, RATE]);
    const [l, r] = deinterleave(wav.samples, 2);
    expect(Buffer.from(l.buffer, l.byteOffset, l.byteLength).equals(Buffer.from(left.buffer))).toBe(true);
    expect(Buffer.from(r.buffer, r.byteOffset, r.byteLength).equals(Buffer.from(right.buffer))).toBe(true);
    expect(toneLevel(l, 440, RATE)).toBeCloseTo(0.8, 2);
    expect(toneLevel(l, 1000, RATE)).toBeLessThan(1e-3);
    expect(toneLevel(r, 1000, RATE)).toBeCloseTo(0.2, 2);
    expect(toneLevel(r, 440, RATE)).toBeLessThan(1e-3);

    // The peaks keep a lane per channel: the left reaches 0.8, the right 0.2.
    const peaks = await fetch(`${server.url}${takePeakBinsPath(session.sessionId, takeId)}?level=2&from=0&to=1024`, {
      headers: { authorization: `Bearer ${session.ownerToken}` },
    });
    expect(peaks.status).toBe(200);
    expect(peaks.headers.get("x-peak-channels")).toBe("2");
    const [peakL, peakR] = splitPeakChannels(bytesToInt16LE(new Uint8Array(await peaks.arrayBuffer())), 2);
    const top = (b: Int16Array) => Math.max(...Array.from(b.filter((_, i) => i % 2 === 1))) / PEAK_FULL_SCALE;
    expect(top(peakL)).toBeCloseTo(0.8, 2);
    expect(top(peakR)).toBeCloseTo(0.2, 2);
  });
});
