/**
 * Which keys to admit this frame (see useGradualKeys): all that are already admitted, and of the new ones the
 * first `perFrame` in `keys`' order (callers put what matters most first) — or every one when no more than
 * `perFrame` are new. Returns the admitted keys.
 */
export function admitGradually(
  keys: readonly string[],
  admitted: ReadonlySet<string>,
  perFrame: number,
): ReadonlySet<string> {
  const fresh = keys.filter((k) => !admitted.has(k));
  if (fresh.length <= perFrame) return new Set(keys);
  const next = new Set(fresh.slice(0, perFrame));
  return new Set(keys.filter((k) => admitted.has(k) || next.has(k)));
}

/** A span of ticks [startTick, endTick) with a key. */
export interface KeyedSpan {
  key: string;
  startTick: number;
  endTick: number;
}

/**
 * The spans' keys ordered by their distance (ticks) to the visible range [from, to): those on screen first (in
 * their order), then the nearest off screen. Stable, so equal distances keep the caller's order.
 */
export function keysNearestFirst(spans: readonly KeyedSpan[], from: number, to: number): string[] {
  const distance = (s: KeyedSpan) => Math.max(0, s.startTick - to, from - s.endTick);
  return spans
    .map((s, i) => ({ key: s.key, d: distance(s), i }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((s) => s.key);
}
