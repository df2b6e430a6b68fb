import { randomBytes } from "node:crypto";
import { encodeRecords, type PendingRecord } from "./journal-records";
import type { S3Objects } from "./s3-objects";
import type { JournalRecord, TakeJournal } from "./take-store";

/** One journal object: a group of records written by one PUT, at [start, start + length) of the journal. */
export interface Segment {
  key: string;
  start: number;
  length: number;
}

/**
 * Segment names sort in write order: `<generation>-<index>-<writer>.seg`. Each node that (re)opens a journal
 * writes a new generation, so a segment is never overwritten, even by a node that has not yet noticed it lost
 * the take. Offsets are virtual (segments concatenated in name order) and rebuilt at every recovery.
 */
export const SEGMENT_NAME = /^(\d{8})-(\d{10})-([a-z0-9]{8})\.seg$/;
const segmentName = (generation: number, index: number, writer: string) =>
  `${String(generation).padStart(8, "0")}-${String(index).padStart(10, "0")}-${writer}.seg`;

/**
 * Longest wait for one segment's PUT, retries included. A recorder waits for this answer (its ack): past it the
 * chunks are refused as retryable and the client's outbox sends them again, rather than waiting on a storage
 * server that stopped answering.
 */
export const SEGMENT_PUT_DEADLINE_MS = 6000;

/** Segments kept in memory for reads (the newest ones: relays, duplicates, finalising read them back). */
export const CACHED_SEGMENTS = 64;

interface Pending extends PendingRecord {
  resolve: (r: JournalRecord) => void;
  reject: (e: Error) => void;
}

/**
 * A take journal in S3. Group commit as in the local store: appends that arrive while a PUT is in flight go out
 * together in the next segment; each resolves once S3 has acknowledged its segment (the chunk is durable).
 */
export class S3Journal implements TakeJournal {
  private queue: Pending[] = [];
  private flushing = false;
  /** Settles when the flush in progress (if any) has finished. */
  private flushed: Promise<void> = Promise.resolve();
  private closed = false;
  private index = 0;
  private readonly writer = randomBytes(5).toString("hex").slice(0, 8);
  private readonly cache = new Map<string, Buffer>();

  constructor(
    private readonly s3: S3Objects,
    /** `takes/<sessionId>/<storageKey>/journal/` */
    private readonly prefix: string,
    private readonly segments: Segment[],
    private size: number,
    private readonly generation: number,
    /** Segment bodies recovery has just read (the newest CACHED_SEGMENTS are kept). */
    warm: Array<{ key: string; body: Buffer }> = [],
    /** A view of a journal another node appends to: appends are refused. */
    private readonly readOnly = false,
  ) {
    for (const w of warm.slice(-CACHED_SEGMENTS)) this.remember(w.key, w.body);
  }

  append(seq: number, frames: number, pcm: Uint8Array): Promise<JournalRecord> {
    if (this.closed) return Promise.reject(new Error("journal closed"));
    if (this.readOnly) return Promise.reject(new Error("read-only journal"));
    return new Promise((resolve, reject) => {
      this.queue.push({ seq, frames, pcm, resolve, reject });
      // The flag is set and cleared synchronously with the loop, so an append never waits on a finished flush.
      if (!this.flushing) this.flushed = this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      const { buffers, records } = encodeRecords(batch, this.size);
      const body = Buffer.concat(buffers);
      // A new name for every attempt: a failed PUT is never retried under its name, so nothing is overwritten.
      const key = this.prefix + segmentName(this.generation, this.index++, this.writer);
      try {
        await this.s3.put(key, body, undefined, SEGMENT_PUT_DEADLINE_MS);
      } catch (e) {
        // Unknown whether S3 stored it (a timed-out PUT may still land). Either way the journal stays consistent:
        // offsets here count only segments this journal saw stored, recovery re-reads whatever exists (a landed
        // segment only repeats records, and the first copy of a seq wins). So the chunks are refused — the client
        // resends them — and later appends try again under new names, once the storage answers.
        const err = e instanceof Error ? e : new Error(String(e));
        batch.forEach((p) => p.reject(err));
        this.queue.splice(0).forEach((p) => p.reject(err));
        break;
      }
      this.segments.push({ key, start: this.size, length: body.length });
      this.size += body.length;
      this.remember(key, body);
      batch.forEach((p, i) => p.resolve(records[i]));
    }
    this.flushing = false;
  }

  async read(offset: number, length: number): Promise<Buffer> {
    const out = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const seg = this.segmentAt(offset + got);
      if (!seg) throw new Error("journal read past end");
      const body = await this.body(seg);
      const from = offset + got - seg.start;
      const n = Math.min(length - got, seg.length - from);
      body.copy(out, got, from, from + n);
      got += n;
    }
    return out;
  }

  private segmentAt(offset: number): Segment | undefined {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.segments[mid];
      if (offset < s.start) hi = mid - 1;
      else if (offset >= s.start + s.length) lo = mid + 1;
      else return s;
    }
    return undefined;
  }

  private async body(seg: Segment): Promise<Buffer> {
    const hit = this.cache.get(seg.key);
    if (hit) {
      this.cache.delete(seg.key);
      this.cache.set(seg.key, hit);
      return hit;
    }
    const body = await this.s3.get(seg.key);
    if (!body || body.length < seg.length) throw new Error(`journal segment ${seg.key} is missing or short`);
    this.remember(seg.key, body);
    return body;
  }

  private remember(key: string, body: Buffer): void {
    this.cache.set(key, body);
    while (this.cache.size > CACHED_SEGMENTS) this.cache.delete(this.cache.keys().next().value!);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushed;
    this.cache.clear();
  }
}
