/**
 * The audio buffer a person chooses for their own AudioContext (a per-person setting, never in the document):
 * a smaller buffer hears a bandmate's knob, a played note or a monitored input sooner, and leaves the audio
 * thread less time per block, so a busy machine crackles sooner.
 */
export const LATENCY_CHOICES = ["low", "balanced", "safe"] as const;
export type LatencyChoice = (typeof LATENCY_CHOICES)[number];

/** What `new AudioContext({ latencyHint })` accepts. */
export type LatencyHint = number | "interactive" | "balanced" | "playback";

/**
 * The hint per choice.
 * - low: 2.5 ms is at or under one 128-frame render quantum at 44.1 and 48 kHz, which is when Chromium asks the
 *   device for its smallest buffer. 3 ms already rounds up to the device's ordinary buffer (headless Chromium
 *   156 measured 10.9 ms of base + output latency at ≤ 2.9 ms, 42 ms from 3 ms up, the same as "interactive").
 * - balanced: the browser's own choice for the device — the smallest buffer it considers glitch-free there.
 * - safe: the browser's playback buffer (headless 95 ms): for a slow or busy machine that crackles otherwise.
 */
export const LATENCY_HINTS: Readonly<Record<LatencyChoice, LatencyHint>> = {
  low: 0.0025,
  balanced: "interactive",
  safe: "playback",
};

/**
 * Balanced by default: it is what the browser itself picks as safe on this device, so nobody's first session
 * crackles. "Low" brings a bandmate's knob to the ear well inside 50 ms (bench:mix, headless Chromium on 2
 * cores: p95 30 ms against 53 ms) but cost 17–33 % of the real-time headroom in the same runs (36 → 30 and
 * 24 → 16 tracks): a 16-track session sat at the edge of dropouts. Worth it for a person who monitors or tweaks
 * live on a strong machine — and theirs to choose.
 */
export const DEFAULT_LATENCY_CHOICE: LatencyChoice = "balanced";

export function isLatencyChoice(value: unknown): value is LatencyChoice {
  return typeof value === "string" && (LATENCY_CHOICES as readonly string[]).includes(value);
}

/** A context's latency from the graph to the ear, in ms: base (its buffer) + output (the device's). */
export function contextLatencyMs(context: { baseLatency?: number; outputLatency?: number }): number {
  return ((context.baseLatency || 0) + (context.outputLatency || 0)) * 1000;
}
