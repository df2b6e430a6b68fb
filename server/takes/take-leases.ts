/**
 * Who may append to a recording take: one node at a time (issue #21). The service takes a take's lease before
 * it creates or adopts the take's journal, and gives it back when the take ends, is discarded or handed over.
 *
 * - In one process (the default) every lease is granted: there is nobody to share with.
 * - With REDIS_URL, a lease is a Redis key with a short expiry that its node renews (./redis-take-leases.ts).
 *   A node that dies stops renewing, so another node may take the take over a few seconds later; a node that is
 *   alive hands a take over when another node asks for it (its recorder reconnected there).
 */
export interface LeaseCallbacks {
  /** The lease was lost (renewal found it expired or taken): stop appending at once. */
  onLost: () => void;
  /** Another node asks for the lease (the take's recorder is there now): give it back when convenient. */
  onWanted: () => void;
}

export interface TakeLeases {
  /** True when several nodes share takes: takes are adopted from the shared store on demand. */
  readonly shared: boolean;
  /**
   * Takes the lease `name`, asking its holder to hand it over and waiting up to `waitMs` for that or for its
   * expiry. Resolves false when it is still held by another node then.
   */
  acquire: (name: string, waitMs: number, callbacks: LeaseCallbacks) => Promise<boolean>;
  /** Whether this node holds `name` now, with time to spare (acks are given only while this is true). */
  holds: (name: string) => boolean;
  /** Gives the lease back (only if still ours). */
  release: (name: string) => Promise<void>;
  close: () => Promise<void>;
}

/** The lease of a take, by its ids (both validated by the protocol before they get here). */
export const takeLeaseName = (sessionId: string, takeId: string) => `take:${sessionId}:${takeId}`;

/** One process: every lease is ours. */
export class LocalTakeLeases implements TakeLeases {
  readonly shared = false;
  acquire(): Promise<boolean> {
    return Promise.resolve(true);
  }
  holds(): boolean {
    return true;
  }
  release(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
