import { describe, expect, it } from "vitest";
import { MeterBallistics } from "@bandspace/dsp";

const RATE = 48000;
const sine = (seconds: number, amp: number, hz = 997) =>
  Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / RATE));

describe("meter ballistics", () => {
  it("reads a full-scale sine as 0 dBFS peak and −3.01 dBFS RMS, and lights the clip light until reset", () => {
    const m = new MeterBallistics({ sampleRate: RATE });
    m.process(sine(0.5, 1));
    const r = m.read();
    expect(r.peakDb).toBeGreaterThan(-0.01);
    expect(r.rmsDb).toBeCloseTo(-3.0103, 2);
    expect(r.clipped).toBe(true);
    m.process(new Float32Array(128));
    expect(m.read().clipped).toBe(true);
    m.resetClip();
    expect(m.read().clipped).toBe(false);
  });

  it("lets the peak bar fall at its rate while the hold line stays for the hold time", () => {
    const m = new MeterBallistics({ sampleRate: RATE, peakReleaseDbPerSecond: 20, peakHoldSeconds: 1 });
    m.process(sine(0.1, 0.5));
    const top = m.read().holdDb;
    expect(top).toBeCloseTo(-6.02, 2);
    expect(m.read().peakDb).toBeGreaterThan(top - 0.05);
    m.process(new Float32Array(RATE / 2)); // half a second of silence
    const r = m.read();
    expect(r.peakDb).toBeCloseTo(top - 10, 1);
    expect(r.holdDb).toBeCloseTo(top, 6);
    expect(r.rmsDb).toBe(-Infinity);
    m.process(new Float32Array(RATE)); // past the hold: the line falls with the bar
    expect(m.read().holdDb).toBeLessThan(top - 5);
  });

  it("integrates RMS over its window only", () => {
    const m = new MeterBallistics({ sampleRate: RATE, rmsWindowSeconds: 0.1 });
    m.process(sine(0.3, 1));
    m.process(sine(0.2, 0.1));
    expect(m.read().rmsDb).toBeCloseTo(-23.01, 1);
  });
});
