import { log } from "../log";
import type { TakeRecord, TakeRepository } from "../db/types";
import { LiveTake, liveKey } from "./live-take";
import { TakeError } from "./take-error";
import { takeLeaseName, type LeaseCallbacks, type TakeLeases } from "./take-leases";
import type { TakeStore } from "./take-store";

/**
 * Which recording takes this node owns, and how it comes to own them (issue #21): a new take's lease is claimed
 * at take:start; a take recording elsewhere before (a restart, a node that died or handed it over) is adopted —
 * lease first, then its state rebuilt from the store; a take another node asks for is handed over; a take whose
 * lease was lost is retired. With one process (LocalTakeLeases) every claim succeeds at once.
 */
export class TakeOwnership {
  private readonly adopting = new Map<string, Promise<LiveTake | null>>();

  constructor(
    /** The service's takes by liveKey: adopted takes are added, retired ones removed. */
    private readonly live: Map<string, LiveTake>,
    private readonly store: TakeStore,
    private readonly repo: TakeRepository,
    private readonly leases: TakeLeases,
    private readonly waitMs: number,
    /** Called for each adopted take (the service starts its idle timer and counts it as open here). */
    private readonly onAdopted: (take: LiveTake) => void,
    /** Called for each take this node stops recording while it goes on elsewhere (handed over, lease lost). */
    private readonly onRetired: (take: LiveTake) => void = () => {},
  ) {}

  /** True when several nodes share takes (Redis leases). */
  get shared(): boolean {
    return this.leases.shared;
  }

  /** The lease of a take about to be created here. */
  async claim(sessionId: string, takeId: string): Promise<void> {
    if (!(await this.leases.acquire(takeLeaseName(sessionId, takeId), 0, this.callbacks(sessionId, takeId))))
      throw new TakeError("INTERNAL", "This take is being started through another server; it will be retried.");
  }

  release(sessionId: string, takeId: string): Promise<void> {
    return this.leases.release(takeLeaseName(sessionId, takeId));
  }

  /** Whether this node may still ack chunks of `take`. */
  owns(take: LiveTake): boolean {
    return !take.retired && this.leases.holds(takeLeaseName(take.row.sessionId, take.row.takeId));
  }

  /**
   * Makes this node the owner of a recording take: its lease (waiting `waitMs` for another node's hand-over or
   * expiry), then its state rebuilt from the store. Null when the take is no longer recording, or (waitMs 0)
   * when another node holds it. Concurrent calls for one take share one adoption.
   */
  adopt(row: TakeRecord, waitMs = this.waitMs): Promise<LiveTake | null> {
    const k = liveKey(row.sessionId, row.takeId);
    const live = this.live.get(k);
    if (live) return Promise.resolve(live);
    let p = this.adopting.get(k);
    if (!p) {
      p = this.adoptOnce(row, waitMs).finally(() => this.adopting.delete(k));
      this.adopting.set(k, p);
    }
    return p;
  }

  private async adoptOnce(row: TakeRecord, waitMs: number): Promise<LiveTake | null> {
    const name = takeLeaseName(row.sessionId, row.takeId);
    if (!(await this.leases.acquire(name, waitMs, this.callbacks(row.sessionId, row.takeId)))) {
      if (waitMs === 0) return null;
      throw new TakeError("INTERNAL", "This take is still held by another server; it will be retried in a moment.");
    }
    try {
      // Another node may have ended the take while this one waited for the lease.
      const fresh = this.leases.shared ? await this.repo.find(row.sessionId, row.takeId) : row;
      if (!fresh || fresh.state !== "recording") {
        await this.leases.release(name);
        return null;
      }
      const rec = await this.store.recoverJournal({ sessionId: fresh.sessionId, storageKey: fresh.storageKey });
      if (!rec) {
        log.warn("take journal missing; marking the take aborted", { takeId: row.takeId, sessionId: row.sessionId });
        await this.repo.abort(fresh.id);
        await this.leases.release(name);
        return null;
      }
      const take = await LiveTake.fromJournal(fresh, rec);
      this.live.set(liveKey(fresh.sessionId, fresh.takeId), take);
      this.onAdopted(take);
      log.info("take recovered", {
        takeId: fresh.takeId,
        chunks: take.chunks.size,
        nextSeq: take.nextSeq,
        truncatedBytes: rec.truncatedBytes,
      });
      return take;
    } catch (e) {
      await this.leases.release(name);
      throw e;
    }
  }

  private callbacks(sessionId: string, takeId: string): LeaseCallbacks {
    const k = liveKey(sessionId, takeId);
    return {
      onLost: () => {
        const take = this.live.get(k);
        if (!take) return;
        log.warn("lost a take's lease; another node owns it now", { takeId });
        void this.retire(take);
      },
      onWanted: () => {
        const take = this.live.get(k);
        // A take being finalised or discarded is finished first; the asking node then finds it ended.
        if (!take || take.ending) return;
        log.info("handing a take over to another node (its recorder is there)", { takeId });
        void this.retire(take).then(() => this.leases.release(takeLeaseName(sessionId, takeId)));
      },
    };
  }

  /** Stops owning a take: no more appends; what was acked is in the store for the next owner. */
  private async retire(take: LiveTake): Promise<void> {
    take.retired = true;
    const k = liveKey(take.row.sessionId, take.row.takeId);
    if (this.live.get(k) === take) this.live.delete(k);
    this.onRetired(take);
    if (take.idleTimer) clearTimeout(take.idleTimer);
    await Promise.allSettled([...take.chunks.values()].map((c) => c.durable));
    await take.journal.close().catch(() => {});
  }
}
