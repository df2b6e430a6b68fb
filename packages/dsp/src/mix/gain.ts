/**
 * Level and pan laws shared by the mixer's model, engine and UI. Gains are linear amplitude factors; levels are
 * decibels relative to full scale or to unity.
 */

/** Below this a fader reads −∞: the smallest level a strip can be set to before it is silence. */
export const SILENCE_DB = -Infinity;

/** 20·log10: −6 dB ≈ 0.501, +6 dB ≈ 1.995. −∞ dB is 0. */
export function dbToGain(db: number): number {
  if (db === -Infinity) return 0;
  return Math.pow(10, db / 20);
}

/** The inverse of `dbToGain`; a gain of 0 (or less) is −∞ dB. */
export function gainToDb(gain: number): number {
  if (!(gain > 0)) return -Infinity;
  return 20 * Math.log10(gain);
}

export interface StereoGains {
  left: number;
  right: number;
}

/**
 * Equal-power pan of a mono source, −1 (left) … 0 (centre) … 1 (right): the left gain is cos(θ) and the right
 * sin(θ) with θ = (pan + 1)·π/4. At the centre each side is −3.01 dB, so a source keeps its loudness as it
 * moves; this is the law Web Audio's StereoPannerNode applies to a mono input, so model, meters and engine agree.
 */
export function panGains(pan: number): StereoGains {
  const p = Math.min(1, Math.max(-1, pan));
  const theta = ((p + 1) * Math.PI) / 4;
  return { left: Math.cos(theta), right: Math.sin(theta) };
}

/**
 * The same law for a stereo source (StereoPannerNode's stereo case): panning left folds part of the right
 * channel into the left and leaves the left channel as it is, so hard left sums both channels into the left.
 * Returns the four gains: l→L, r→L, l→R, r→R.
 */
export function stereoPanMatrix(pan: number): { ll: number; rl: number; lr: number; rr: number } {
  const p = Math.min(1, Math.max(-1, pan));
  if (p <= 0) {
    const theta = ((p + 1) * Math.PI) / 2;
    return { ll: 1, rl: Math.cos(theta), lr: 0, rr: Math.sin(theta) };
  }
  const theta = (p * Math.PI) / 2;
  return { ll: Math.cos(theta), rl: 0, lr: Math.sin(theta), rr: 1 };
}

/**
 * Balance of a stereo source, −1 … 1: the side turned away from is lowered (equal-power: cos(|pan|·π/2)), the other
 * stays at unity, and no channel ever moves to the other side — hard left is the left channel alone. The law DAWs
 * give a stereo track's pan knob by default; at the centre both channels pass unchanged.
 */
export function balanceGains(pan: number): StereoGains {
  const p = Math.min(1, Math.max(-1, pan));
  const away = Math.cos((Math.abs(p) * Math.PI) / 2);
  return { left: p > 0 ? away : 1, right: p < 0 ? away : 1 };
}
