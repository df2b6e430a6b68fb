/**
 * Back-off for waveform tiles that failed to load. A failed tile is not asked for again on every draw (a scroll
 * draws up to 60 times a second, and a server that is down or a take that is gone would be hammered): it waits
 * `firstMs` after its first failure, twice that after the second, and so on up to `maxMs`. The next draw after
 * the wait asks again; a success forgets the failures; the user's "retry" asks again at once.
 */

export interface BackoffPolicy {
  /** Wait after the first failure. */
  firstMs: number;
  /** The longest wait, however many failures. */
  maxMs: number;
}

export const TILE_BACKOFF: BackoffPolicy = { firstMs: 1000, maxMs: 30_000 };

/** The wait after the `failures`-th failure in a row (1 ⇒ firstMs), doubling, at most maxMs. */
export function backoffDelayMs(failures: number, policy: BackoffPolicy = TILE_BACKOFF): number {
  if (failures <= 0) return 0;
  // Capped before the power can overflow to Infinity on a long outage.
  return Math.min(policy.maxMs, policy.firstMs * 2 ** Math.min(failures - 1, 30));
}

export interface TileFailure {
  /** Failures in a row. */
  failures: number;
  /** When (ms, the clock passed in) the tile may be asked for again. */
  retryAt: number;
  /** What the last failure said, for the person looking at the clip. */
  message: string;
}

/** The failed tiles of one cache, by key. */
export class FailedTiles {
  private readonly byKey = new Map<string, TileFailure>();

  constructor(private readonly policy: BackoffPolicy = TILE_BACKOFF) {}

  /** Records one more failure of `key` at `now`. */
  fail(key: string, now: number, message: string): TileFailure {
    const failures = (this.byKey.get(key)?.failures ?? 0) + 1;
    const failure = { failures, retryAt: now + backoffDelayMs(failures, this.policy), message };
    this.byKey.set(key, failure);
    return failure;
  }

  succeeded(key: string): void {
    this.byKey.delete(key);
  }

  /** The failure that holds `key` back at `now`, or undefined when it may be asked for. */
  waiting(key: string, now: number): TileFailure | undefined {
    const failure = this.byKey.get(key);
    return failure && now < failure.retryAt ? failure : undefined;
  }

  /**
   * The person asked to retry: every failed tile whose key starts with `prefix` may be asked for at once. The
   * count of failures is kept, so if the retry fails too the next wait is longer, not reset.
   */
  retryNow(prefix: string): void {
    for (const [key, failure] of this.byKey) if (key.startsWith(prefix)) failure.retryAt = 0;
  }

  get size(): number {
    return this.byKey.size;
  }
}
