/**
 * How many takes each share link has recording at once, for the TAKE_MAX_OPEN_PER_LINK limit (issue #21).
 *
 * The limit is per link, not per node: behind a load balancer one link's recorders land on any node, so the
 * count must be the cluster's. In one process (the default) the count lives in memory; with REDIS_URL it lives
 * in Redis (./redis-open-takes.ts), where each node's entries expire unless the node keeps renewing them — so a
 * node that dies stops counting a few seconds later, without anyone cleaning up after it.
 *
 * A take is named by its liveKey (session and take id), so a take that moves between nodes (hand-over, adoption)
 * is one entry whichever node counts it.
 */
export interface OpenTakes {
  /**
   * Counts a new take of `linkId` as open, unless the link already has `limit` takes open: then nothing is
   * counted and the number open is returned. Null when the take was counted.
   */
  reserve: (linkId: string, take: string, limit: number) => Promise<number | null>;
  /** This node records `take` now (adopted after a restart or from another node): counted, without a limit check. */
  hold: (linkId: string, take: string) => void;
  /** The take ended, was discarded or never started: its place is free at once, on every node. */
  free: (take: string) => Promise<void>;
  /** This node stopped recording `take` but the take goes on (handed over, node closing): its new node counts it. */
  forget: (take: string) => void;
  close: () => Promise<void>;
}

/** One process: the takes this process records are all there is. */
export class LocalOpenTakes implements OpenTakes {
  private readonly open = new Map<string, string>();

  reserve(linkId: string, take: string, limit: number): Promise<number | null> {
    let n = 0;
    for (const [t, link] of this.open) if (link === linkId && t !== take) n++;
    if (n >= limit) return Promise.resolve(n);
    this.open.set(take, linkId);
    return Promise.resolve(null);
  }

  hold(linkId: string, take: string): void {
    this.open.set(take, linkId);
  }

  free(take: string): Promise<void> {
    this.open.delete(take);
    return Promise.resolve();
  }

  forget(take: string): void {
    this.open.delete(take);
  }

  close(): Promise<void> {
    this.open.clear();
    return Promise.resolve();
  }
}
