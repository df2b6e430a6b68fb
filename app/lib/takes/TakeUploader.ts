import {
  TAKE_CHUNK_RESENT_CODES,
  type TakeChunkReply,
  type TakeEndReply,
  type TakeInfo,
  type TakeStartReply,
  type TakeStartRequest,
} from "@bandspace/protocol";
import { ValueStore, jsonEqual } from "../collab/store";
import type { LiveSocket } from "../collab/liveSocket";
import { TakeOutbox, type OutboxTake } from "./outbox";

/**
 * "reconnecting": the server did not answer the take's take:start in time, or could not start it (INTERNAL): it is
 * asked again on the live connection while the recorder keeps every chunk — a wait, not a failure.
 */
export type UploadPhase = "recording" | "reconnecting" | "uploading" | "finishing" | "done" | "error";

export interface TakeUploadState {
  takeId: string;
  trackId: string;
  phase: UploadPhase;
  /** Chunks recorded but not yet acknowledged by the server (kept in IndexedDB). */
  pending: number;
  acked: number;
  error: string | null;
}

export interface UploadStatus {
  online: boolean;
  takes: TakeUploadState[];
}

/** How long a take event waits for the server's answer. */
export const ACK_TIMEOUT_MS = 15_000;
/**
 * A chunk the server answered but could not store (code INTERNAL: its storage did not answer in time, or the take
 * is moving to another node) is sent again after this long on the same connection, not only after a reconnect.
 */
const RESEND_AFTER_MS = 1000;
/**
 * A take:start that timed out or was refused with INTERNAL is sent again on the same connection after these waits
 * (the last one repeating): waiting for a reconnect instead left a take unstarted on a connection that stays up
 * (a starved server answers late), its chunks never sent. take:start is idempotent by the client's take id, so a
 * late answer to an earlier attempt and a retry start one take.
 */
export const START_RETRY_MS = [500, 1000, 2000, 4000, 8000] as const;

/**
 * Streams takes to the server over socket.io with acknowledgements, through the IndexedDB outbox: a chunk is
 * stored before it is sent and forgotten only once acked. After a reconnect (or a reload: the outbox survives
 * it) every unfinished take is resumed — take:start is idempotent and says which seqs the server has — the
 * missing chunks are resent, and take:end is retried until the server has everything. When a take is complete
 * `onComplete` places it in the document.
 */
export class TakeUploader {
  readonly status = new ValueStore<UploadStatus>({ online: false, takes: [] }, jsonEqual);
  private outbox: TakeOutbox | null = null;
  private readonly opening: Promise<TakeOutbox>;
  /** Takes whose take:start was acknowledged on the current connection. */
  private started = new Map<string, Promise<boolean>>();
  /**
   * take:end attempts per take run one after another: after a reconnect many acks arrive at once and each asks
   * to finish; run concurrently, every one of them passed the checks before any sent take:end, and the take
   * was completed (placed in the document) several times.
   */
  private readonly finishing = new Map<string, Promise<void>>();
  private readonly completed = new Set<string>();
  private readonly offs: (() => void)[] = [];
  private readonly resendTimers = new Set<ReturnType<typeof setTimeout>>();
  private disposed = false;
  /** Counts disconnects: a take:start retry loop from an earlier connection stops (the reconnect resumes it). */
  private connection = 0;

  constructor(
    private readonly sessionId: string,
    private readonly live: LiveSocket,
    private readonly onComplete: (take: OutboxTake, info: TakeInfo) => void,
  ) {
    this.opening = TakeOutbox.open().then((o) => (this.outbox = o));
    this.offs.push(this.live.onReady(() => void this.resumeAll()));
    const onDisconnect = () => {
      this.connection++;
      this.started = new Map();
      this.status.update((s) => ({ ...s, online: false }));
    };
    this.live.socket.on("disconnect", onDisconnect);
    this.offs.push(() => this.live.socket.off("disconnect", onDisconnect));
    if (this.live.ready) void this.resumeAll();
  }

  /** A new take: stored, then announced to the server. */
  async begin(start: TakeStartRequest, groupId: string): Promise<void> {
    const outbox = await this.opening;
    const take: OutboxTake = {
      takeId: start.takeId,
      sessionId: this.sessionId,
      start,
      groupId,
      end: null,
      createdAt: Date.now(),
    };
    await outbox.putTake(take);
    this.setTake(take.takeId, { trackId: start.trackId, phase: "recording", pending: 0, acked: 0, error: null });
    if (this.live.ready) void this.ensureStarted(take);
  }

  /** One recorded chunk (interleaved Float32): stored, then sent. */
  async chunk(takeId: string, seq: number, frames: number, pcm: Float32Array): Promise<void> {
    const outbox = await this.opening;
    const bytes = pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength) as ArrayBuffer;
    await outbox.putChunk({ takeId, seq, frames, pcm: bytes });
    this.bump(takeId, { pending: +1 });
    const started = this.started.get(takeId);
    if (started && (await started)) this.sendChunk(takeId, seq, frames, bytes);
  }

  /** The recorder finished the take: take:end goes once every chunk is acknowledged. */
  async end(takeId: string, chunkCount: number, totalFrames: number): Promise<void> {
    const outbox = await this.opening;
    const take = (await outbox.takes(this.sessionId)).find((t) => t.takeId === takeId);
    if (!take) return;
    take.end = { chunkCount, totalFrames };
    await outbox.putTake(take);
    this.bump(takeId, { phase: "uploading" });
    void this.tryFinish(take);
  }

  /**
   * Abandons a take that is still being sent (a cancelled bounce): the outbox forgets it, nothing finishes it,
   * and the server is told to drop what it holds (take:abort; bandmates see it go).
   */
  async abort(takeId: string): Promise<void> {
    const outbox = await this.opening;
    this.completed.add(takeId);
    await outbox.deleteTake(takeId);
    this.status.update((s) => ({ ...s, takes: s.takes.filter((t) => t.takeId !== takeId) }));
    if (!this.live.ready) return; // the server finishes an abandoned take by itself after its idle timeout
    try {
      await this.live.socket.timeout(ACK_TIMEOUT_MS).emitWithAck("take:abort", { takeId });
    } catch {
      // no answer: the same idle timeout applies
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const off of this.offs) off();
    for (const t of this.resendTimers) clearTimeout(t);
    this.outbox?.close();
  }

  private async resumeAll(): Promise<void> {
    const outbox = await this.opening;
    if (this.disposed) return;
    this.status.update((s) => ({ ...s, online: true }));
    for (const take of await outbox.takes(this.sessionId)) {
      if (!this.status.get().takes.some((t) => t.takeId === take.takeId)) {
        const pending = (await outbox.pendingSeqs(take.takeId)).length;
        this.setTake(take.takeId, {
          trackId: take.start.trackId,
          phase: take.end ? "uploading" : "recording",
          pending,
          acked: 0,
          error: null,
        });
      }
      void this.ensureStarted(take);
    }
  }

  private ensureStarted(take: OutboxTake): Promise<boolean> {
    let p = this.started.get(take.takeId);
    if (!p) {
      p = this.start(take);
      this.started.set(take.takeId, p);
    }
    return p;
  }

  private async start(take: OutboxTake): Promise<boolean> {
    const outbox = this.outbox!;
    const connection = this.connection;
    let reply: TakeStartReply | null = null;
    let retried = false;
    for (let attempt = 0; ; attempt++) {
      try {
        // socket.io types an acknowledgement after timeout() as any; the protocol declares the reply.
        reply = (await this.live.socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck("take:start", take.start)) as TakeStartReply;
      } catch {
        reply = null; // no answer in time
      }
      if (reply && (reply.ok || reply.error.code !== "INTERNAL")) break;
      if (this.disposed || connection !== this.connection) return false; // the reconnect's resume starts it
      retried = true;
      this.bump(take.takeId, { phase: "reconnecting", error: null });
      await new Promise((r) => setTimeout(r, START_RETRY_MS[Math.min(attempt, START_RETRY_MS.length - 1)]));
      if (this.disposed || connection !== this.connection) return false;
    }
    if (!reply.ok) {
      this.bump(take.takeId, { phase: "error", error: reply.error.message });
      if (reply.error.code === "TAKE_ALREADY_ENDED") await outbox.deleteTake(take.takeId);
      return false;
    }
    let current = take;
    if (retried) {
      // Started after a retry: back to what the take is doing (the recorder may have finished it meanwhile). Only
      // then: an extra read here on every start would let chunks recorded meanwhile go out twice.
      current = (await outbox.takes(this.sessionId)).find((t) => t.takeId === take.takeId) ?? take;
      this.bump(take.takeId, { phase: current.end ? "uploading" : "recording" });
    }
    const info = reply.take;
    if (info.state === "complete") {
      // Finished by the server while this browser was away (no chunk for 10 minutes): it kept what was
      // contiguous; chunks from nextSeq on cannot join a finished take. Say so rather than drop them quietly.
      let lostFrames = 0;
      for (const seq of await outbox.pendingSeqs(take.takeId)) {
        if (seq >= info.nextSeq) lostFrames += (await outbox.chunk(take.takeId, seq))?.frames ?? 0;
      }
      await this.complete(take, info);
      if (lostFrames > 0) {
        const seconds = (lostFrames / take.start.sampleRate).toFixed(1);
        this.bump(take.takeId, {
          error: `The server finished this take while you were offline for over 10 minutes; about ${seconds} s recorded after the connection dropped could not be added.`,
        });
      }
      return true;
    }
    // Resend what the server lacks (in seq order); forget what it already has.
    const stored = new Set(info.storedAhead);
    for (const seq of (await outbox.pendingSeqs(take.takeId)).sort((a, b) => a - b)) {
      if (seq < info.nextSeq || stored.has(seq)) {
        await outbox.deleteChunk(take.takeId, seq);
        this.bump(take.takeId, { pending: -1, acked: +1 });
        continue;
      }
      const chunk = await outbox.chunk(take.takeId, seq);
      if (chunk) this.sendChunk(take.takeId, seq, chunk.frames, chunk.pcm);
    }
    if (current.end) void this.tryFinish(current);
    return true;
  }

  private sendChunk(takeId: string, seq: number, frames: number, pcm: ArrayBuffer): void {
    this.live.socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck("take:chunk", { takeId, seq, frames, pcm })
      .then(
        async (reply: TakeChunkReply) => {
          if (!reply.ok) {
            // Kept in the outbox: the next resume sends it again (or take:end lists it as missing).
            this.bump(takeId, { error: reply.error.message });
            // Waiting for a reconnect instead left a take refused as out of order unfinished (take:end waits for
            // every chunk) and its audio from the gap on lost (bench:scale under load, issue #21).
            if (TAKE_CHUNK_RESENT_CODES.includes(reply.error.code)) this.resendLater(takeId, seq);
            return;
          }
          await this.outbox!.deleteChunk(takeId, seq);
          this.bump(takeId, { pending: -1, acked: +1, error: null });
          const take = (await this.outbox!.takes(this.sessionId)).find((t) => t.takeId === takeId);
          if (take?.end) void this.tryFinish(take);
        },
        () => {
          // No answer in time, on a connection that stays up (a starved server answers late, and a late ack is
          // dropped): sent again, a duplicate if the server stored it. Waiting for a reconnect instead left the
          // chunk pending, so take:end never went. A dead connection is resumed after its reconnect instead.
          this.resendLater(takeId, seq);
        },
      );
  }

  private resendLater(takeId: string, seq: number): void {
    const timer = setTimeout(() => {
      this.resendTimers.delete(timer);
      void (async () => {
        if (this.disposed || !this.live.ready) return; // a reconnect's resume sends it
        const chunk = await this.outbox?.chunk(takeId, seq);
        if (chunk && !this.disposed) this.sendChunk(takeId, seq, chunk.frames, chunk.pcm);
      })();
    }, RESEND_AFTER_MS);
    this.resendTimers.add(timer);
  }

  private tryFinish(take: OutboxTake): Promise<void> {
    const previous = this.finishing.get(take.takeId) ?? Promise.resolve();
    const attempt = previous.then(() => this.finishOnce(take));
    this.finishing.set(take.takeId, attempt);
    void attempt.finally(() => {
      if (this.finishing.get(take.takeId) === attempt) this.finishing.delete(take.takeId);
    });
    return attempt;
  }

  private async finishOnce(take: OutboxTake): Promise<void> {
    if (!take.end || this.completed.has(take.takeId) || !this.live.ready) return;
    const outbox = this.outbox!;
    if ((await outbox.pendingSeqs(take.takeId)).length > 0) return; // the last ack calls again
    const started = this.started.get(take.takeId);
    if (!started || !(await started)) return;
    this.bump(take.takeId, { phase: "finishing" });
    try {
      const reply = (await this.live.socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck("take:end", { takeId: take.takeId, ...take.end })) as TakeEndReply;
      if (reply.ok) await this.complete(take, reply.take);
      else this.bump(take.takeId, { phase: "error", error: reply.error.message });
    } catch {
      this.bump(take.takeId, { phase: "uploading" });
    }
  }

  private async complete(take: OutboxTake, info: TakeInfo): Promise<void> {
    this.completed.add(take.takeId);
    this.onComplete(take, info);
    await this.outbox!.deleteTake(take.takeId);
    this.bump(take.takeId, { phase: "done", pending: 0, error: null });
  }

  private setTake(takeId: string, state: Omit<TakeUploadState, "takeId">): void {
    this.status.update((s) => ({ ...s, takes: [...s.takes.filter((t) => t.takeId !== takeId), { takeId, ...state }] }));
  }

  private bump(
    takeId: string,
    patch: { pending?: number; acked?: number; phase?: UploadPhase; error?: string | null },
  ): void {
    this.status.update((s) => ({
      ...s,
      takes: s.takes.map((t) =>
        t.takeId !== takeId
          ? t
          : {
              ...t,
              pending: Math.max(0, t.pending + (patch.pending ?? 0)),
              acked: t.acked + (patch.acked ?? 0),
              phase: patch.phase ?? t.phase,
              error: patch.error === undefined ? t.error : patch.error,
            },
      ),
    }));
  }
}
