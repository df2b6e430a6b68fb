import { describe, expect, it } from "vitest";
import { PaintQueue } from "../../../app/lib/peaks/paintQueue";
import {
  BUCKETS_PER_OCTAVE,
  WaveBitmapCache,
  bitmapCovers,
  waveContentKey,
  zoomBucket,
  type WaveBitmap,
} from "../../../app/lib/peaks/waveformBitmaps";

/** A queue driven by hand: frames run when the test says, and each job advances the clock by its cost. */
function manualQueue(budgetMs: number) {
  let clock = 0;
  const frames: (() => void)[] = [];
  const queue = new PaintQueue({ budgetMs, requestFrame: (run) => frames.push(run), now: () => clock });
  const log: string[] = [];
  const job = (name: string, costMs: number) => () => {
    log.push(name);
    clock += costMs;
  };
  const frame = () => {
    const run = frames.shift();
    if (!run) throw new Error("no frame was requested");
    run();
  };
  return { queue, log, job, frame, framesRequested: () => frames.length };
}

describe("PaintQueue", () => {
  it("spreads jobs over frames within the budget, in the order asked", () => {
    const q = manualQueue(6);
    for (let i = 0; i < 10; i++) q.queue.ask({ i }, q.job(`j${i}`, 2));
    expect(q.framesRequested()).toBe(1); // one frame for the whole batch
    q.frame();
    expect(q.log).toEqual(["j0", "j1", "j2"]); // 6 ms spent after the third
    q.frame();
    q.frame();
    q.frame();
    expect(q.log).toEqual(["j0", "j1", "j2", "j3", "j4", "j5", "j6", "j7", "j8", "j9"]);
    expect(q.queue.pending).toBe(0);
    expect(q.framesRequested()).toBe(0); // idle once empty
  });

  it("runs at least one job per frame, even one over the budget", () => {
    const q = manualQueue(6);
    q.queue.ask({}, q.job("slow", 50));
    q.queue.ask({}, q.job("next", 1));
    q.frame();
    expect(q.log).toEqual(["slow"]);
    q.frame();
    expect(q.log).toEqual(["slow", "next"]);
  });

  it("keeps one job per owner (the latest, in the first one's place) and runs urgent jobs first", () => {
    const q = manualQueue(100);
    const a = {};
    const b = {};
    const c = {};
    q.queue.ask(a, q.job("a1", 1));
    q.queue.ask(b, q.job("b", 1));
    q.queue.ask(a, q.job("a2", 1));
    q.queue.ask(c, q.job("c", 1), true);
    q.frame();
    expect(q.log).toEqual(["c", "a2", "b"]);
  });

  it("forgets a cancelled owner's job, and a failing job does not stop the frame", () => {
    const q = manualQueue(100);
    const gone = {};
    q.queue.ask(gone, q.job("gone", 1));
    q.queue.ask({}, () => {
      throw new Error("boom");
    });
    q.queue.ask({}, q.job("after", 1));
    q.queue.cancel(gone);
    const warn = console.warn;
    console.warn = () => {};
    try {
      q.frame();
    } finally {
      console.warn = warn;
    }
    expect(q.log).toEqual(["after"]);
  });
});

describe("waveform bitmaps per (content, zoom bucket)", () => {
  const bmp = (name: string, pixels: number, from = 0, to = 100, pxPerTick = 0.1): WaveBitmap<string> => ({
    canvas: name,
    pxPerTick,
    from,
    to,
    complete: true,
    pixels,
  });

  it("buckets zoom by a quarter octave", () => {
    expect(BUCKETS_PER_OCTAVE).toBe(4);
    expect(zoomBucket(0.1)).toBe(zoomBucket(0.1 * 1.08));
    expect(zoomBucket(0.1 * 2)).toBe(zoomBucket(0.1) + 4);
    expect(zoomBucket(0.1 / 2)).toBe(zoomBucket(0.1) - 4);
  });

  it("keys content by take and frames, not position", () => {
    expect(waveContentKey("t", 0, 480)).toBe(waveContentKey("t", 0, 480));
    expect(waveContentKey("t", 0, 480)).not.toBe(waveContentKey("t", 1, 480));
    expect(waveContentKey("t", 0, 480)).not.toBe(waveContentKey("u", 0, 480));
  });

  it("covers a span drawn at another zoom by scaling it", () => {
    const b = bmp("x", 1, 20, 80, 0.1); // px 20..80 at 0.1 px/tick = ticks 200..800
    expect(bitmapCovers(b, 20, 80, 0.1)).toBe(true);
    expect(bitmapCovers(b, 40, 160, 0.2)).toBe(true); // the same ticks at twice the zoom
    expect(bitmapCovers(b, 39, 160, 0.2)).toBe(false);
    expect(bitmapCovers(b, 40, 161, 0.2)).toBe(false);
  });

  it("replaces per key and drops the least recently used beyond its pixel budget", () => {
    const cache = new WaveBitmapCache<string>(250);
    expect(cache.put("a", 0, bmp("a0", 100))).toEqual([]);
    expect(cache.put("b", 0, bmp("b0", 100))).toEqual([]);
    expect(cache.get("a", 0)?.canvas).toBe("a0"); // a is now the most recent
    expect(cache.put("c", 0, bmp("c0", 100)).map((e) => e.canvas)).toEqual(["b0"]);
    expect(cache.get("b", 0)).toBeUndefined();
    expect(cache.get("a", 1)).toBeUndefined(); // another bucket
    expect(cache.put("a", 0, bmp("a0'", 50)).map((e) => e.canvas)).toEqual(["a0"]);
    expect(cache.pixels).toBe(150);
    expect(cache.size).toBe(2);
    // One bitmap larger than the budget is kept (it is on screen); the others make room for it.
    expect(
      cache
        .put("d", 0, bmp("huge", 1000))
        .map((e) => e.canvas)
        .sort(),
    ).toEqual(["a0'", "c0"]);
    expect(cache.get("d", 0)?.canvas).toBe("huge");
  });
});
