/**
 * The recording part of `npm run bench:scale`: each recorder streams a take (48 kHz float, fixed-size chunks in
 * real time) in its own session from one node while a listener of that session sits on the next node, so the
 * relay crosses nodes (socket.io through the Redis adapter) as soon as there are two.
 */
import { TAKE_CHUNK_RESENT_CODES, type TakeChunkRelay } from "@bandspace/protocol";
import { connectTakeSocket, generateAudio, newTakeId, request, type TakeSocket } from "../../tests/helpers/take-client";

export interface RecordingPlan {
  /** Per recorder: session, its owner token, the recorder's node URL and the listener's node URL. */
  pairs: Array<{ sessionId: string; token: string; recorderUrl: string; listenerUrl: string }>;
  seconds: number;
  chunkMs: number;
  channels: number;
  warmupSeconds: number;
  clock: () => number;
}

export interface RecordingResult {
  relayMs: Float64Array;
  /** Chunks the recorder's node never acknowledged (not stored). */
  lostChunks: number;
  /**
   * Chunks its listener did not hear live. Not a loss: the server skips live audio to a listener whose socket has
   * too much queued (it catches up from the stored take), so this counts how often the relay fell behind.
   */
  relaySkipped: number;
  chunksSent: number;
  /** Resends after a retryable refusal (the chunk was acknowledged later, or counted in lostChunks). */
  resentChunks: number;
  /** The refusals that led to those resends: error code → count. */
  resentFor: Record<string, number>;
  /** Error codes of the chunks that were not acknowledged, with counts. */
  refusals: Record<string, number>;
}

const RATE = 48_000;
/** As the studio's uploader (app/lib/takes/TakeUploader.ts): a refusal in TAKE_CHUNK_RESENT_CODES is resent 1 s later. */
const RESEND_AFTER_MS = 1000;
/**
 * The uploader resends for as long as the recording lasts; the bench stops resending a chunk this long after it was
 * recorded, and counts it lost (a cap of 5 attempts counted chunks lost that a browser would have stored).
 */
const RESEND_WINDOW_MS = 60_000;

export interface Recording {
  run: (startAt: number) => Promise<void>;
  /** Waits (up to drainMs) for every listener to have every chunk, then disconnects and reports. */
  finish: (drainMs: number) => Promise<RecordingResult>;
}

export async function prepareRecording(plan: RecordingPlan): Promise<Recording> {
  const frames = Math.round((RATE * plan.chunkMs) / 1000);
  const chunks = Math.round((plan.seconds * 1000) / plan.chunkMs);
  const warmupSeq = Math.round((plan.warmupSeconds * 1000) / plan.chunkMs);
  const pcm = Buffer.from(generateAudio(frames, plan.channels, RATE, 7).buffer);
  const sentAt = plan.pairs.map(() => new Float64Array(chunks).fill(NaN));
  const received = plan.pairs.map(() => new Uint8Array(chunks));
  const relay: number[] = [];
  const recorders: TakeSocket[] = [];
  const listeners: TakeSocket[] = [];
  const takeIds = plan.pairs.map(() => newTakeId());
  let acked = 0;
  let resent = 0;
  const resentFor = new Map<string, number>();
  /** Why chunks were not acknowledged: error code → count. */
  const refusals = new Map<string, number>();

  for (const [r, p] of plan.pairs.entries()) {
    recorders.push((await connectTakeSocket(p.recorderUrl, p.sessionId, p.token)).socket);
    const { socket } = await connectTakeSocket(p.listenerUrl, p.sessionId, p.token);
    socket.on("take:chunk", (c: TakeChunkRelay) => {
      if (c.takeId !== takeIds[r] || c.seq >= chunks) return;
      received[r][c.seq] = 1;
      if (c.seq >= warmupSeq) relay.push(plan.clock() - sentAt[r][c.seq]);
    });
    listeners.push(socket);
  }
  /** Resent on a retryable refusal, as the studio's uploader does; a chunk is lost if never acked. */
  const sendChunk = async (socket: TakeSocket, payload: object): Promise<void> => {
    const giveUpAt = plan.clock() + RESEND_WINDOW_MS;
    for (;;) {
      const reply = await request(socket, "take:chunk", payload, 60_000).catch(() => null);
      if (reply?.ok) {
        acked++;
        return;
      }
      const code = reply ? reply.error.code : "NO_ANSWER";
      if (!(TAKE_CHUNK_RESENT_CODES as readonly string[]).includes(code) || plan.clock() + RESEND_AFTER_MS > giveUpAt) {
        refusals.set(code, (refusals.get(code) ?? 0) + 1);
        return;
      }
      resent++;
      resentFor.set(code, (resentFor.get(code) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, RESEND_AFTER_MS));
    }
  };
  return {
    async run(startAt) {
      for (const [r, socket] of recorders.entries()) {
        const start = {
          takeId: takeIds[r],
          trackId: `track-${r}`,
          sampleRate: RATE,
          channels: plan.channels,
          startTick: 0,
          latencyMs: 0,
          displayName: `Recorder ${r}`,
        };
        // take:start is idempotent: asked again (3 attempts) after no answer in 60 s, as long as a chunk may take, or
        // a retryable refusal; at a load average of 20 one start took over 60 s and ended the whole run.
        for (let attempt = 1; ; attempt++) {
          const reply = await request(socket, "take:start", start, 60_000).catch(() => null);
          if (reply?.ok) break;
          if ((reply && reply.error.code !== "INTERNAL") || attempt >= 3)
            throw new Error(`take:start failed: ${reply ? JSON.stringify(reply) : "no answer"}`);
          await new Promise((res) => setTimeout(res, RESEND_AFTER_MS));
        }
      }
      const pending: Promise<void>[] = [];
      await Promise.all(
        recorders.map(
          (socket, r) =>
            new Promise<void>((resolve) => {
              const phase = (r / recorders.length) * plan.chunkMs;
              let seq = 0;
              const tick = () => {
                while (seq < chunks && plan.clock() >= startAt + phase + seq * plan.chunkMs) {
                  sentAt[r][seq] = plan.clock();
                  const payload = { takeId: takeIds[r], seq, frames, pcm };
                  pending.push(sendChunk(socket, payload));
                  seq++;
                }
                if (seq >= chunks) return resolve();
                setTimeout(tick, Math.max(0, startAt + phase + seq * plan.chunkMs - plan.clock()));
              };
              tick();
            }),
        ),
      );
      await Promise.all(pending);
    },
    async finish(drainMs) {
      const total = plan.pairs.length * chunks;
      const got = () => received.reduce((n, a) => n + a.reduce((x, y) => x + y, 0), 0);
      const start = plan.clock();
      while (got() < total && plan.clock() - start < drainMs) await new Promise((r) => setTimeout(r, 50));
      for (const [r, socket] of recorders.entries()) {
        await request(socket, "take:end", {
          takeId: takeIds[r],
          chunkCount: chunks,
          totalFrames: chunks * frames,
        }).catch(() => {});
      }
      for (const s of [...recorders, ...listeners]) s.disconnect();
      return {
        relayMs: Float64Array.from(relay),
        lostChunks: total - acked,
        relaySkipped: total - got(),
        refusals: Object.fromEntries(refusals),
        chunksSent: total,
        resentChunks: resent,
        resentFor: Object.fromEntries(resentFor),
      };
    },
  };
}
