import { crossfadeCurve, dbToGain, fadeCurvePoints, type FadeCurve } from "@bandspace/dsp";
import type { PlayRegion, RegionFade } from "@bandspace/model";

/** The fade shape of one edge: a clip's own curve, or the curve its crossfade law gives (dsp decides which). */
export function fadeShape(fade: RegionFade): FadeCurve {
  return "curve" in fade ? fade.curve : crossfadeCurve(fade.crossfade);
}

/** One `setValueCurveAtTime`: `points` spaced one take frame apart, the first at `frame` frames after the start. */
export interface GainCurve {
  frame: number;
  points: Float32Array;
}

/**
 * The gain automation that plays a region from its frame `fromFrame` on: the value at that frame, and the curves
 * (fade-in rest, fade-out) with one point per frame, so the output sample at frame k lands exactly on point k and
 * Web Audio's linear interpolation between points never comes into it. A fade-in that ends where the fade-out
 * begins is one curve (Web Audio refuses two curves that touch). Pure, so Node tests check it point by point.
 */
export function regionGainCurves(region: PlayRegion, fromFrame: number): { initial: number; curves: GainCurve[] } {
  const length = region.lengthFrames;
  const gain = dbToGain(region.gainDb);
  const from = Math.max(0, Math.min(length - 1, Math.floor(fromFrame)));
  const fadeIn = region.fadeIn?.frames ?? 0;
  const fadeOut = region.fadeOut?.frames ?? 0;
  const outStart = length - fadeOut;
  const curves: GainCurve[] = [];
  let inCurve: Float32Array | null = null;
  if (region.fadeIn && from < fadeIn) inCurve = fadeCurvePoints(fadeShape(region.fadeIn), "in", fadeIn, gain, from);
  let outCurve: GainCurve | null = null;
  if (region.fadeOut && fadeOut > 0) {
    const start = Math.max(from, outStart);
    outCurve = {
      frame: start - from,
      points: fadeCurvePoints(fadeShape(region.fadeOut), "out", fadeOut, gain, start - outStart),
    };
  }
  if (inCurve && outCurve && fadeIn === outStart) {
    const joined = new Float32Array(inCurve.length - 1 + outCurve.points.length);
    joined.set(inCurve.subarray(0, inCurve.length - 1));
    joined.set(outCurve.points, inCurve.length - 1);
    curves.push({ frame: 0, points: joined });
  } else {
    if (inCurve) curves.push({ frame: 0, points: inCurve });
    if (outCurve) curves.push(outCurve);
  }
  const first = curves[0];
  return { initial: first && first.frame === 0 ? first.points[0] : gain, curves };
}
