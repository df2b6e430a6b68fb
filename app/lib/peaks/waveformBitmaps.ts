/**
 * Waveform bitmaps kept per (clip content, zoom bucket): a clip scrolled out and back, zoomed out and back in, or
 * a copy of the same take range elsewhere (a loop pasted 48 times) shows a bitmap already drawn instead of
 * building its columns from the peak tiles again. Buckets are a quarter octave of zoom wide: within one, a bitmap
 * drawn at a nearby zoom is shown stretched (at most ±9 %) until the crisp one at the exact zoom replaces it.
 *
 * The cache holds whatever the caller draws into (`C`: a canvas in the page, a plain object in unit tests) and
 * drops the least recently used bitmaps beyond a budget of pixels.
 */

export const BUCKETS_PER_OCTAVE = 4;

/** The zoom bucket of `pxPerTick`. */
export function zoomBucket(pxPerTick: number): number {
  return Math.round(Math.log2(pxPerTick) * BUCKETS_PER_OCTAVE);
}

/** What identifies a clip's drawing apart from its position: the take and the frames of it the clip plays. */
export function waveContentKey(takeId: string, offsetFrames: number, frames: number): string {
  return `${takeId}:${offsetFrames}:${frames}`;
}

export interface WaveBitmap<C> {
  canvas: C;
  /** The zoom it was drawn at, and the clip-local span it covers (px at that zoom). */
  pxPerTick: number;
  from: number;
  to: number;
  /** Every peak tile under it had arrived. */
  complete: boolean;
  /** Its size in device pixels (what the budget counts). */
  pixels: number;
}

/** Does `bmp` hold clip-local [from, to) (px at `pxPerTick`)? Half a pixel of slack for rounding. */
export function bitmapCovers<C>(bmp: WaveBitmap<C>, from: number, to: number, pxPerTick: number): boolean {
  const k = pxPerTick / bmp.pxPerTick;
  return bmp.from * k <= from + 0.5 && bmp.to * k >= to - 0.5;
}

export class WaveBitmapCache<C> {
  /** Insertion order is recency. */
  private readonly entries = new Map<string, WaveBitmap<C>>();
  private total = 0;

  constructor(private readonly maxPixels = 12_000_000) {}

  private static key(content: string, bucket: number): string {
    return `${content}@${bucket}`;
  }

  get(content: string, bucket: number): WaveBitmap<C> | undefined {
    const k = WaveBitmapCache.key(content, bucket);
    const hit = this.entries.get(k);
    if (!hit) return undefined;
    this.entries.delete(k);
    this.entries.set(k, hit);
    return hit;
  }

  /** Keeps `bmp` for its content and bucket (replacing the one there); returns the bitmaps dropped to make room. */
  put(content: string, bucket: number, bmp: WaveBitmap<C>): WaveBitmap<C>[] {
    const k = WaveBitmapCache.key(content, bucket);
    const old = this.entries.get(k);
    const dropped: WaveBitmap<C>[] = [];
    if (old) {
      this.entries.delete(k);
      this.total -= old.pixels;
      if (old !== bmp) dropped.push(old);
    }
    this.entries.set(k, bmp);
    this.total += bmp.pixels;
    for (const [key, e] of this.entries) {
      if (this.total <= this.maxPixels || e === bmp) break;
      this.entries.delete(key);
      this.total -= e.pixels;
      dropped.push(e);
    }
    return dropped;
  }

  get pixels(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }
}
