import { z } from "zod";
import { ErrorPayload, type ErrorCode } from "./errors";

/**
 * Takes: recorded audio streamed to the server while it is played (protocol version 2).
 * Contract: /work/briefs/takes-protocol.md (kept in sync with this file).
 *
 * Every client→server take event is sent with a socket.io acknowledgement and answered with its reply
 * schema: `{ ok: true, … }` or `{ ok: false, error: { code, message, missing? } }`. The events themselves are
 * declared in ./socket-events.ts.
 * Only `edit` and `owner` links may record; everybody in the session receives the relayed events.
 */

/** Client-generated (a reloaded page resumes the same take), so it is validated strictly. */
export const TakeId = z.string().regex(/^[a-z0-9]{16,32}$/, "Take ids are 16–32 lower-case letters or digits.");
export type TakeId = z.infer<typeof TakeId>;

/** Track ids come from the song model; the server stores them but never builds paths from them. */
export const TakeTrackId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "Track ids are letters, digits, _ or -.");

/** Sample rates the server stores. Clients create their AudioContext at one of these. */
export const TAKE_SAMPLE_RATES = [44100, 48000, 88200, 96000] as const;
/** Longest take the server keeps (seconds of audio). */
export const TAKE_MAX_SECONDS = 30 * 60;
/** Largest chunk (seconds of audio). Clients send 100–250 ms. */
export const TAKE_CHUNK_MAX_SECONDS = 1;
/** A chunk may arrive at most this many seqs beyond the first missing one (gaps are filled by resends). */
export const TAKE_SEQ_WINDOW = 64;
/**
 * take:chunk refusals that pass by themselves, so the client sends the chunk again on the same connection a moment
 * later: the storage or the take's lease was slow to answer (INTERNAL), or the chunk came more than TAKE_SEQ_WINDOW
 * ahead of an earlier chunk that is itself being resent (TAKE_CHUNK_OUT_OF_ORDER; after a take moves between
 * nodes, chunks recorded meanwhile can overtake those resends). Any other refusal stands.
 */
export const TAKE_CHUNK_RESENT_CODES: readonly ErrorCode[] = ["INTERNAL", "TAKE_CHUNK_OUT_OF_ORDER"];
/** Waveform peaks: one min/max pair per channel for every this many frames. */
export const TAKE_SAMPLES_PER_PEAK = 256;
/** Takes one share link may have recording at once (each holds an open file on the server). */
export const TAKE_MAX_OPEN_PER_LINK = 16;
/** Largest display name attached to a take. */
export const TAKE_DISPLAY_NAME_MAX = 60;

export const TakeState = z.enum(["recording", "complete", "aborted"]);
export type TakeState = z.infer<typeof TakeState>;

export const TakeStartRequest = z.object({
  takeId: TakeId,
  trackId: TakeTrackId,
  /** The AudioContext's sample rate; the server accepts TAKE_SAMPLE_RATES (else TAKE_BAD_FORMAT). */
  sampleRate: z.number().int().min(8000).max(192000),
  channels: z.union([z.literal(1), z.literal(2)]),
  /** Where the take starts on the timeline, already latency-compensated by the client. */
  startTick: z.number().int().min(0),
  /** Informational: the compensation the client applied. */
  latencyMs: z.number().finite().min(-10_000).max(10_000),
  /** Loop recording: which pass of the loop this take is. */
  passIndex: z.number().int().min(0).max(100_000).optional(),
  /** Take lane within the track (client's choice; informational for the server). */
  lane: z.number().int().min(0).max(10_000).optional(),
  /** Shown to bandmates ("Alex is recording"). */
  displayName: z.string().trim().max(TAKE_DISPLAY_NAME_MAX).optional(),
});
export type TakeStartRequest = z.infer<typeof TakeStartRequest>;

/** Binary payloads arrive as Buffer (Node), ArrayBuffer or a typed array view depending on the socket.io side. */
const Binary = z.custom<ArrayBuffer | ArrayBufferView>(
  (v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v),
  "pcm must be binary (ArrayBuffer or Uint8Array)",
);

export const TakeChunkRequest = z.object({
  takeId: TakeId,
  /** Consecutive from 0. */
  seq: z.number().int().min(0).max(10_000_000),
  /** Frames in this chunk (per channel). */
  frames: z.number().int().positive(),
  /** Little-endian Float32, channel-interleaved, exactly frames × channels × 4 bytes. */
  pcm: Binary,
});
export type TakeChunkRequest = z.infer<typeof TakeChunkRequest>;

export const TakeEndRequest = z.object({
  takeId: TakeId,
  /** Number of chunks the client sent (seq 0 … chunkCount-1). */
  chunkCount: z.number().int().min(0),
  totalFrames: z.number().int().min(0),
});
export type TakeEndRequest = z.infer<typeof TakeEndRequest>;

export const TakeAbortRequest = z.object({ takeId: TakeId });
export type TakeAbortRequest = z.infer<typeof TakeAbortRequest>;

export const TakeInfo = z.object({
  takeId: TakeId,
  sessionId: z.string(),
  trackId: z.string(),
  /** Display name given at take:start (or the role label). */
  createdBy: z.string(),
  /** ISO time. */
  createdAt: z.string(),
  sampleRate: z.number().int(),
  channels: z.number().int(),
  startTick: z.number().int(),
  latencyMs: z.number(),
  passIndex: z.number().int(),
  lane: z.number().int().nullable(),
  state: TakeState,
  /** Frames stored contiguously from the start (what HTTP serves). */
  frames: z.number().int(),
  durationSeconds: z.number(),
  /** Every seq below this is stored. */
  nextSeq: z.number().int(),
  /** Seqs ≥ nextSeq that are stored too (arrived out of order); at most TAKE_SEQ_WINDOW. */
  storedAhead: z.array(z.number().int()),
  /** sha256 (hex) of the PCM data (the WAV's data chunk) once complete. */
  sha256: z.string().nullable(),
  audioUrl: z.string(),
  peaksUrl: z.string(),
});
export type TakeInfo = z.infer<typeof TakeInfo>;

export const TakeErrorPayload = ErrorPayload.extend({
  /** TAKE_INCOMPLETE: the seqs the server does not have (the client resends them, then take:end again). */
  missing: z.array(z.number().int()).optional(),
});
export type TakeErrorPayload = z.infer<typeof TakeErrorPayload>;

/** Every take event's refusal, answered through its acknowledgement. */
export const TakeFailure = z.object({ ok: z.literal(false), error: TakeErrorPayload });
export type TakeFailure = z.infer<typeof TakeFailure>;

export const TakeStartReply = z.union([z.object({ ok: z.literal(true), take: TakeInfo }), TakeFailure]);
export type TakeStartReply = z.infer<typeof TakeStartReply>;
export const TakeChunkReply = z.union([
  z.object({ ok: z.literal(true), seq: z.number().int(), duplicate: z.boolean() }),
  TakeFailure,
]);
export type TakeChunkReply = z.infer<typeof TakeChunkReply>;
export const TakeEndReply = z.union([z.object({ ok: z.literal(true), take: TakeInfo }), TakeFailure]);
export type TakeEndReply = z.infer<typeof TakeEndReply>;
export const TakeAbortReply = z.union([z.object({ ok: z.literal(true), takeId: z.string() }), TakeFailure]);
export type TakeAbortReply = z.infer<typeof TakeAbortReply>;

/** Relayed to the other members of the session, per take in seq order, as soon as a chunk is contiguous. */
export const TakeChunkRelay = z.object({
  takeId: z.string(),
  seq: z.number().int(),
  frames: z.number().int(),
  /** Frame offset of this chunk within the take. */
  startFrame: z.number().int(),
  /** Little-endian Float32 interleaved (ArrayBuffer in browsers, Buffer in Node). */
  pcm: z.custom<ArrayBuffer | Uint8Array>((v) => v instanceof ArrayBuffer || v instanceof Uint8Array),
});
export type TakeChunkRelay = z.infer<typeof TakeChunkRelay>;

export const TakeAbortedRelay = z.object({ takeId: z.string() });
export type TakeAbortedRelay = z.infer<typeof TakeAbortedRelay>;

export const TakePeaks = z.object({
  takeId: TakeId,
  sampleRate: z.number().int(),
  channels: z.number().int(),
  samplesPerPeak: z.number().int(),
  /** Frames covered (contiguous from the start). */
  frames: z.number().int(),
  /** peaks[channel] = [min0, max0, min1, max1, …], values in [-1, 1] (may exceed for hot float input). */
  peaks: z.array(z.array(z.number())),
});
export type TakePeaks = z.infer<typeof TakePeaks>;

export const TakeList = z.object({ takes: z.array(TakeInfo) });
export type TakeList = z.infer<typeof TakeList>;

/** Bytes of one chunk's PCM. */
export function takeChunkBytes(frames: number, channels: number): number {
  return frames * channels * 4;
}

export function takeAudioPath(sessionId: string, takeId: string): string {
  return `/api/sessions/${sessionId}/takes/${takeId}/audio`;
}

export function takePeaksPath(sessionId: string, takeId: string): string {
  return `/api/sessions/${sessionId}/takes/${takeId}/peaks`;
}

/** Most bins one peak-bins request may ask for (a tile of the client's cache is well below). */
export const TAKE_PEAK_BINS_MAX = 16384;

/**
 * One level of a take's peak pyramid over bins [from, to): `GET …/peaks/bins?level=&from=&to=` answers
 * little-endian Int16 bins (layout in packages/dsp/src/peaks-pyramid.ts) with `x-peak-*` headers saying
 * the range actually returned (clipped to the take), the level's bin count, the take's frames and channels.
 */
export function takePeakBinsPath(sessionId: string, takeId: string): string {
  return `/api/sessions/${sessionId}/takes/${takeId}/peaks/bins`;
}
