import { createHash } from "node:crypto";
import { io as ioClient, type Socket } from "socket.io-client";
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type HelloReply,
  type ServerToClientEvents,
  type AckedClientEventName,
  type ClientEventReply,
  type TakeChunkRelay,
} from "@bandspace/protocol";

export type TakeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket.io client that has said hello (rejects with the server's error payload otherwise). */
export async function connectTakeSocket(
  baseUrl: string,
  sessionId: string,
  token: string,
): Promise<{ socket: TakeSocket; hello: HelloReply }> {
  const socket: TakeSocket = ioClient(baseUrl, { transports: ["websocket"], reconnection: false, forceNew: true });
  const hello = await new Promise<HelloReply>((resolve, reject) => {
    socket.once("hello", resolve);
    socket.once("error", (e) => reject(Object.assign(new Error(e.message), e)));
    socket.once("connect_error", reject);
    socket.emit("hello", { protocolVersion: PROTOCOL_VERSION, sessionId, token });
  });
  return { socket, hello };
}

/**
 * A reply as tests read it: every field of every variant (success and refusal), so a test can assert on `take`
 * or on `error` without narrowing first — the assertion itself is the check of which variant came back.
 */
export type LooseReply<E extends AckedClientEventName> = UnionToFields<ClientEventReply<E>>;
type UnionToFields<U> = { [K in U extends unknown ? keyof U : never]: U extends { [P in K]?: infer V } ? V : never };

/** Emits with an acknowledgement (any payload: tests send malformed ones) and resolves with the reply. */
export function request<E extends AckedClientEventName>(
  socket: TakeSocket,
  event: E,
  payload: unknown,
  timeoutMs = 20_000,
): Promise<LooseReply<E>> {
  return (socket as unknown as Socket).timeout(timeoutMs).emitWithAck(event, payload) as Promise<LooseReply<E>>;
}

/** Deterministic test audio: a sine per channel plus seeded noise (every sample distinct). */
export function generateAudio(frames: number, channels: number, sampleRate: number, seed = 1): Float32Array {
  const out = new Float32Array(frames * channels);
  let x = seed >>> 0 || 1;
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels; c++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const noise = ((x >>> 0) / 0xffffffff - 0.5) * 0.02;
      out[f * channels + c] = 0.6 * Math.sin((2 * Math.PI * (220 + 110 * c) * f) / sampleRate) + noise;
    }
  }
  return out;
}

export interface TestChunk {
  seq: number;
  frames: number;
  pcm: Buffer;
}

/** Splits interleaved audio into chunks of `framesPerChunk` (the last one shorter). */
export function chunkAudio(samples: Float32Array, channels: number, framesPerChunk: number): TestChunk[] {
  const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const frameBytes = channels * 4;
  const chunks: TestChunk[] = [];
  for (let start = 0, seq = 0; start < bytes.length; start += framesPerChunk * frameBytes, seq++) {
    const pcm = Buffer.from(bytes.subarray(start, Math.min(bytes.length, start + framesPerChunk * frameBytes)));
    chunks.push({ seq, frames: pcm.length / frameBytes, pcm });
  }
  return chunks;
}

export function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Collects relayed take:chunk events per take, in arrival order. */
export function collectRelays(socket: TakeSocket): Map<string, TakeChunkRelay[]> {
  const relays = new Map<string, TakeChunkRelay[]>();
  socket.on("take:chunk", (c) => {
    const list = relays.get(c.takeId) ?? [];
    list.push({ ...c, pcm: Buffer.from(c.pcm as Uint8Array) });
    relays.set(c.takeId, list);
  });
  return relays;
}

export function newTakeId(): string {
  return Array.from({ length: 24 }, () => "abcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(Math.random() * 36)]).join(
    "",
  );
}
