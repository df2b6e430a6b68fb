/**
 * Which of a lane's items to render this frame (see useGradualMount): all that are already mounted, and of the new
 * ones the first `perFrame` — or every one when no more than `perFrame` are new. Returns the keys to render.
 */
export function admitGradually(
  keys: readonly string[],
  mounted: ReadonlySet<string>,
  perFrame: number,
): ReadonlySet<string> {
  const fresh = keys.filter((k) => !mounted.has(k));
  if (fresh.length <= perFrame) return new Set(keys);
  const admitted = new Set(fresh.slice(0, perFrame));
  return new Set(keys.filter((k) => mounted.has(k) || admitted.has(k)));
}
