/**
 * Ranged reads of take audio for segmented renders: a segment asks for the frames it plays, and only those bytes
 * are fetched (HTTP Range on the take audio endpoint, a float WAV with a fixed header), never the whole take.
 */
import type * as Y from "yjs";
import { getTake } from "@bandspace/model";
import { FLOAT_WAV_HEADER_BYTES, bytesToFloat32LE, deinterleave } from "@bandspace/dsp";
import { takeAudioPath } from "@bandspace/protocol";
import type { ReadTakeFrames } from "@bandspace/audio-engine";

/** De-interleaves float32 little-endian frames (whole frames only) into one array per channel. */
export function deinterleaveBytes(bytes: Uint8Array, channels: number): Float32Array[] {
  const frames = Math.floor(bytes.byteLength / (4 * channels));
  return deinterleave(bytesToFloat32LE(bytes.subarray(0, frames * 4 * channels)), channels);
}

/** Reads take frames from this session's take audio endpoint with Range requests. */
export function httpTakeReader(doc: Y.Doc, sessionId: string, token: string, signal?: AbortSignal): ReadTakeFrames {
  return async (takeId, fromFrame, frames) => {
    const take = getTake(doc, takeId);
    if (!take || frames <= 0) return null;
    const from = Math.max(0, fromFrame);
    const last = Math.min(take.frames, from + frames) - 1;
    if (last < from) return null;
    const bytesPerFrame = 4 * take.channels;
    const first = FLOAT_WAV_HEADER_BYTES + from * bytesPerFrame;
    const end = FLOAT_WAV_HEADER_BYTES + (last + 1) * bytesPerFrame - 1;
    const res = await fetch(`${takeAudioPath(sessionId, takeId)}?token=${encodeURIComponent(token)}`, {
      headers: { range: `bytes=${first}-${end}` },
      signal,
    });
    if (res.status !== 206) {
      if (res.ok) throw new Error(`Take ${takeId}: the server ignored the byte range (HTTP ${res.status})`);
      throw new Error(`Take ${takeId}: HTTP ${res.status}`);
    }
    return deinterleaveBytes(new Uint8Array(await res.arrayBuffer()), take.channels);
  };
}
