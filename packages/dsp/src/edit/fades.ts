/**
 * Fade and crossfade laws for clip editing (issue 19), as pure functions of a position x in [0, 1] through the
 * fade. The model stores only a shape name; the engine turns these into gain curves (one point per output sample,
 * so Web Audio's curve interpolation lands exactly on them) and tests check them numerically.
 */

export const FADE_CURVES = ["linear", "equal-power", "s-curve", "exponential"] as const;
export type FadeCurve = (typeof FADE_CURVES)[number];

export const CROSSFADE_LAWS = ["equal-power", "equal-gain"] as const;
/**
 * equal-power: the two gains' squares sum to 1, so uncorrelated material (two different takes) keeps its level.
 * equal-gain: the gains sum to 1, so correlated material (the same audio on both sides) keeps its level.
 */
export type CrossfadeLaw = (typeof CROSSFADE_LAWS)[number];

/** How steep the exponential fade is: e^(k·x) normalised to 0..1; 4 gives about −35 dB at a quarter of the fade. */
const EXPONENTIAL_K = 4;

const clamp01 = (x: number) => (x <= 0 ? 0 : x >= 1 ? 1 : x);

/** Gain of a fade-in at x (0 = silent start, 1 = full level), for each curve shape. */
export function fadeInGain(curve: FadeCurve, x: number): number {
  const t = clamp01(x);
  switch (curve) {
    case "linear":
      return t;
    case "equal-power":
      return Math.sin((t * Math.PI) / 2);
    case "s-curve":
      return (1 - Math.cos(t * Math.PI)) / 2;
    case "exponential":
      return (Math.exp(EXPONENTIAL_K * t) - 1) / (Math.exp(EXPONENTIAL_K) - 1);
  }
}

/** Gain of a fade-out at x (0 = full level, 1 = silent end): the fade-in mirrored in time. */
export function fadeOutGain(curve: FadeCurve, x: number): number {
  return fadeInGain(curve, 1 - clamp01(x));
}

/** The outgoing and incoming gains at x through a crossfade. */
export function crossfadeGains(law: CrossfadeLaw, x: number): { out: number; in: number } {
  const t = clamp01(x);
  if (law === "equal-gain") return { out: 1 - t, in: t };
  // cos/sin rather than two independent fades: cos² + sin² = 1 exactly at every point (no mid-fade dip).
  return { out: Math.cos((t * Math.PI) / 2), in: Math.sin((t * Math.PI) / 2) };
}

/** The fade shape a crossfade law uses on each side, so a crossfade is two fades of this shape. */
export function crossfadeCurve(law: CrossfadeLaw): FadeCurve {
  return law === "equal-gain" ? "linear" : "equal-power";
}

/**
 * A fade as `frames + 1` gain points (point i at x = i / frames), scaled by `gain`, from point `from` to `to`
 * (inclusive; a part-way start plays only the rest of a fade). Played over (to − from) sample periods, each
 * output sample falls on one point.
 */
export function fadeCurvePoints(
  curve: FadeCurve,
  direction: "in" | "out",
  frames: number,
  gain = 1,
  from = 0,
  to = frames,
): Float32Array {
  const n = Math.max(0, Math.floor(to) - Math.floor(from) + 1);
  const out = new Float32Array(n);
  const law = direction === "in" ? fadeInGain : fadeOutGain;
  for (let i = 0; i < n; i++) out[i] = gain * law(curve, frames > 0 ? (from + i) / frames : 1);
  return out;
}
