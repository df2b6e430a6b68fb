import { describe, expect, it } from "vitest";
import { admitGradually } from "../../../../app/components/timeline/gradualMount";

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
