import { describe, expect, it } from "vitest";
import {
  DEFAULT_LATENCY_CHOICE,
  LATENCY_CHOICES,
  LATENCY_HINTS,
  contextLatencyMs,
  isLatencyChoice,
} from "@bandspace/audio-engine/pure";

describe("latency choices", () => {
  it("orders the choices from the smallest buffer to the largest", () => {
    expect(LATENCY_CHOICES).toEqual(["low", "balanced", "safe"]);
    expect(LATENCY_HINTS.balanced).toBe("interactive");
    expect(LATENCY_HINTS.safe).toBe("playback");
  });

  it("asks for no more than one 128-frame render quantum on low, at 44.1 and 48 kHz", () => {
    const low = LATENCY_HINTS.low as number;
    expect(low * 44100).toBeLessThanOrEqual(128);
    expect(low * 48000).toBeLessThanOrEqual(128);
    expect(low).toBeGreaterThan(0);
  });

  it("accepts only the three choices from storage", () => {
    for (const c of LATENCY_CHOICES) expect(isLatencyChoice(c)).toBe(true);
    for (const v of ["Low", "interactive", 0.003, null, undefined, {}]) expect(isLatencyChoice(v)).toBe(false);
    expect(isLatencyChoice(DEFAULT_LATENCY_CHOICE)).toBe(true);
  });

  it("adds a context's base and output latency, in ms, and reads missing figures as 0", () => {
    expect(contextLatencyMs({ baseLatency: 0.0029, outputLatency: 0.008 })).toBeCloseTo(10.9, 6);
    expect(contextLatencyMs({ baseLatency: 0.01 })).toBeCloseTo(10, 6);
    expect(contextLatencyMs({})).toBe(0);
  });
});
