import * as Y from "yjs";
import { TRACK_FIELDS } from "./fields";
import { compareByOrderThenId, isValidOrderKey, keyBetween, keysBetween } from "./fractional-index";
import type { EntityMap } from "./roots";

/**
 * Ordering of entities that carry a fractional `order` key (tracks now; sections and clips lanes later).
 *
 * The visible order is ALWAYS (raw order string, then id) — also for tied or invalid keys — so every peer shows
 * the same list from the same state without writing. When keys are tied or invalid, `planOrderKeys` computes
 * replacement keys that keep exactly that visible order (greedy: an entry keeps its key if it is valid and
 * above the previous kept key; each run of the others gets fresh keys between its kept neighbours). The plan
 * depends only on the state, so peers repairing the same state write the same keys.
 */
export interface OrderedEntry {
  id: string;
  order: string;
  map: EntityMap;
}

export function orderedEntries(parent: Y.Map<unknown>): OrderedEntry[] {
  const entries: OrderedEntry[] = [];
  parent.forEach((value, id) => {
    if (value instanceof Y.Map) {
      const map = value as EntityMap;
      entries.push({ id, order: TRACK_FIELDS.order.coerce(map.get(TRACK_FIELDS.order.key)), map });
    }
  });
  return entries.sort(compareByOrderThenId);
}

export interface OrderPlan {
  /** The key each entry has after the plan is applied; strictly increasing. */
  keys: string[];
  /** For each entry, the run of re-keyed entries it belongs to, or -1 if it keeps its key. */
  runOf: number[];
}

export function planOrderKeys(entries: readonly OrderedEntry[]): OrderPlan {
  const keys = new Array<string>(entries.length);
  const runOf = new Array<number>(entries.length).fill(-1);
  let lastKept: string | null = null;
  let pending: number[] = [];
  let runs = 0;
  const flush = (hi: string | null) => {
    if (pending.length === 0) return;
    const fresh = keysBetween(lastKept, hi, pending.length);
    pending.forEach((pos, k) => {
      keys[pos] = fresh[k]!;
      runOf[pos] = runs;
    });
    runs++;
    pending = [];
  };
  entries.forEach((entry, pos) => {
    if (isValidOrderKey(entry.order) && (lastKept === null || entry.order > lastKept)) {
      flush(entry.order);
      keys[pos] = entry.order;
      lastKept = entry.order;
    } else {
      pending.push(pos);
    }
  });
  flush(null);
  return { keys, runOf };
}

/** Writes the planned keys of the given runs (all runs when `runs` is omitted). Returns how many keys changed. */
export function applyOrderPlan(entries: readonly OrderedEntry[], plan: OrderPlan, runs?: ReadonlySet<number>): number {
  let written = 0;
  entries.forEach((entry, pos) => {
    const run = plan.runOf[pos];
    if (run >= 0 && (runs === undefined || runs.has(run))) {
      entry.map.set(TRACK_FIELDS.order.key, plan.keys[pos]);
      written++;
    }
  });
  return written;
}

/**
 * A key that places a new (or moved) entry at `index` of `others` (the list without it). Call inside the
 * operation's transaction: if the neighbours' keys are tied or invalid, only their runs are re-keyed first
 * (the fewest writes, so the fewest chances to overwrite a concurrent move of those entries).
 */
export function keyForIndex(others: readonly OrderedEntry[], index: number): string {
  const plan = planOrderKeys(others);
  const runs = new Set<number>();
  for (const pos of [index - 1, index]) {
    if (pos >= 0 && pos < others.length && plan.runOf[pos] >= 0) runs.add(plan.runOf[pos]);
  }
  if (runs.size > 0) applyOrderPlan(others, plan, runs);
  const lo = index > 0 ? plan.keys[index - 1] : null;
  const hi = index < others.length ? plan.keys[index] : null;
  return keyBetween(lo, hi);
}
