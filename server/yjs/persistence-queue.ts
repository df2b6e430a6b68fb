import * as Y from "yjs";
import type { DocStore } from "../db/types";
import { log } from "../log";

/**
 * Writes a room's updates to the DocStore in batches: everything that arrives while a write is in
 * flight goes into the next write, merged into one row. A writer is told which state is durable only
 * after the write resolves (`onPersisted`), so "acknowledged" means "survives kill -9".
 * A failed write keeps the updates queued and retries with backoff; the doc stays in memory.
 */
export interface PersistenceQueueOptions {
  /** Fold stored updates into the snapshot after this many rows. */
  compactAfterRows: number;
  /**
   * Called after each durable write with the state vector it made durable and, per writer, the count
   * of its write messages that are now durable.
   */
  onPersisted: (stateVector: Uint8Array, writers: Map<unknown, number>) => void;
  /** Told the seq of each stored batch and the mark of its last update (see `enqueue`). */
  onStored?: (seq: number, mark: number) => void;
  /**
   * The cluster's compaction lease for a document: null when another node holds it; undefined when
   * there is only this process.
   */
  compactionLease?: (docName: string) => Promise<{ release: () => Promise<void> } | null>;
}

export class PersistenceQueue {
  private pending: Uint8Array[] = [];
  /** The mark of the last update enqueued (the room's fan-out counter). */
  private pendingMark = 0;
  private writers = new Map<unknown, number>();
  private running: Promise<void> | null = null;
  private rowsSinceSnapshot: number;
  private lastStoredSeq: number;
  private retryDelayMs = 100;
  private closed = false;

  constructor(
    private readonly docName: string,
    private readonly doc: Y.Doc,
    private readonly store: DocStore,
    private readonly options: PersistenceQueueOptions,
    loaded: { rowsSinceSnapshot: number; lastSeq: number },
  ) {
    this.rowsSinceSnapshot = loaded.rowsSinceSnapshot;
    this.lastStoredSeq = loaded.lastSeq;
  }

  enqueue(update: Uint8Array, mark = 0): void {
    if (this.closed) return;
    this.pending.push(update);
    this.pendingMark = Math.max(this.pendingMark, mark);
    this.start();
  }

  /**
   * Records that `writer`'s first `writeCount` write messages have been applied to the doc. They are
   * acknowledged after the next durable write — even a message that changed nothing (a duplicate), since
   * what it carried may still be in a write in flight.
   */
  noteWrite(writer: unknown, writeCount: number): void {
    if (this.closed) return;
    this.writers.set(writer, writeCount);
    this.start();
  }

  private start(): void {
    if (!this.running) this.running = this.drain().finally(() => (this.running = null));
  }

  /** Resolves once everything enqueued so far is durable (or the queue was closed). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Flushes, compacts, and stops accepting updates. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.rowsSinceSnapshot > 0)
      await this.compact().catch((err) => log.error("compaction failed", { doc: this.docName, err: String(err) }));
  }

  private async drain(): Promise<void> {
    // Let the rest of this tick's messages join the batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.pending.length > 0 || this.writers.size > 0) {
      const batch = this.pending;
      const mark = this.pendingMark;
      const writers = this.writers;
      this.pending = [];
      this.writers = new Map();
      // Every update applied to the doc so far is in `batch` or already stored, so this is the state
      // the batch makes durable.
      const stateVector = Y.encodeStateVector(this.doc);
      if (batch.length === 0) {
        // Only acknowledgements: everything they cover was stored by the writes before this loop turn.
        this.options.onPersisted(stateVector, writers);
        continue;
      }
      const merged = batch.length === 1 ? batch[0] : Y.mergeUpdates(batch);
      try {
        this.lastStoredSeq = await this.store.append(this.docName, [merged]);
        this.retryDelayMs = 100;
      } catch (err) {
        log.error("storing a Yjs update failed; will retry", { doc: this.docName, err: String(err) });
        this.pending = [merged, ...this.pending];
        for (const [w, n] of writers) this.writers.set(w, Math.max(n, this.writers.get(w) ?? 0));
        await new Promise((r) => setTimeout(r, this.retryDelayMs));
        this.retryDelayMs = Math.min(this.retryDelayMs * 2, 5000);
        if (this.closed) return;
        continue;
      }
      this.rowsSinceSnapshot += 1;
      this.options.onStored?.(this.lastStoredSeq, mark);
      this.options.onPersisted(stateVector, writers);
      if (this.rowsSinceSnapshot >= this.options.compactAfterRows) {
        await this.compact().catch((err) => log.error("compaction failed", { doc: this.docName, err: String(err) }));
      }
    }
  }

  private async compact(): Promise<void> {
    // The store folds what is stored (not this doc, which may lack rows another node stored). One node at
    // a time per document: the others skip while the lease is held (they would only repeat the work).
    const lease = await this.options.compactionLease?.(this.docName);
    if (lease === null) {
      this.rowsSinceSnapshot = 0;
      return;
    }
    try {
      await this.store.compact(this.docName, this.lastStoredSeq);
      this.rowsSinceSnapshot = 0;
    } finally {
      await lease?.release();
    }
  }
}
