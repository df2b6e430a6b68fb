import { describe, expect, it } from "vitest";
import { LiveSchedule } from "@bandspace/audio-engine/pure";

const RATE = 48000;
const CHUNK = 4800; // 100 ms

describe("LiveSchedule (listening live to a bandmate's take)", () => {
  it("plays chunks back-to-back, the delay behind the first one's arrival, whatever their jitter below it", () => {
    const s = new LiveSchedule(RATE, 0.3);
    const arrivals = [10, 10.12, 10.19, 10.33, 10.41, 10.62]; // jitter up to ~0.2 s
    const starts = arrivals.map((now, i) => s.startTime(i * CHUNK, now));
    starts.forEach((t, i) => expect(t).toBeCloseTo(10.3 + i * 0.1, 9));
    expect(s.gaps).toBe(0);
    expect(s.delay).toBe(0.3);
  });

  it("re-anchors a chunk that arrives after its slot, with a longer delay, so the next stall of the same size is absorbed", () => {
    const s = new LiveSchedule(RATE, 0.3);
    expect(s.startTime(0, 0)).toBeCloseTo(0.3, 9);
    // A 0.5 s stall: chunk 1 was due at 0.4 and arrives at 0.6 — a gap, then the delay grows to 0.45.
    expect(s.startTime(CHUNK, 0.6)).toBeCloseTo(1.05, 9);
    expect(s.gaps).toBe(1);
    expect(s.delay).toBeCloseTo(0.45, 9);
    // The same lateness again (chunk 2 arrives 0.4 s after chunk 1): now inside the delay, back-to-back.
    expect(s.startTime(2 * CHUNK, 1.0)).toBeCloseTo(1.15, 9);
    expect(s.gaps).toBe(1);
  });

  it("never schedules a chunk in the past or over the one before it, and the delay stops growing at its maximum", () => {
    const s = new LiveSchedule(RATE, 0.3, 1.2);
    let now = 0;
    let prevEnd = -Infinity;
    for (let i = 0; i < 200; i++) {
      now += i % 7 === 0 ? 1.5 : 0.05; // repeated long stalls
      const t = s.startTime(i * CHUNK, now);
      expect(t).toBeGreaterThanOrEqual(now + 0.02 - 1e-9);
      expect(t).toBeGreaterThanOrEqual(prevEnd - 1e-9);
      prevEnd = t + CHUNK / RATE;
    }
    expect(s.delay).toBeCloseTo(1.2, 9);
  });
});
