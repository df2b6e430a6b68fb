import { describe, expect, it } from "vitest";
import {
  ErrorCode,
  HTTP_STATUS,
  PROTOCOL_VERSION,
  TakeChunkRequest,
  TakeEndRequest,
  TakeId,
  TakeInfo,
  TakeStartRequest,
  takeAudioPath,
} from "@bandspace/protocol";

const start = {
  takeId: "abcdefghij0123456789",
  trackId: "trk_1",
  sampleRate: 48000,
  channels: 2,
  startTick: 0,
  latencyMs: 4.2,
};

describe("take protocol", () => {
  it("is protocol version 2 and maps every take error to an HTTP status", () => {
    expect(PROTOCOL_VERSION).toBe(2);
    for (const code of ErrorCode.options) expect(HTTP_STATUS[code]).toBeGreaterThanOrEqual(400);
    expect(ErrorCode.options).toEqual(
      expect.arrayContaining([
        "TAKE_NOT_FOUND",
        "TAKE_ALREADY_ENDED",
        "TAKE_CHUNK_OUT_OF_ORDER",
        "TAKE_CHUNK_CONFLICT",
        "TAKE_CHUNK_TOO_LARGE",
        "TAKE_BAD_FORMAT",
        "TAKE_TOO_LONG",
        "TAKE_INCOMPLETE",
      ]),
    );
  });

  it("take ids are 16–32 lower-case letters or digits (they never reach a path unchecked)", () => {
    expect(TakeId.safeParse("a".repeat(16)).success).toBe(true);
    expect(TakeId.safeParse("a".repeat(33)).success).toBe(false);
    expect(TakeId.safeParse("../../../../etc/pw").success).toBe(false);
    expect(TakeId.safeParse("ABCDEFGHIJKLMNOP").success).toBe(false);
  });

  it("validates take:start", () => {
    expect(TakeStartRequest.safeParse(start).success).toBe(true);
    expect(
      TakeStartRequest.safeParse({ ...start, passIndex: 3, lane: 1, displayName: " Sam " }).data?.displayName,
    ).toBe("Sam");
    for (const bad of [
      { ...start, channels: 3 },
      { ...start, sampleRate: 48000.5 },
      { ...start, sampleRate: 500 },
      { ...start, startTick: -1 },
      { ...start, trackId: "a/b" },
      { ...start, latencyMs: Infinity },
      null,
      "x",
    ]) {
      expect(TakeStartRequest.safeParse(bad).success).toBe(false);
    }
  });

  it("take:chunk pcm must be binary; seq and frames are integers", () => {
    const base = { takeId: start.takeId, seq: 0, frames: 2 };
    expect(TakeChunkRequest.safeParse({ ...base, pcm: new Uint8Array(16) }).success).toBe(true);
    expect(TakeChunkRequest.safeParse({ ...base, pcm: new ArrayBuffer(16) }).success).toBe(true);
    expect(TakeChunkRequest.safeParse({ ...base, pcm: Buffer.alloc(16) }).success).toBe(true);
    expect(TakeChunkRequest.safeParse({ ...base, pcm: [1, 2, 3] }).success).toBe(false);
    expect(TakeChunkRequest.safeParse({ ...base, pcm: "AAAA" }).success).toBe(false);
    expect(TakeChunkRequest.safeParse({ ...base, seq: 1.5, pcm: new Uint8Array(16) }).success).toBe(false);
    expect(TakeChunkRequest.safeParse({ ...base, frames: 0, pcm: new Uint8Array(0) }).success).toBe(false);
    expect(TakeEndRequest.safeParse({ takeId: start.takeId, chunkCount: 3, totalFrames: 100 }).success).toBe(true);
  });

  it("TakeInfo round-trips", () => {
    const info = {
      takeId: start.takeId,
      sessionId: "s".repeat(16),
      trackId: "trk_1",
      createdBy: "Sam",
      createdAt: new Date(0).toISOString(),
      sampleRate: 48000,
      channels: 2,
      startTick: 0,
      latencyMs: 0,
      passIndex: 0,
      lane: null,
      state: "recording",
      frames: 0,
      durationSeconds: 0,
      nextSeq: 0,
      storedAhead: [],
      sha256: null,
      audioUrl: takeAudioPath("s".repeat(16), start.takeId),
      peaksUrl: "/p",
    };
    expect(TakeInfo.parse(info)).toEqual(info);
    expect(info.audioUrl).toBe(`/api/sessions/${"s".repeat(16)}/takes/${start.takeId}/audio`);
  });
});
