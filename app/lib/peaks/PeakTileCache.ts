/**
 * The browser's cache of waveform peaks: a take's pyramid levels fetched in fixed tiles of PEAK_TILE_BINS bins, so
 * a waveform asks only for the tiles under what is visible, scrolling reuses the tiles it already has, and two
 * clips of one take (or a clip and its take lane) share them. Concurrent asks for one tile share one request;
 * the least recently used tiles are dropped beyond `maxTiles`.
 *
 * Tiles of a take still recording (`final: false`) are handed out but not kept: they grow. A tile that failed to
 * load is not asked for again until its back-off has passed (`FailedTiles`); `failure()` tells a waveform why.
 */

import { FailedTiles, type BackoffPolicy, type TileFailure } from "./tileBackoff";

/** Bins per tile: 4 KB of mono Int16 min/max, a screen or two of waveform at the level a zoom picks. */
export const PEAK_TILE_BINS = 1024;

export interface PeakTile {
  level: number;
  tile: number;
  /** Bins [from, to) of the level this tile holds (`to` is short at the end of the take). */
  from: number;
  to: number;
  /** Mono envelope (channels merged): [min0, max0, min1, max1, …] in Int16 full scale (32767 ⇒ 1.0). */
  bins: Int16Array;
  /** A stereo take's envelope per channel (left, right), laid out like `bins`; absent for a mono take. */
  lanes?: Int16Array[];
  /** The take is complete: this tile never changes. */
  final: boolean;
  /** Bins of the level in the whole take (so far, while recording) and the take's frames. */
  levelBins: number;
  frames: number;
}

export type FetchPeakTile = (takeId: string, level: number, tile: number) => Promise<PeakTile>;

export interface PeakTileCacheStats {
  requests: number;
  hits: number;
  shared: number;
  evicted: number;
}

export class PeakTileCache {
  /** Insertion order is recency: a hit moves its tile to the end, eviction takes from the front. */
  private readonly tiles = new Map<string, PeakTile>();
  private readonly inflight = new Map<string, Promise<PeakTile>>();
  private readonly failed: FailedTiles;
  readonly stats: PeakTileCacheStats = { requests: 0, hits: 0, shared: 0, evicted: 0 };

  constructor(
    private readonly fetchTile: FetchPeakTile,
    private readonly maxTiles = 1024,
    backoff?: BackoffPolicy,
    /** The clock of the back-off (tests pass their own). */
    private readonly now: () => number = Date.now,
  ) {
    this.failed = new FailedTiles(backoff);
  }

  private static key(takeId: string, level: number, tile: number): string {
    return `${takeId}/${level}/${tile}`;
  }

  /** A cached tile (marked as just used), or undefined. */
  get(takeId: string, level: number, tile: number): PeakTile | undefined {
    const k = PeakTileCache.key(takeId, level, tile);
    const hit = this.tiles.get(k);
    if (!hit) return undefined;
    this.tiles.delete(k);
    this.tiles.set(k, hit);
    return hit;
  }

  /** Why the tile is not there, while its back-off after a failed load lasts (undefined: it may be loaded). */
  failure(takeId: string, level: number, tile: number): TileFailure | undefined {
    return this.failed.waiting(PeakTileCache.key(takeId, level, tile), this.now());
  }

  /** The person asked to retry a take's waveform: its failed tiles may be loaded again at once. */
  retryTake(takeId: string): void {
    this.failed.retryNow(`${takeId}/`);
  }

  /**
   * The tile, from the cache, from a request already in flight, or fetched now. A failed fetch is not kept; it
   * starts (or lengthens) the tile's back-off, during which this rejects without a request.
   */
  load(takeId: string, level: number, tile: number): Promise<PeakTile> {
    const hit = this.get(takeId, level, tile);
    if (hit) {
      this.stats.hits++;
      return Promise.resolve(hit);
    }
    const k = PeakTileCache.key(takeId, level, tile);
    const waiting = this.failed.waiting(k, this.now());
    if (waiting) return Promise.reject(new Error(waiting.message));
    const pending = this.inflight.get(k);
    if (pending) {
      this.stats.shared++;
      return pending;
    }
    this.stats.requests++;
    const p = this.fetchTile(takeId, level, tile).then(
      (t) => {
        this.inflight.delete(k);
        this.failed.succeeded(k);
        if (t.final) this.put(k, t);
        return t;
      },
      (err: unknown) => {
        this.inflight.delete(k);
        this.failed.fail(k, this.now(), err instanceof Error ? err.message : "The waveform could not be loaded.");
        throw err;
      },
    );
    this.inflight.set(k, p);
    return p;
  }

  private put(k: string, t: PeakTile): void {
    this.tiles.set(k, t);
    while (this.tiles.size > this.maxTiles) {
      this.tiles.delete(this.tiles.keys().next().value!);
      this.stats.evicted++;
    }
  }

  get size(): number {
    return this.tiles.size;
  }
}

/** Tiles covering bins [fromBin, toBin) (empty when the range is). */
export function tilesFor(fromBin: number, toBin: number): number[] {
  if (toBin <= fromBin) return [];
  const out: number[] = [];
  for (let t = Math.floor(fromBin / PEAK_TILE_BINS); t <= Math.floor((toBin - 1) / PEAK_TILE_BINS); t++) out.push(t);
  return out;
}
