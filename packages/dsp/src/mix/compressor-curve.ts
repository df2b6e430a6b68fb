/**
 * A compressor's static curve: output level for a steady input level, in dB, with a soft knee (the quadratic
 * knee of Giannoulis, Massberg & Reiss, "Digital Dynamic Range Compressor Design", JAES 2012). The engine's
 * compressor computes its gain with exactly this function, so the curve drawn and the curve measured agree.
 */
export interface CompressorCurve {
  /** dBFS where compression starts (the middle of the knee). */
  thresholdDb: number;
  /** Input dB per output dB above the threshold, ≥ 1. */
  ratio: number;
  /** Width of the soft knee in dB, centred on the threshold; 0 is a hard knee. */
  kneeDb: number;
}

/** Output level in dB for a steady input at `inputDb` (before make-up gain). */
export function compressorOutputDb(curve: CompressorCurve, inputDb: number): number {
  const { thresholdDb: t, kneeDb: w } = curve;
  const slope = 1 / Math.max(1, curve.ratio) - 1;
  const over = inputDb - t;
  if (2 * over < -w) return inputDb;
  if (w > 0 && 2 * Math.abs(over) <= w) return inputDb + (slope * (over + w / 2) ** 2) / (2 * w);
  return t + over / Math.max(1, curve.ratio);
}

/** Gain change in dB (≤ 0) the compressor applies to a steady input at `inputDb`. */
export function compressorGainDb(curve: CompressorCurve, inputDb: number): number {
  if (inputDb === -Infinity) return 0;
  return compressorOutputDb(curve, inputDb) - inputDb;
}
