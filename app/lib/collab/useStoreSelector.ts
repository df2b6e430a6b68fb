"use client";

import { useCallback, useRef, useSyncExternalStore } from "react";

export interface ReadableStore<S> {
  get: () => S;
  subscribe: (listener: () => void) => () => void;
}

/**
 * Subscribes to part of an external store: the component re-renders only when `selector`'s result changes
 * (by `isEqual`, default Object.is). The selector may be an inline function; it is re-applied when the store
 * snapshot changes or when the component re-renders.
 */
export function useStoreSelector<S, T>(
  store: ReadableStore<S>,
  selector: (state: S) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  const memo = useRef<{ state: S; selector: (state: S) => T; value: T } | null>(null);
  const getSnapshot = () => {
    const state = store.get();
    const m = memo.current;
    if (m && m.state === state && m.selector === selector) return m.value;
    const value = selector(state);
    if (m && isEqual(m.value, value)) {
      memo.current = { state, selector, value: m.value };
      return m.value;
    }
    memo.current = { state, selector, value };
    return value;
  };
  const subscribe = useCallback((l: () => void) => store.subscribe(l), [store]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
