"use client";

import { useMemo, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import { readMix, type MixState } from "@bandspace/model";

/**
 * The whole mix as readers see it, re-read after every transaction that touched the document (local or
 * remote) — one read per change, shared by every strip of the dock.
 */
export function useMix(doc: Y.Doc): MixState {
  const store = useMemo(() => {
    let cached: MixState = readMix(doc);
    const listeners = new Set<() => void>();
    const onUpdate = () => {
      cached = readMix(doc);
      for (const l of listeners) l();
    };
    return {
      get: () => cached,
      subscribe: (l: () => void) => {
        if (listeners.size === 0) doc.on("afterTransaction", onUpdate);
        listeners.add(l);
        return () => {
          listeners.delete(l);
          if (listeners.size === 0) doc.off("afterTransaction", onUpdate);
        };
      },
    };
  }, [doc]);
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
