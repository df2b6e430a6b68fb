import { describe, expect, it } from "vitest";
import { PeakPyramid, computePeakLevel, mergePeakChannels } from "@bandspace/dsp";
import { PEAK_TILE_BINS, PeakTileCache, tilesFor, type PeakTile } from "../../../app/lib/peaks/PeakTileCache";
import { peakColumns, planPeaks } from "../../../app/lib/peaks/peakColumns";

/** A server stand-in over a real pyramid: counts requests, answers when told to. */
function fakeServer(pyramid: PeakPyramid, final = true) {
  const calls: string[] = [];
  const fetchTile = (takeId: string, level: number, tile: number): Promise<PeakTile> => {
    calls.push(`${takeId}/${level}/${tile}`);
    const from = tile * PEAK_TILE_BINS;
    const levelBins = pyramid.binCount(level);
    const to = Math.min(levelBins, from + PEAK_TILE_BINS);
    return Promise.resolve({
      level,
      tile,
      from,
      to,
      bins: mergePeakChannels(pyramid.readBins(level, from, to), pyramid.channels),
      final,
      levelBins,
      frames: pyramid.frames,
    });
  };
  return { calls, fetchTile };
}

function sineWithSilence(frames: number): Float32Array {
  const out = new Float32Array(frames);
  for (let f = 0; f < frames; f++) out[f] = f % 100_000 < 50_000 ? 0.5 * Math.sin(f / 7) : 0;
  return out;
}

describe("peak tile cache", () => {
  it("lists the tiles under a bin range", () => {
    expect(tilesFor(0, 0)).toEqual([]);
    expect(tilesFor(0, 1)).toEqual([0]);
    expect(tilesFor(1023, 1025)).toEqual([0, 1]);
    expect(tilesFor(2048, 4096)).toEqual([2, 3]);
  });

  it("shares one request between concurrent asks, serves repeats from memory, and evicts the least recently used", async () => {
    const p = new PeakPyramid(1);
    p.push(sineWithSilence(64 * PEAK_TILE_BINS * 4));
    const server = fakeServer(p);
    const cache = new PeakTileCache(server.fetchTile, 3);
    const [a, b] = await Promise.all([cache.load("t", 0, 0), cache.load("t", 0, 0)]);
    expect(a).toBe(b);
    expect(server.calls).toEqual(["t/0/0"]);
    await cache.load("t", 0, 0);
    expect(server.calls).toHaveLength(1);
    await cache.load("t", 0, 1);
    await cache.load("t", 0, 2);
    cache.get("t", 0, 0); // used again: now tile 1 is the oldest
    await cache.load("t", 0, 3);
    expect(cache.size).toBe(3);
    expect(cache.get("t", 0, 1)).toBeUndefined();
    expect(cache.get("t", 0, 0)).toBeDefined();
    expect(cache.stats).toMatchObject({ requests: 4, shared: 1, hits: 1, evicted: 1 });
  });

  it("does not keep tiles of a take still recording, nor failures", async () => {
    const p = new PeakPyramid(1);
    p.push(new Float32Array(1000));
    const server = fakeServer(p, false);
    const cache = new PeakTileCache(server.fetchTile);
    await cache.load("t", 0, 0);
    await cache.load("t", 0, 0);
    expect(server.calls).toHaveLength(2);
    let fail = true;
    let now = 0;
    const flaky = new PeakTileCache(
      (takeId, level, tile) => (fail ? Promise.reject(new Error("offline")) : server.fetchTile(takeId, level, tile)),
      1024,
      { firstMs: 1000, maxMs: 30_000 },
      () => now,
    );
    await expect(flaky.load("t", 0, 0)).rejects.toThrow("offline");
    fail = false;
    // The failure is not a tile: once its back-off is over (tests/unit/app/peak-backoff.test.ts), it loads.
    now = 1000;
    await expect(flaky.load("t", 0, 0)).resolves.toMatchObject({ from: 0 });
  });
});

describe("peak columns", () => {
  it("picks the coarsest level with a bin per column and draws each column as the min/max under it", async () => {
    const samples = sineWithSilence(1_000_000);
    const p = new PeakPyramid(1);
    p.push(samples);
    const server = fakeServer(p);
    const cache = new PeakTileCache(server.fetchTile);
    // 1,000,000 frames on 900 columns: ~1111 frames per column ⇒ level 2 (1024 frames per peak).
    const view = { fromFrame: 0, toFrame: 1_000_000, columns: 900 };
    const plan = planPeaks(view);
    expect(plan).toMatchObject({ level: 2, framesPerPeak: 1024, fromBin: 0, toBin: 977 });
    expect(tilesFor(plan.fromBin, plan.toBin)).toEqual([0]);
    // Before the tile arrives: nothing to draw.
    expect(peakColumns(view, plan, (t) => cache.get("t", 2, t)).every(Number.isNaN)).toBe(true);
    await cache.load("t", 2, 0);
    const cols = peakColumns(view, plan, (t) => cache.get("t", 2, t));
    const level2 = computePeakLevel(samples, 1, 2);
    for (let x = 0; x < 900; x++) {
      const f0 = (x * 1_000_000) / 900;
      const b0 = Math.floor(f0 / 1024);
      const b1 = Math.max(b0 + 1, Math.ceil((f0 + 1_000_000 / 900) / 1024));
      let lo = Infinity;
      let hi = -Infinity;
      for (let b = b0; b < b1 && b < 977; b++) {
        lo = Math.min(lo, level2[b * 2]);
        hi = Math.max(hi, level2[b * 2 + 1]);
      }
      expect(cols[x * 2]).toBeCloseTo(lo / 32767, 6);
      expect(cols[x * 2 + 1]).toBeCloseTo(hi / 32767, 6);
    }
    // Loud where the signal is (first 50,000 frames), silent where it is not (50,000…100,000).
    expect(cols[1 * 2 + 1]).toBeGreaterThan(0.4);
    expect(cols[60 * 2 + 1]).toBe(0);
  });

  it("zoomed in past 64 frames per column uses level 0 over just the visible bins", () => {
    const plan = planPeaks({ fromFrame: 640_000, toFrame: 640_000 + 20_000, columns: 1000 });
    expect(plan).toMatchObject({ level: 0, fromBin: 10_000, toBin: 10_313 });
    expect(tilesFor(plan.fromBin, plan.toBin)).toEqual([9, 10]);
  });
});
