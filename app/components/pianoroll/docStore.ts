"use client";

import { useMemo, useSyncExternalStore } from "react";
import type * as Y from "yjs";

/**
 * A `useSyncExternalStore` source over a Y.Doc: `read` re-reads through the model whenever `watch` says
 * something relevant changed; `share` keeps the previous snapshot (or parts of it) when nothing differs, so
 * memoised children skip re-rendering. Observers are attached only while someone is subscribed.
 */
export function useDocStore<T>(
  doc: Y.Doc,
  key: string,
  read: (doc: Y.Doc) => T,
  watch: (doc: Y.Doc, notify: () => void) => () => void,
  share: (prev: T, next: T) => T,
): T {
  const store = useMemo(() => {
    let snapshot = read(doc);
    const listeners = new Set<() => void>();
    let stop: (() => void) | null = null;
    const refresh = () => {
      const next = share(snapshot, read(doc));
      if (next === snapshot) return;
      snapshot = next;
      for (const l of [...listeners]) l();
    };
    return {
      get: () => snapshot,
      subscribe: (listener: () => void) => {
        listeners.add(listener);
        if (!stop) {
          stop = watch(doc, refresh);
          refresh();
        }
        return () => {
          listeners.delete(listener);
          if (listeners.size === 0 && stop) {
            stop();
            stop = null;
          }
        };
      },
    };
    // The functions are module-level in every caller; `key` names what they read.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, key]);
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

export function jsonSame<T>(prev: T, next: T): T {
  return prev === next || JSON.stringify(prev) === JSON.stringify(next) ? prev : next;
}
