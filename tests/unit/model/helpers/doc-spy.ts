import * as Y from "yjs";
import { expect } from "vitest";
import { ModelError, type ModelErrorCode, type Origin } from "@bandspace/model";

export const USER: Origin = { kind: "user", userId: "user-1" };

/** Records every transaction origin and update a doc emits from now on. */
export function spyDoc(doc: Y.Doc) {
  const origins: unknown[] = [];
  const updates: Uint8Array[] = [];
  const onTx = (tr: Y.Transaction) => origins.push(tr.origin);
  const onUpdate = (u: Uint8Array) => updates.push(u);
  doc.on("afterTransaction", onTx);
  doc.on("update", onUpdate);
  return {
    origins,
    updates,
    reset() {
      origins.length = 0;
      updates.length = 0;
    },
    stop() {
      doc.off("afterTransaction", onTx);
      doc.off("update", onUpdate);
    },
  };
}

/** Asserts `fn` throws ModelError(code) and leaves the doc byte-for-byte unchanged, with no transaction and no update. */
export function expectRejected(doc: Y.Doc, code: ModelErrorCode, fn: () => unknown): ModelError {
  const before = Y.encodeStateAsUpdate(doc);
  const spy = spyDoc(doc);
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  spy.stop();
  expect(caught, `expected ModelError ${code}`).toBeInstanceOf(ModelError);
  const error = caught as ModelError;
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(10);
  expect(spy.origins).toEqual([]);
  expect(spy.updates).toEqual([]);
  expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  return error;
}

/** Asserts `fn` runs as exactly one transaction with `origin` and returns what it returned. */
export function expectOneTransaction<T>(doc: Y.Doc, origin: Origin, fn: () => T): { result: T; updates: number } {
  const spy = spyDoc(doc);
  const result = fn();
  spy.stop();
  expect(spy.origins).toEqual([origin]);
  expect(spy.origins[0]).toBe(origin);
  return { result, updates: spy.updates.length };
}

/** Small deterministic PRNG (xorshift32) for seeded tests: same seed, same run. */
export function makeRng(seed: number) {
  let state = (Math.imul(seed | 0, 0x9e3779b1) ^ 0x5bd1e995) >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  return {
    next,
    int: (maxExclusive: number) => Math.floor(next() * maxExclusive),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof makeRng>;
