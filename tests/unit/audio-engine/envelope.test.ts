import { describe, expect, it } from "vitest";
import { expLevel, planEnvelope, type EnvelopeEvent } from "@bandspace/audio-engine/pure";

const adsr = { attack: 0.01, decay: 0.2, sustain: 0.5, release: 0.3 };
const amp = (peak: number) => ({ from: 0, peak, sustain: peak * adsr.sustain, end: 0 });

/** The value a param would have at `t` after these events (Web Audio's formulas). */
function valueAt(events: EnvelopeEvent[], t: number): number {
  let v = 0;
  let t0 = -Infinity;
  for (const e of events) {
    if (e.time > t) {
      if (e.kind === "linear") return v + ((e.value - v) * (t - t0)) / (e.time - t0);
      if (e.kind === "exp") return expLevel(v, e.value, t0, e.time, t);
      return v;
    }
    v = e.value;
    t0 = e.time;
  }
  return v;
}

describe("planEnvelope", () => {
  it("starts at exactly the note time from 0, peaks after the attack, holds the sustain, is exactly 0 after the release", () => {
    const { events, end } = planEnvelope(2, 1, amp(0.8), adsr);
    expect(events[0]).toEqual({ kind: "set", value: 0, time: 2 });
    expect(valueAt(events, 1.999)).toBe(0);
    expect(valueAt(events, 2.01)).toBeCloseTo(0.8, 12);
    expect(valueAt(events, 2.21)).toBeCloseTo(0.4, 12);
    expect(valueAt(events, 2.9)).toBeCloseTo(0.4, 12);
    expect(end).toBeCloseTo(3.3, 12);
    expect(valueAt(events, 3.3 + 1e-9)).toBe(0);
    expect(events.every((e, i) => i === 0 || e.time >= events[i - 1].time)).toBe(true);
    expect(events.filter((e) => e.kind === "exp").every((e) => e.value > 0)).toBe(true);
  });

  it("a note let go during its decay (or attack) releases from the level it reached — no jump", () => {
    const decaying = planEnvelope(0, 0.1, amp(1), adsr); // off at 0.1 s, inside the decay (0.01–0.21)
    const level = valueAt(decaying.events, 0.1);
    expect(level).toBeLessThan(1);
    expect(level).toBeGreaterThan(0.5);
    expect(valueAt(decaying.events, 0.1 + 1e-7)).toBeCloseTo(level, 5);
    expect(decaying.end).toBeCloseTo(0.4, 12);

    const attacking = planEnvelope(0, 0.004, amp(1), adsr); // off inside the 10 ms attack
    expect(valueAt(attacking.events, 0.004)).toBeCloseTo(0.4, 12);
    expect(attacking.end).toBeCloseTo(0.304, 12);
  });

  it("a one-shot (sustain 0) decays to silence after its decay whatever the note length", () => {
    const short = planEnvelope(1, 0.01, amp(1), { attack: 0.001, decay: 0.3, sustain: 0, release: 0.01 });
    const long = planEnvelope(1, 5, amp(1), { attack: 0.001, decay: 0.3, sustain: 0, release: 0.01 });
    expect(short).toEqual(long);
    expect(short.end).toBeCloseTo(1.301, 12);
    expect(valueAt(short.events, 1.302)).toBe(0);
  });

  it("sweeps a filter exponentially from its base and back", () => {
    const { events, end } = planEnvelope(
      0,
      0.5,
      { from: 100, peak: 1600, sustain: 400, end: 100 },
      { attack: 0.01, decay: 0.1, sustain: 0, release: 0.2 },
    );
    expect(events[0]).toEqual({ kind: "set", value: 100, time: 0 });
    expect(events[1]).toEqual({ kind: "exp", value: 1600, time: 0.01 });
    expect(valueAt(events, 0.3)).toBeCloseTo(400, 9);
    expect(events[events.length - 1]).toEqual({ kind: "exp", value: 100, time: end });
    expect(end).toBeCloseTo(0.7, 12);
  });
});
