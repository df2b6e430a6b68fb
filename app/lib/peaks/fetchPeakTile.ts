import { bytesToInt16LE, mergePeakChannels, splitPeakChannels } from "@bandspace/dsp";
import { takePeakBinsPath } from "@bandspace/protocol";
import { PEAK_TILE_BINS, PeakTileCache, type FetchPeakTile, type PeakTile } from "./PeakTileCache";

/** Fetches one tile from the server's peak-bins endpoint (same origin, the share token as `?token=`). */
export function peakTileFetcher(sessionId: string, token: string): FetchPeakTile {
  return async (takeId, level, tile) => {
    const from = tile * PEAK_TILE_BINS;
    const url = `${takePeakBinsPath(sessionId, takeId)}?level=${level}&from=${from}&to=${from + PEAK_TILE_BINS}&token=${encodeURIComponent(token)}`;
    const res = await fetch(url);
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      throw new Error(body?.error?.message ?? `The waveform could not be loaded (${res.status}).`);
    }
    const header = (name: string) => Number(res.headers.get(name) ?? "0");
    const channels = Math.max(1, header("x-peak-channels"));
    const bins = bytesToInt16LE(new Uint8Array(await res.arrayBuffer()));
    const out: PeakTile = {
      level,
      tile,
      from: header("x-peak-from"),
      to: header("x-peak-to"),
      bins: mergePeakChannels(bins, channels),
      // A stereo clip draws left and right in lanes of their own when it is tall enough.
      lanes: channels === 2 ? splitPeakChannels(bins, channels) : undefined,
      final: res.headers.get("x-take-state") === "complete",
      levelBins: header("x-peak-level-bins"),
      frames: header("x-take-frames"),
    };
    return out;
  };
}

/** One cache per session page (keyed by session and token, so a token change never reuses another's tiles). */
const caches = new Map<string, PeakTileCache>();

export function peakTileCacheFor(sessionId: string, token: string): PeakTileCache {
  const k = `${sessionId} ${token}`;
  let cache = caches.get(k);
  if (!cache) {
    // Only the page's own session matters: drop caches of sessions left behind.
    caches.clear();
    cache = new PeakTileCache(peakTileFetcher(sessionId, token));
    caches.set(k, cache);
  }
  return cache;
}
