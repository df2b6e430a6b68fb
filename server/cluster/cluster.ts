/**
 * How the server nodes of one deployment talk to each other (issue #21). Two extension points, each with
 * an in-process default (one process, nothing to install) and a Redis implementation (REDIS_URL set):
 *
 * - ClusterBus: fire-and-forget messages on named channels (document updates, presence, link revocations).
 *   A message is delivered to every OTHER node subscribed to its channel, never back to its sender; it may
 *   be lost (a reconnect), so what must converge also has a path through the database (see room-fanout.ts).
 * - LeaseStore: short exclusive leases by name (compaction, autosave checkpoints, version restores), so a
 *   job runs on one node at a time. A lease expires by itself if its node dies.
 */
export type BusHandler = (payload: Uint8Array) => void;

export interface ClusterBus {
  /** This node's id on the bus (unique per process, also when BANDSPACE_NODE_ID repeats). */
  readonly nodeId: string;
  /** True when a message can be lost without a reconnect notice (subscribers then also check periodically). */
  readonly lossy: boolean;
  publish: (channel: string, payload: Uint8Array) => void;
  /** Resolves once messages on `channel` are delivered (so a reader may subscribe, then load). Returns unsubscribe. */
  subscribe: (channel: string, handler: BusHandler) => Promise<() => void>;
  /**
   * Called after the bus reconnected: messages sent meanwhile are lost, so subscribers catch up from the
   * database. Returns a function that removes the listener.
   */
  onReconnect: (listener: () => void) => () => void;
  close: () => Promise<void>;
}

export interface Lease {
  /** Gives the lease back (only if still ours: an expired lease another node took is left alone). */
  release: () => Promise<void>;
}

export interface LeaseStore {
  /** Takes the lease `name` for `ttlMs`, or null when another holder has it. */
  acquire: (name: string, ttlMs: number) => Promise<Lease | null>;
  close: () => Promise<void>;
}

export interface Cluster {
  bus: ClusterBus;
  leases: LeaseStore;
  /** "in-process" or "redis", for logs. */
  kind: string;
  close: () => Promise<void>;
}

/** Polls for a lease until `waitMs` passed (for work that must happen, once, such as a restore). */
export async function acquireWaiting(
  leases: LeaseStore,
  name: string,
  ttlMs: number,
  waitMs: number,
): Promise<Lease | null> {
  const deadline = Date.now() + waitMs;
  for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
    const lease = await leases.acquire(name, ttlMs);
    if (lease || Date.now() >= deadline) return lease;
    await new Promise((r) => setTimeout(r, delay));
  }
}
