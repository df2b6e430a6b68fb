/**
 * Fractional order keys: a key is a base-62 fraction 0.d1d2d3… written as its digits, so plain string
 * comparison (`<`, code units — never localeCompare) orders keys like the numbers they stand for.
 * A key never ends in the zero digit: "V" and "V0" would be the same number, and without trailing zeros
 * there is always room for another key between any two distinct keys.
 *
 * Keys are deterministic (no randomness): two peers inserting at the same place at the same time get
 * the same key. Readers break such ties by id, and `repairSongDoc` / the track operations re-key ties
 * when they need the room (see track-order.ts).
 */
export const ORDER_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE = ORDER_DIGITS.length; // 62
const MAX_DIGIT = BASE - 1;
/** The key of an empty list's first item: the middle digit, so it can go both ways. */
const MIDDLE = ORDER_DIGITS[BASE >> 1]; // "V"

const VALID_KEY = /^[0-9A-Za-z]*[1-9A-Za-z]$/;

export function isValidOrderKey(key: unknown): key is string {
  return typeof key === "string" && VALID_KEY.test(key);
}

function digitAt(key: string, i: number): number {
  return i < key.length ? ORDER_DIGITS.indexOf(key[i]) : 0;
}

/**
 * A key strictly between `lo` and `hi`. `null` means "no bound": `keyBetween(null, null)` starts a list,
 * `keyBetween(last, null)` appends, `keyBetween(null, first)` prepends.
 * Throws (programmer error) if a bound is not a valid key or `lo >= hi`.
 */
export function keyBetween(lo: string | null, hi: string | null): string {
  if (lo !== null && !isValidOrderKey(lo)) throw new RangeError(`invalid order key ${JSON.stringify(lo)}`);
  if (hi !== null && !isValidOrderKey(hi)) throw new RangeError(`invalid order key ${JSON.stringify(hi)}`);
  if (lo !== null && hi !== null && lo >= hi) {
    throw new RangeError(`order keys out of order: ${JSON.stringify(lo)} >= ${JSON.stringify(hi)}`);
  }
  if (lo === null && hi === null) return MIDDLE;
  if (hi === null) return keyAfter(lo!);
  if (lo === null) return keyBefore(hi);
  return midpoint(lo, hi);
}

/**
 * Appending is the common case (adding tracks at the end), so step the first digit that can grow by
 * one: "V" → "W" → … → "z" → "zV". That keeps keys short for long runs of appends.
 */
function keyAfter(lo: string): string {
  for (let i = 0; i < lo.length; i++) {
    const d = digitAt(lo, i);
    if (d < MAX_DIGIT) return lo.slice(0, i) + ORDER_DIGITS[d + 1];
  }
  return lo + MIDDLE;
}

/** Mirror of keyAfter for prepending: step the first digit down while it stays non-zero, else bisect. */
function keyBefore(hi: string): string {
  const first = digitAt(hi, 0);
  if (first >= 2) return ORDER_DIGITS[first - 1];
  return midpoint("", hi);
}

/** Bisects between two valid keys lo < hi (lo may be "" meaning 0). */
function midpoint(lo: string, hi: string): string {
  // Walk the common prefix (lo padded with zeros); at the first differing digit lo's digit is smaller.
  let i = 0;
  while (digitAt(lo, i) === digitAt(hi, i)) i++;
  const prefix = hi.slice(0, i);
  const dl = digitAt(lo, i);
  const dh = digitAt(hi, i);
  if (dh - dl >= 2) {
    // A digit fits strictly between: the result is shorter than or as long as the bounds.
    return prefix + ORDER_DIGITS[(dl + dh) >> 1];
  }
  // Adjacent digits. If hi continues after i, its digit alone (prefix + dh) is already below hi
  // (hi's tail is non-zero) and above lo (dh > dl).
  if (hi.length > i + 1) return prefix + ORDER_DIGITS[dh];
  // Otherwise keep lo's digit and go above lo's tail, with no upper bound inside this digit.
  const tail = lo.slice(i + 1);
  return prefix + ORDER_DIGITS[dl] + (tail === "" ? MIDDLE : keyAfter(tail));
}

/**
 * `count` keys strictly between lo and hi, ascending. Used to re-key a run of tied or invalid keys
 * in one go; each key bisects the remaining gap so the run stays short-ish.
 */
export function keysBetween(lo: string | null, hi: string | null, count: number): string[] {
  const keys: string[] = [];
  let prev = lo;
  for (let k = 0; k < count; k++) {
    const next = keyBetween(prev, hi);
    keys.push(next);
    prev = next;
  }
  return keys;
}

/** Total order used everywhere an ordered list is read: by key (code units), then by id. */
export function compareByOrderThenId(a: { order: string; id: string }, b: { order: string; id: string }): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}
