import {
  TAKE_CHUNK_MAX_SECONDS,
  TAKE_MAX_OPEN_PER_LINK,
  TAKE_MAX_SECONDS,
  TAKE_SAMPLE_RATES,
  TAKE_SEQ_WINDOW,
  takeAudioPath,
  takePeaksPath,
  type TakeChunkRelay,
  type TakeEndRequest,
  type TakeInfo,
  type TakeStartRequest,
} from "@bandspace/protocol";
import { encodePeakPyramid } from "@bandspace/dsp";
import type { Principal } from "../auth/authenticate";
import { randomId } from "@bandspace/model";
import { log } from "../log";
import { TakeExistsError } from "../db/take-repository";
import type { TakeRecord, TakeRepository } from "../db/types";
import { LiveTake, liveKey, type Chunk } from "./live-take";
import { StorageUnavailableError } from "./s3-client";
import { TakeError } from "./take-error";
import { LocalOpenTakes, type OpenTakes } from "./open-takes";
import { LocalTakeLeases, type TakeLeases } from "./take-leases";
import { TakeOwnership } from "./take-ownership";
import type { TakeStore } from "./take-store";

/** Callers import the error with the service. */
export { TakeError };

/** How the service tells the session's other members what happened (socket.io rooms in production). */
export interface TakeRelay {
  started: (take: TakeInfo, fromSocket?: string) => void;
  chunk: (sessionId: string, chunk: TakeChunkRelay, fromSocket?: string) => void;
  ended: (take: TakeInfo) => void;
  aborted: (sessionId: string, takeId: string) => void;
}

export interface TakeServiceOptions {
  /** A recording take with no chunk for this long is finalised with its contiguous acked part. */
  idleFinaliseMs?: number;
  /** Longest take in seconds (default TAKE_MAX_SECONDS; tests lower it). */
  maxSeconds?: number;
  /** Who may append to a take (default: this process alone; Redis leases when several nodes share takes). */
  leases?: TakeLeases;
  /** How long a node waits for another node's lease on a take (its hand-over, or its expiry after a crash). */
  leaseWaitMs?: number;
  /** Takes recording per link, for TAKE_MAX_OPEN_PER_LINK (default: this process's; Redis across nodes). */
  openTakes?: OpenTakes;
}

export function canRecord(role: Principal["role"]): boolean {
  return role === "owner" || role === "edit";
}

/**
 * The take logic: validation, idempotent chunk writes by seq, relay in seq order, peaks, finalising,
 * recovery after a restart. Transport-agnostic (socket handlers and HTTP routes call it).
 */
export class TakeService {
  private readonly live = new Map<string, LiveTake>();
  private readonly starting = new Map<string, Promise<TakeInfo>>();
  private readonly owner: TakeOwnership;
  private readonly idleFinaliseMs: number;
  private readonly maxSeconds: number;
  private closed = false;
  private sweepTimer: NodeJS.Timeout | null = null;
  private readonly remoteViews = new Map<string, { at: number; view: Promise<LiveTake | null> }>();
  private readonly openTakes: OpenTakes;

  constructor(
    readonly store: TakeStore,
    private readonly repo: TakeRepository,
    private readonly relay: TakeRelay,
    opts: TakeServiceOptions = {},
  ) {
    this.idleFinaliseMs = opts.idleFinaliseMs ?? 10 * 60_000;
    this.maxSeconds = Math.min(opts.maxSeconds ?? TAKE_MAX_SECONDS, TAKE_MAX_SECONDS);
    this.openTakes = opts.openTakes ?? new LocalOpenTakes();
    this.owner = new TakeOwnership(
      this.live,
      store,
      repo,
      opts.leases ?? new LocalTakeLeases(),
      opts.leaseWaitMs ?? 5000,
      (take) => {
        this.openTakes.hold(take.row.createdByLinkId, take.liveKey);
        this.touch(take);
      },
      (take) => this.openTakes.forget(take.liveKey),
    );
  }

  // ---- recovery -------------------------------------------------------------------------------

  /**
   * Reloads every take that was recording when the server stopped (journal = what was acked). With shared
   * leases, only takes no other node holds: the rest are adopted when their recorder comes back.
   */
  async recover(): Promise<number> {
    let n = 0;
    for (const row of await this.repo.listRecording()) {
      try {
        if (await this.owner.adopt(row, 0)) n++;
      } catch (err) {
        log.error("take recovery failed", { takeId: row.takeId, err: String(err) });
      }
    }
    return n;
  }

  /**
   * With shared leases: every `intervalMs`, adopts the recording takes no node owns — their node died and their
   * recorder did not come back — so that this node's idle timer finalises them with everything acked.
   */
  startOrphanSweep(intervalMs: number): void {
    if (!this.owner.shared || this.sweepTimer) return;
    let sweeping = false;
    this.sweepTimer = setInterval(() => {
      if (sweeping || this.closed) return;
      sweeping = true;
      void this.recover().finally(() => (sweeping = false));
    }, intervalMs);
    this.sweepTimer.unref();
  }

  // ---- take:start ------------------------------------------------------------------------------

  async start(principal: Principal, req: TakeStartRequest, fromSocket?: string): Promise<TakeInfo> {
    requireRecorder(principal);
    if (!(TAKE_SAMPLE_RATES as readonly number[]).includes(req.sampleRate)) {
      throw new TakeError(
        "TAKE_BAD_FORMAT",
        `Recording at ${req.sampleRate} Hz is not supported: use ${TAKE_SAMPLE_RATES.join(", ")} Hz.`,
      );
    }
    const k = liveKey(principal.sessionId, req.takeId);
    // Two take:start for one take at once (a resend after a reconnect) share one answer.
    const pending = this.starting.get(k);
    if (pending) return pending.then(() => this.start(principal, req, fromSocket));
    const p = this.startOnce(principal, req, fromSocket).finally(() => this.starting.delete(k));
    this.starting.set(k, p);
    return p;
  }

  private async startOnce(principal: Principal, req: TakeStartRequest, fromSocket?: string): Promise<TakeInfo> {
    const existing =
      this.live.get(liveKey(principal.sessionId, req.takeId))?.row ??
      (await this.repo.find(principal.sessionId, req.takeId));
    if (existing) return await this.resume(principal, existing, req);
    if (this.closed) throw new TakeError("INTERNAL", "The server is shutting down; try again in a moment.");
    // Counted across every node (a link's recorders may be spread over several behind the balancer).
    const k = liveKey(principal.sessionId, req.takeId);
    const open = await this.openTakes.reserve(principal.linkId, k, TAKE_MAX_OPEN_PER_LINK).catch((err: unknown) => {
      log.error("counting open takes failed", { err: String(err) });
      throw new TakeError("INTERNAL", "The server could not start the take; it will be retried.");
    });
    if (open !== null) {
      throw new TakeError(
        "TAKE_TOO_MANY",
        `Your link already has ${open} takes recording; end or discard one before starting another.`,
      );
    }
    try {
      return await this.create(principal, req, fromSocket);
    } catch (e) {
      await this.openTakes.free(k);
      if (e instanceof TakeExistsError) {
        // Started meanwhile through another request (a resend on another connection): answered as a resume.
        const again = await this.repo.find(principal.sessionId, req.takeId);
        if (again) return this.resume(principal, again, req);
      }
      throw e;
    }
  }

  /** Creates a take whose place among its link's open takes is reserved: lease, journal, then the row. */
  private async create(principal: Principal, req: TakeStartRequest, fromSocket?: string): Promise<TakeInfo> {
    const row: Omit<TakeRecord, "createdAt" | "state" | "frames" | "chunkCount" | "sha256" | "endedAt"> = {
      id: randomId(),
      sessionId: principal.sessionId,
      takeId: req.takeId,
      trackId: req.trackId,
      createdByLinkId: principal.linkId,
      createdByName: req.displayName || (principal.role === "owner" ? "Session owner" : "A bandmate"),
      sampleRate: req.sampleRate,
      channels: req.channels,
      startTick: req.startTick,
      latencyMs: req.latencyMs,
      passIndex: req.passIndex ?? 0,
      lane: req.lane ?? null,
      storeKind: this.store.kind,
      storageKey: "",
    };
    row.storageKey = row.id;
    const key = { sessionId: row.sessionId, storageKey: row.storageKey };
    await this.owner.claim(row.sessionId, row.takeId);
    let record: TakeRecord;
    let journal: Awaited<ReturnType<TakeStore["createJournal"]>> | null = null;
    try {
      // Journal first: a DB row never points at storage that does not exist.
      journal = await this.store.createJournal(key, { sampleRate: row.sampleRate, channels: row.channels });
      record = await this.repo.create(row);
    } catch (e) {
      if (journal) {
        await journal.close();
        await this.store.deleteTake(key);
      }
      await this.owner.release(row.sessionId, row.takeId);
      throw e;
    }
    const take = new LiveTake(record, journal);
    this.live.set(liveKey(record.sessionId, record.takeId), take);
    this.touch(take);
    const info = this.info(take);
    this.relay.started(info, fromSocket);
    return info;
  }

  /** take:start for a take that exists: idempotent for its recorder with the same format. */
  private async resume(principal: Principal, row: TakeRecord, req: TakeStartRequest): Promise<TakeInfo> {
    if (row.createdByLinkId !== principal.linkId) {
      throw new TakeError("ROLE_FORBIDDEN", "This take id belongs to another recording; start a new take.");
    }
    if (row.sampleRate !== req.sampleRate || row.channels !== req.channels || row.trackId !== req.trackId) {
      throw new TakeError(
        "TAKE_BAD_FORMAT",
        `This take was started as ${row.channels} channel(s) at ${row.sampleRate} Hz on another track; start a new take.`,
      );
    }
    if (row.state === "aborted") throw new TakeError("TAKE_ALREADY_ENDED", "This take was discarded.");
    // Recording elsewhere before (a restart, another node that died or handed it over): take it over here.
    const take =
      this.live.get(liveKey(row.sessionId, row.takeId)) ??
      (row.state === "recording" ? await this.owner.adopt(row) : null);
    if (take) return this.info(take);
    return this.rowInfo((await this.repo.find(row.sessionId, row.takeId)) ?? row);
  }

  // ---- take:chunk ------------------------------------------------------------------------------

  /**
   * Stores one chunk. The relay to the other members happens before the disk write (listeners never
   * wait for the disk); the returned promise resolves when the chunk is durable — that is the ack.
   */
  async chunk(
    principal: Principal,
    takeId: string,
    seq: number,
    frames: number,
    pcm: Uint8Array,
    fromSocket?: string,
  ): Promise<{ duplicate: boolean }> {
    requireRecorder(principal);
    const take = await this.liveFor(principal, takeId);
    const { sampleRate, channels } = take.row;
    const maxFrames = sampleRate * TAKE_CHUNK_MAX_SECONDS;
    if (frames > maxFrames || pcm.byteLength > maxFrames * channels * 4) {
      throw new TakeError(
        "TAKE_CHUNK_TOO_LARGE",
        `Chunks hold at most ${TAKE_CHUNK_MAX_SECONDS} s of audio (${maxFrames} frames); this one has ${frames}.`,
      );
    }
    if (pcm.byteLength !== frames * channels * 4) {
      throw new TakeError(
        "TAKE_BAD_FORMAT",
        `Chunk ${seq} should hold ${frames} frames × ${channels} channel(s) of 32-bit float (${frames * channels * 4} bytes) but has ${pcm.byteLength} bytes.`,
      );
    }
    const existing = take.chunks.get(seq);
    if (existing) {
      await existing.durable.catch(() => {
        throw new TakeError("INTERNAL", "The server could not store this chunk; it will be resent.");
      });
      const stored = existing.pcm ?? (await take.journal.read(existing.record!.offset, existing.record!.length));
      if (
        existing.frames !== frames ||
        !Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).equals(
          Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength),
        )
      ) {
        throw new TakeError(
          "TAKE_CHUNK_CONFLICT",
          `Chunk ${seq} was already stored with different audio; the stored chunk is kept.`,
        );
      }
      this.touch(take);
      return { duplicate: true };
    }
    if (take.ending) throw new TakeError("TAKE_ALREADY_ENDED", "This take has ended; start a new take.");
    if (take.retired) throw new TakeError("INTERNAL", "This take moved to another server; the chunk will be resent.");
    if (seq >= take.nextSeq + TAKE_SEQ_WINDOW) {
      throw new TakeError(
        "TAKE_CHUNK_OUT_OF_ORDER",
        `Chunk ${seq} is too far ahead: the server still waits for chunk ${take.nextSeq} (at most ${TAKE_SEQ_WINDOW} ahead). Resend the missing chunks first.`,
      );
    }
    if (take.receivedFrames + frames > sampleRate * this.maxSeconds) {
      const limit =
        this.maxSeconds >= 60 ? `${Math.round(this.maxSeconds / 60)} minutes` : `${this.maxSeconds} seconds`;
      throw new TakeError("TAKE_TOO_LONG", `Takes are at most ${limit} long; stop and start a new take.`);
    }
    // Own copy: socket.io may hand a view into a larger receive buffer.
    const data = new Uint8Array(pcm.byteLength);
    data.set(pcm);
    let markDurable!: () => void;
    let markFailed!: (e: unknown) => void;
    const durable = new Promise<void>((resolve, reject) => {
      markDurable = resolve;
      markFailed = reject;
    });
    durable.catch(() => {});
    const chunk: Chunk = { frames, pcm: data, record: null, durable, failed: false };
    take.chunks.set(seq, chunk);
    take.receivedFrames += frames;
    this.touch(take);
    this.advance(take, fromSocket);
    try {
      chunk.record = await take.journal.append(seq, frames, data);
    } catch (err) {
      // Not stored: forget it so a resend can try again; listeners may have heard it already.
      chunk.failed = true;
      take.chunks.delete(seq);
      take.receivedFrames -= frames;
      markFailed(err);
      log.error("take chunk write failed", { takeId, seq, err: String(err) });
      throw new TakeError(
        "INTERNAL",
        err instanceof StorageUnavailableError
          ? "The server's take storage is not answering; this chunk stays on your device and will be resent."
          : "The server could not store this chunk; it will be resent.",
      );
    }
    markDurable();
    this.advanceDurable(take);
    // Durable, but acked only while this node still owns the take; otherwise the resend lands on the new owner.
    if (!this.owner.owns(take))
      throw new TakeError("INTERNAL", "This take moved to another server; the chunk will be resent.");
    return { duplicate: false };
  }

  /** Relays newly contiguous chunks in seq order and feeds the peaks. */
  private advance(take: LiveTake, fromSocket?: string): void {
    for (;;) {
      const c = take.chunks.get(take.nextSeq);
      if (!c || !c.pcm) return;
      const startFrame = take.contiguousFrames;
      take.startFrames.push(startFrame);
      take.feedPeaks(c.pcm);
      this.relay.chunk(
        take.row.sessionId,
        { takeId: take.row.takeId, seq: take.nextSeq, frames: c.frames, startFrame, pcm: c.pcm },
        fromSocket,
      );
      take.contiguousFrames += c.frames;
      take.nextSeq++;
      if (c.record) c.pcm = null;
    }
  }

  private advanceDurable(take: LiveTake): void {
    for (;;) {
      const c = take.chunks.get(take.durableSeq);
      if (!c || !c.record || take.durableSeq >= take.nextSeq) break;
      c.pcm = null; // relayed and durable: the journal holds it
      take.durableFrames += c.frames;
      take.durableSeq++;
    }
    // Chunks ahead of a gap stay in memory until the gap is filled and they are relayed.
  }

  // ---- take:end / take:abort -------------------------------------------------------------------

  async end(principal: Principal, req: TakeEndRequest): Promise<TakeInfo> {
    requireRecorder(principal);
    let take = this.live.get(liveKey(principal.sessionId, req.takeId));
    if (!take) {
      const row = await this.repo.find(principal.sessionId, req.takeId);
      if (!row) throw new TakeError("TAKE_NOT_FOUND", "There is no such take in this session.");
      if (row.createdByLinkId !== principal.linkId)
        throw new TakeError("ROLE_FORBIDDEN", "Only the person who recorded this take can end it.");
      // Recording on a node that died or handed it over: take it over here, then end it.
      take = row.state === "recording" ? ((await this.owner.adopt(row)) ?? undefined) : undefined;
    }
    if (!take) {
      // Not recording (any more: another node may have just finished it).
      const row = (await this.repo.find(principal.sessionId, req.takeId))!;
      if (row.state === "complete" && row.chunkCount === req.chunkCount && row.frames === req.totalFrames)
        return this.rowInfo(row);
      throw new TakeError(
        "TAKE_ALREADY_ENDED",
        row.state === "aborted" ? "This take was discarded." : "This take has already ended.",
      );
    }
    if (take.row.createdByLinkId !== principal.linkId)
      throw new TakeError("ROLE_FORBIDDEN", "Only the person who recorded this take can end it.");
    if (take.ending) return take.ending;
    // Wait for writes in flight (failed ones count as missing).
    await Promise.allSettled([...take.chunks.values()].map((c) => c.durable));
    const missing: number[] = [];
    for (let s = 0; s < req.chunkCount && missing.length < 1000; s++) if (!take.chunks.get(s)?.record) missing.push(s);
    if (missing.length > 0) {
      throw new TakeError(
        "TAKE_INCOMPLETE",
        `The server is missing ${missing.length === 1000 ? "1000 or more" : missing.length} chunk(s) of this take; they are being resent.`,
        missing,
      );
    }
    const beyond = [...take.chunks.keys()].filter((s) => s >= req.chunkCount);
    if (beyond.length > 0)
      throw new TakeError(
        "TAKE_BAD_FORMAT",
        `The take ended at ${req.chunkCount} chunks but chunk ${Math.min(...beyond)} was stored.`,
      );
    if (take.contiguousFrames !== req.totalFrames) {
      throw new TakeError(
        "TAKE_BAD_FORMAT",
        `The take has ${take.contiguousFrames} frames stored but the end message says ${req.totalFrames}.`,
      );
    }
    if (take.ending) return take.ending;
    return this.finalise(take, req.chunkCount);
  }

  /** Writes the master from the first `chunkCount` chunks, marks the take complete, drops the journal. */
  private finalise(take: LiveTake, chunkCount: number): Promise<TakeInfo> {
    // A take being saved no longer counts against its link's open takes (counted again if saving fails).
    void this.openTakes.free(take.liveKey);
    take.ending = (async () => {
      if (take.idleTimer) clearTimeout(take.idleTimer);
      let frames = 0;
      for (let s = 0; s < chunkCount; s++) frames += take.chunks.get(s)!.frames;
      const journal = take.journal;
      const chunks = take.chunks;
      async function* pcm() {
        for (let s = 0; s < chunkCount; s++) {
          const c = chunks.get(s)!;
          yield c.pcm ?? (await journal.read(c.record!.offset, c.record!.length));
        }
      }
      // The peaks cover exactly the contiguous prefix; when chunks past a gap are dropped they were never fed.
      // The pyramid goes first (the master's existence marks the take written); should it not match the master,
      // it is left out and built from the master on first request.
      if (take.pyramid.frames === frames) await this.store.writePeakPyramid(take.key, encodePeakPyramid(take.pyramid));
      const { sha256 } = await this.store.writeMaster(
        take.key,
        { sampleRate: take.row.sampleRate, channels: take.row.channels },
        frames,
        pcm(),
        take.peaks.toFloat32(),
      );
      const row = await this.repo.complete(take.row.id, { frames, chunkCount, sha256 });
      take.row = row;
      this.live.delete(liveKey(row.sessionId, row.takeId));
      await journal.close();
      await this.store.deleteJournal(take.key);
      await this.owner.release(row.sessionId, row.takeId);
      const info = this.rowInfo(row);
      this.relay.ended(info);
      log.info("take complete", { takeId: row.takeId, sessionId: row.sessionId, frames, chunkCount });
      return info;
    })();
    take.ending.catch((err) => {
      log.error("take finalise failed", { takeId: take.row.takeId, err: String(err) });
      take.ending = null; // let the client retry take:end
      if (this.live.get(take.liveKey) === take) this.openTakes.hold(take.row.createdByLinkId, take.liveKey);
    });
    return take.ending;
  }

  async abort(principal: Principal, takeId: string): Promise<void> {
    requireRecorder(principal);
    let take = this.live.get(liveKey(principal.sessionId, takeId));
    if (!take) {
      const row = await this.repo.find(principal.sessionId, takeId);
      if (!row) throw new TakeError("TAKE_NOT_FOUND", "There is no such take in this session.");
      if (row.state === "recording" && row.createdByLinkId === principal.linkId)
        take = (await this.owner.adopt(row)) ?? undefined;
    }
    if (!take) {
      const row = (await this.repo.find(principal.sessionId, takeId))!;
      if (row.state === "aborted") return;
      throw new TakeError("TAKE_ALREADY_ENDED", "This take is complete; delete it from the arrangement instead.");
    }
    if (take.row.createdByLinkId !== principal.linkId)
      throw new TakeError("ROLE_FORBIDDEN", "Only the person who recorded this take can discard it.");
    if (take.ending) throw new TakeError("TAKE_ALREADY_ENDED", "This take is already being saved.");
    take.ending = Promise.reject(new TakeError("TAKE_ALREADY_ENDED", "This take was discarded."));
    take.ending.catch(() => {});
    if (take.idleTimer) clearTimeout(take.idleTimer);
    await Promise.allSettled([...take.chunks.values()].map((c) => c.durable));
    await this.repo.abort(take.row.id);
    // Dropped only once the row says aborted, so nothing re-adopts the take in between.
    this.live.delete(liveKey(take.row.sessionId, takeId));
    await this.openTakes.free(take.liveKey);
    await take.journal.close();
    await this.store.deleteTake(take.key);
    await this.owner.release(take.row.sessionId, takeId);
    this.relay.aborted(take.row.sessionId, takeId);
  }

  /** Finalises an abandoned take with everything acked up to the first gap (nothing acked is lost). */
  private async finaliseIdle(take: LiveTake): Promise<void> {
    if (take.ending || this.closed) return;
    await Promise.allSettled([...take.chunks.values()].map((c) => c.durable));
    if (take.ending) return;
    let count = 0;
    while (take.chunks.get(count)?.record) count++;
    log.info("finalising an idle take", { takeId: take.row.takeId, chunks: count, dropped: take.chunks.size - count });
    await this.finalise(take, count).catch(() => {});
  }

  private touch(take: LiveTake): void {
    if (take.idleTimer) clearTimeout(take.idleTimer);
    take.idleTimer = setTimeout(() => void this.finaliseIdle(take), this.idleFinaliseMs);
    take.idleTimer.unref();
  }

  // ---- reads (HTTP) ----------------------------------------------------------------------------

  async list(sessionId: string): Promise<TakeInfo[]> {
    return (await this.repo.list(sessionId)).map((row) => {
      const take = this.live.get(liveKey(sessionId, row.takeId));
      return take ? this.info(take) : this.rowInfo(row);
    });
  }

  async get(
    sessionId: string,
    takeId: string,
  ): Promise<{ info: TakeInfo; row: TakeRecord; live: LiveTake | null } | null> {
    const take = this.live.get(liveKey(sessionId, takeId));
    if (take) return { info: this.info(take), row: take.row, live: take };
    const row = await this.repo.find(sessionId, takeId);
    if (!row || row.state === "aborted") return null;
    const view = row.state === "recording" ? await this.remoteView(row) : null;
    if (view) return { info: this.info(view), row, live: view };
    return { info: this.rowInfo(row), row, live: null };
  }

  /**
   * A take recording on another node, as HTTP serves it: its durable contiguous part, rebuilt read-only from the
   * shared store. Kept for a second, for the burst of range requests a player makes.
   */
  private remoteView(row: TakeRecord): Promise<LiveTake | null> {
    if (!this.owner.shared || !this.store.readJournal) return Promise.resolve(null);
    const now = Date.now();
    for (const [k, v] of this.remoteViews) if (now - v.at > REMOTE_VIEW_MS) this.remoteViews.delete(k);
    const k = liveKey(row.sessionId, row.takeId);
    const hit = this.remoteViews.get(k);
    if (hit) return hit.view;
    const view = this.store
      .readJournal({ sessionId: row.sessionId, storageKey: row.storageKey })
      .then((rec) => (rec ? LiveTake.fromJournal(row, rec) : null));
    this.remoteViews.set(k, { at: now, view });
    view.catch(() => this.remoteViews.delete(k));
    return view;
  }

  /** The durable contiguous PCM of a recording take, as (journal offset, length) pieces in order. */
  livePcmPieces(take: LiveTake): {
    frames: number;
    pieces: Array<{ offset: number; length: number }>;
    read: (o: number, l: number) => Promise<Buffer>;
  } {
    const pieces: Array<{ offset: number; length: number }> = [];
    for (let s = 0; s < take.durableSeq; s++) {
      const r = take.chunks.get(s)!.record!;
      pieces.push({ offset: r.offset, length: r.length });
    }
    return { frames: take.durableFrames, pieces, read: (o, l) => take.journal.read(o, l) };
  }

  livePeaks(take: LiveTake): { frames: number; peaks: Float32Array } {
    return { frames: take.peaks.frames, peaks: take.peaks.toFloat32() };
  }

  // ---- TakeInfo --------------------------------------------------------------------------------

  private info(take: LiveTake): TakeInfo {
    const ahead: number[] = [];
    for (const [seq, c] of take.chunks) if (seq >= take.durableSeq && c.record) ahead.push(seq);
    ahead.sort((a, b) => a - b);
    return {
      ...this.rowInfo(take.row),
      frames: take.durableFrames,
      durationSeconds: take.durableFrames / take.row.sampleRate,
      nextSeq: take.durableSeq,
      storedAhead: ahead,
    };
  }

  private rowInfo(row: TakeRecord): TakeInfo {
    return {
      takeId: row.takeId,
      sessionId: row.sessionId,
      trackId: row.trackId,
      createdBy: row.createdByName,
      createdAt: row.createdAt.toISOString(),
      sampleRate: row.sampleRate,
      channels: row.channels,
      startTick: row.startTick,
      latencyMs: row.latencyMs,
      passIndex: row.passIndex,
      lane: row.lane,
      state: row.state,
      frames: row.frames,
      durationSeconds: row.frames / row.sampleRate,
      nextSeq: row.chunkCount,
      storedAhead: [],
      sha256: row.sha256,
      audioUrl: takeAudioPath(row.sessionId, row.takeId),
      peaksUrl: takePeaksPath(row.sessionId, row.takeId),
    };
  }

  private async liveFor(principal: Principal, takeId: string): Promise<LiveTake> {
    const take = this.live.get(liveKey(principal.sessionId, takeId));
    if (take) {
      if (take.row.createdByLinkId !== principal.linkId)
        throw new TakeError("ROLE_FORBIDDEN", "Only the person who started this take can add audio to it.");
      return take;
    }
    let row = await this.repo.find(principal.sessionId, takeId);
    if (!row) throw new TakeError("TAKE_NOT_FOUND", "There is no such take: send take:start first.");
    if (row.createdByLinkId !== principal.linkId)
      throw new TakeError("ROLE_FORBIDDEN", "Only the person who started this take can add audio to it.");
    if (row.state === "recording") {
      const adopted = await this.owner.adopt(row);
      if (adopted) return adopted;
      row = (await this.repo.find(principal.sessionId, takeId)) ?? row;
    }
    throw new TakeError(
      "TAKE_ALREADY_ENDED",
      row.state === "aborted" ? "This take was discarded." : "This take has already ended.",
    );
  }

  /** Stops timers and closes journals (everything acked is already durable). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    const takes = [...this.live.values()];
    this.live.clear();
    for (const t of takes) {
      // Not freed: the take goes on, and the node that adopts it counts it.
      this.openTakes.forget(t.liveKey);
      if (t.idleTimer) clearTimeout(t.idleTimer);
      await t.ending?.catch(() => {});
      await Promise.allSettled([...t.chunks.values()].map((c) => c.durable));
      await t.journal.close().catch(() => {});
      // Another node may take it over at once (its recorder reconnects there).
      await this.owner.release(t.row.sessionId, t.row.takeId);
    }
  }
}

/** How long a read-only view of a take recording on another node is reused. */
const REMOTE_VIEW_MS = 1000;

function requireRecorder(principal: Principal): void {
  if (!canRecord(principal.role)) {
    throw new TakeError(
      "ROLE_FORBIDDEN",
      `Your link can ${principal.role === "comment" ? "comment" : "only listen"}; ask the session owner for an edit link to record.`,
    );
  }
}
