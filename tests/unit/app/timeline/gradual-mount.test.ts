import { describe, expect, it } from "vitest";
import { admitGradually, keysNearestFirst } from "../../../../app/components/timeline/gradualMount";

const keys = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `c${from + i}`);

describe("admitGradually (clip blocks mounted over frames)", () => {
  it("renders a small change at once", () => {
    expect([...admitGradually(keys(5), new Set(), 6)]).toEqual(keys(5));
    expect([...admitGradually(keys(10), new Set(keys(4)), 6)]).toEqual(keys(10));
  });

  it("takes a large change in perFrame new items a frame, keeping the mounted ones", () => {
    const all = keys(48);
    let mounted: ReadonlySet<string> = new Set(keys(8, 20));
    const first = admitGradually(all, mounted, 6);
    expect(first.size).toBe(14);
    for (const k of mounted) expect(first.has(k)).toBe(true);
    let frames = 1;
    mounted = first;
    while (mounted.size < all.length) {
      mounted = admitGradually(all, mounted, 6);
      frames++;
    }
    expect(frames).toBe(Math.ceil(40 / 6));
    expect([...mounted].sort()).toEqual([...all].sort());
  });

  it("drops what left the range at once", () => {
    expect([...admitGradually(keys(3), new Set(keys(30)), 6)]).toEqual(keys(3));
  });
});

describe("keysNearestFirst (which clips switch to detail view first)", () => {
  const span = (key: string, startTick: number, endTick: number) => ({ key, startTick, endTick });

  it("puts the spans on screen first, in their order, then the nearest off screen either side", () => {
    const spans = [
      span("far-left", 0, 100),
      span("left", 800, 950),
      span("on-a", 900, 1100),
      span("on-b", 1500, 1600),
      span("right", 2100, 2200),
      span("far-right", 5000, 5100),
    ];
    expect(keysNearestFirst(spans, 1000, 2000)).toEqual(["on-a", "on-b", "left", "right", "far-left", "far-right"]);
  });

  it("with admitGradually, a zoom back in details the screen first, two a frame", () => {
    // 12 mounted plain blocks of 100 ticks each become detailed at once; the screen shows ticks 520..680.
    const spans = Array.from({ length: 12 }, (_, i) => span(`c${i}`, i * 100, i * 100 + 100));
    const order = keysNearestFirst(spans, 520, 680);
    let detailed: ReadonlySet<string> = new Set();
    detailed = admitGradually(order, detailed, 2);
    expect([...detailed].sort()).toEqual(["c5", "c6"]);
    detailed = admitGradually(order, detailed, 2);
    expect([...detailed].sort()).toEqual(["c4", "c5", "c6", "c7"]);
    let frames = 2;
    while (detailed.size < spans.length) {
      detailed = admitGradually(order, detailed, 2);
      frames++;
    }
    expect(frames).toBe(6);
  });
});
