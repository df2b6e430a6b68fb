import { describe, expect, it } from "vitest";
import { PeakTileCache, type PeakTile } from "../../../app/lib/peaks/PeakTileCache";
import { FailedTiles, backoffDelayMs } from "../../../app/lib/peaks/tileBackoff";

const POLICY = { firstMs: 1000, maxMs: 30_000 };

describe("waveform tile back-off", () => {
  it("waits first, then twice as long after each failure in a row, never longer than the maximum", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, POLICY))).toEqual([
      0, 1000, 2000, 4000, 8000, 16_000, 30_000,
    ]);
    // A long outage stays at the maximum (no overflow to Infinity or NaN).
    expect(backoffDelayMs(5000, POLICY)).toBe(30_000);
  });

  it("holds a failed tile back until its wait is over, lengthens the wait on each failure, forgets on success", () => {
    const failed = new FailedTiles(POLICY);
    failed.fail("t1/0/0", 10_000, "down");
    expect(failed.waiting("t1/0/0", 10_999)?.message).toBe("down");
    expect(failed.waiting("t1/0/0", 11_000)).toBeUndefined();
    expect(failed.waiting("t1/0/1", 10_000)).toBeUndefined(); // other tiles are not held back
    expect(failed.fail("t1/0/0", 11_000, "still down").retryAt).toBe(13_000);
    expect(failed.fail("t1/0/0", 13_000, "still down").retryAt).toBe(17_000);
    failed.succeeded("t1/0/0");
    expect(failed.size).toBe(0);
    expect(failed.fail("t1/0/0", 20_000, "down again").retryAt).toBe(21_000);
  });

  it("a retry asked for by the person releases that take's tiles at once and keeps the count", () => {
    const failed = new FailedTiles(POLICY);
    failed.fail("t1/0/0", 0, "down");
    failed.fail("t1/2/5", 0, "down");
    failed.fail("t10/0/0", 0, "down");
    failed.retryNow("t1/");
    expect(failed.waiting("t1/0/0", 1)).toBeUndefined();
    expect(failed.waiting("t1/2/5", 1)).toBeUndefined();
    expect(failed.waiting("t10/0/0", 1)).toBeDefined(); // "t10" is another take
    // Failing again after the retry waits the second step, not the first again.
    expect(failed.fail("t1/0/0", 1, "down").retryAt).toBe(2001);
  });
});

describe("peak tile cache after a failed load", () => {
  function flakyServer() {
    let up = false;
    let requests = 0;
    const tile = (level: number, n: number): PeakTile => ({
      level,
      tile: n,
      from: 0,
      to: 1,
      bins: new Int16Array([-100, 100]),
      final: true,
      levelBins: 1,
      frames: 64,
    });
    const fetchTile = (_takeId: string, level: number, n: number): Promise<PeakTile> => {
      requests++;
      return up ? Promise.resolve(tile(level, n)) : Promise.reject(new Error("The server is restarting."));
    };
    return {
      fetchTile,
      requests: () => requests,
      setUp: (u: boolean) => (up = u),
    };
  }

  it("says why, asks nothing during the back-off, and loads on the first ask after it", async () => {
    const server = flakyServer();
    let now = 0;
    const cache = new PeakTileCache(server.fetchTile, 16, POLICY, () => now);
    await expect(cache.load("take", 0, 0)).rejects.toThrow("The server is restarting.");
    expect(cache.failure("take", 0, 0)?.message).toBe("The server is restarting.");
    // Draws during the back-off ask nothing of the server.
    now = 999;
    await expect(cache.load("take", 0, 0)).rejects.toThrow("The server is restarting.");
    expect(server.requests()).toBe(1);
    server.setUp(true);
    now = 1000;
    expect(cache.failure("take", 0, 0)).toBeUndefined();
    const got = await cache.load("take", 0, 0);
    expect(Array.from(got.bins)).toEqual([-100, 100]);
    expect(server.requests()).toBe(2);
    expect(cache.failure("take", 0, 0)).toBeUndefined();
  });

  it("retries a take at once when asked, without waiting out the back-off", async () => {
    const server = flakyServer();
    const now = 5000;
    const cache = new PeakTileCache(server.fetchTile, 16, POLICY, () => now);
    await expect(cache.load("take", 1, 3)).rejects.toThrow();
    expect(cache.failure("take", 1, 3)).toBeDefined();
    server.setUp(true);
    cache.retryTake("take");
    expect(cache.failure("take", 1, 3)).toBeUndefined();
    await cache.load("take", 1, 3);
    expect(cache.get("take", 1, 3)).toBeDefined();
    expect(server.requests()).toBe(2);
  });
});
