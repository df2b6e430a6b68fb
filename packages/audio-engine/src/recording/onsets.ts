/**
 * Click onsets in captured audio, for latency calibration and tests. Pure.
 *
 * A click is a sharp rise from near-silence. An onset is the first sample whose magnitude exceeds `threshold`
 * (relative to the block's peak) after at least `gapSeconds` below it; it is refined to a fraction of a sample
 * by linear interpolation of the threshold crossing, so two captures of one click agree to well under a sample.
 */
export interface OnsetOptions {
  /** Fraction of the peak magnitude that counts as the click (default 0.3). */
  threshold?: number;
  /** Quiet needed between clicks (default 0.05 s). */
  gapSeconds?: number;
}

/** Onset positions in (fractional) frames of `samples` (mono). */
export function detectOnsets(samples: Float32Array, sampleRate: number, opts: OnsetOptions = {}): number[] {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]));
  if (peak < 1e-4) return [];
  const level = peak * (opts.threshold ?? 0.3);
  const gap = Math.round((opts.gapSeconds ?? 0.05) * sampleRate);
  const out: number[] = [];
  let quiet = gap;
  for (let i = 0; i < samples.length; i++) {
    const a = Math.abs(samples[i]);
    if (a >= level) {
      if (quiet >= gap) {
        const prev = i > 0 ? Math.abs(samples[i - 1]) : 0;
        out.push(i - 1 + (level - prev) / Math.max(1e-12, a - prev));
      }
      quiet = 0;
    } else quiet++;
  }
  return out;
}

/**
 * Round-trip latency from clicks played at known frames and the onsets captured: for each played click the
 * first onset within [played, played + maxLatency] frames; the median of those delays (robust to a missed or
 * extra click). Null when fewer than half the clicks came back.
 */
export function estimateLatencyFrames(
  played: readonly number[],
  onsets: readonly number[],
  maxLatencyFrames: number,
): { frames: number; matched: number; spread: number } | null {
  const delays: number[] = [];
  for (const p of played) {
    const hit = onsets.find((o) => o >= p && o <= p + maxLatencyFrames);
    if (hit !== undefined) delays.push(hit - p);
  }
  if (delays.length === 0 || delays.length < played.length / 2) return null;
  delays.sort((a, b) => a - b);
  const mid = delays.length >> 1;
  const median = delays.length % 2 ? delays[mid] : (delays[mid - 1] + delays[mid]) / 2;
  return { frames: median, matched: delays.length, spread: delays[delays.length - 1] - delays[0] };
}
