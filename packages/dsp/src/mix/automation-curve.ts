/**
 * Automation as breakpoints joined by segments, evaluated the same way in the model (what a knob shows), in the
 * engine (what is scheduled on an AudioParam) and in tests. Positions are in any monotonic unit (ticks in the
 * document, seconds in the engine): the curve only needs them ordered.
 */

/** How the segment that starts at a breakpoint travels to the next one. */
export type SegmentShape = "linear" | "curve" | "step";

export interface AutomationPoint {
  /** Position (ticks or seconds); points are ordered by position, ties by their order in the list. */
  at: number;
  value: number;
  /** Shape of the segment from this point to the next. Default linear. */
  shape?: SegmentShape;
  /**
   * For "curve": −1 … 1. 0 is a straight line; positive bends the segment to move late (slow start, fast
   * finish), negative to move early. Ignored for the other shapes.
   */
  tension?: number;
}

/** How strongly |tension| = 1 bends a curve: the exponent of the exponential shape at full tension. */
const MAX_BEND = 6;

/**
 * Where a segment is after `fraction` (0 … 1) of its length, as a fraction of its travel, for a shape.
 * The curve is a normalised exponential: (e^(k·u) − 1)/(e^k − 1), k = tension·MAX_BEND, which is u at k = 0
 * and stays monotonic, so a curved fade never overshoots its end points.
 */
export function segmentProgress(fraction: number, shape: SegmentShape = "linear", tension = 0): number {
  const u = Math.min(1, Math.max(0, fraction));
  if (shape === "step") return u >= 1 ? 1 : 0;
  if (shape === "linear") return u;
  const k = Math.max(-1, Math.min(1, tension)) * MAX_BEND;
  if (Math.abs(k) < 1e-9) return u;
  return Math.expm1(k * u) / Math.expm1(k);
}

/**
 * The automated value at `at`. Before the first point the curve holds the first value; after the last, the
 * last value. Two points at one position make a jump: the later one in the list wins from that position on.
 * Returns `fallback` when there are no points (the knob's own value).
 */
export function automationValueAt(points: readonly AutomationPoint[], at: number, fallback: number): number {
  if (points.length === 0) return fallback;
  const first = points[0];
  if (at < first.at) return first.value;
  // The last point at or before `at` (binary search: lanes may hold thousands of points).
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid].at <= at) lo = mid;
    else hi = mid - 1;
  }
  const a = points[lo];
  const b = points[lo + 1];
  if (!b || b.at === a.at) return a.value;
  const progress = segmentProgress((at - a.at) / (b.at - a.at), a.shape, a.tension);
  return a.value + (b.value - a.value) * progress;
}

/**
 * Samples a curved segment into values for `AudioParam.setValueCurveAtTime` (which interpolates linearly between
 * them): `count` values from the start value to the end value inclusive.
 */
export function curveSegmentValues(from: number, to: number, tension: number, count: number): Float32Array {
  const n = Math.max(2, Math.floor(count));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = from + (to - from) * segmentProgress(i / (n - 1), "curve", tension);
  return out;
}
