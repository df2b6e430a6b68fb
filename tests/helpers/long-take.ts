import { request, type TakeSocket } from "./take-client";

/**
 * Long takes made cheaply, for the peak pyramid's tests, e2e and benchmark: a signal that is a pure function of the
 * frame index (so any range of it can be regenerated to check the bins over that range), streamed in chunks
 * (never held whole in memory).
 *
 * The signal: LOUD_SECONDS of a 0.8-amplitude sine (220 Hz, 330 Hz on a second channel), then as long of silence,
 * repeating — loud at [0, 30) s, silent at [30, 60) s, … so a waveform can be checked for ink where it is loud and
 * none where it is silent at any zoom.
 */
export const LOUD_SECONDS = 30;

export function longTakeSignal(startFrame: number, frames: number, channels: number, sampleRate: number): Float32Array {
  const out = new Float32Array(frames * channels);
  const period = LOUD_SECONDS * 2 * sampleRate;
  for (let i = 0; i < frames; i++) {
    const f = startFrame + i;
    if (f % period >= LOUD_SECONDS * sampleRate) continue;
    for (let c = 0; c < channels; c++)
      out[i * channels + c] = 0.8 * Math.sin((2 * Math.PI * (220 + 110 * c) * f) / sampleRate);
  }
  return out;
}

export interface StreamTakeOptions {
  takeId: string;
  trackId: string;
  sampleRate: number;
  channels: 1 | 2;
  frames: number;
  /** Frames per chunk (≤ one second). */
  chunkFrames?: number;
  /** Chunks awaiting their ack at once (below the server's TAKE_SEQ_WINDOW). */
  inFlight?: number;
  /** Send take:end after the last chunk (default true). */
  end?: boolean;
}

/** Records a take of `longTakeSignal` through the real take protocol (take:start, chunks, take:end). */
export async function streamLongTake(socket: TakeSocket, o: StreamTakeOptions): Promise<{ chunkCount: number }> {
  const chunkFrames = o.chunkFrames ?? o.sampleRate;
  const started = await request(socket, "take:start", {
    takeId: o.takeId,
    trackId: o.trackId,
    sampleRate: o.sampleRate,
    channels: o.channels,
    startTick: 0,
    latencyMs: 0,
  });
  if (!started.ok) throw new Error(`take:start refused: ${JSON.stringify(started.error)}`);
  const chunkCount = Math.ceil(o.frames / chunkFrames);
  const pending = new Set<Promise<void>>();
  for (let seq = 0; seq < chunkCount; seq++) {
    const start = seq * chunkFrames;
    const frames = Math.min(chunkFrames, o.frames - start);
    const pcm = longTakeSignal(start, frames, o.channels, o.sampleRate);
    const p = request(socket, "take:chunk", { takeId: o.takeId, seq, frames, pcm: Buffer.from(pcm.buffer) }).then(
      (r) => {
        if (!r.ok) throw new Error(`chunk ${seq} refused: ${JSON.stringify(r.error)}`);
      },
    );
    pending.add(p);
    void p.finally(() => pending.delete(p)).catch(() => {});
    if (pending.size >= (o.inFlight ?? 16)) await Promise.race(pending);
  }
  await Promise.all(pending);
  if (o.end !== false) {
    const ended = await request(socket, "take:end", { takeId: o.takeId, chunkCount, totalFrames: o.frames }, 120_000);
    if (!ended.ok) throw new Error(`take:end refused: ${JSON.stringify(ended.error)}`);
  }
  return { chunkCount };
}
