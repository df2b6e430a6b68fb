/** Small statistics for the benchmarks' tables (nearest-rank percentiles, rounding). */

/** The `p` quantile (0..1) by nearest rank; NaN for no samples. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

export function max(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : Math.max(...xs);
}

/** Rounded to `d` decimals, or null when not a number (JSON has no NaN). */
export function round(n: number, d = 1): number | null {
  return Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : null;
}
