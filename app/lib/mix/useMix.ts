"use client";

import { useSyncExternalStore } from "react";
import type * as Y from "yjs";
import { readMix, type MixState } from "@bandspace/model";

interface MixStore {
  get: () => MixState;
  subscribe: (listener: () => void) => () => void;
}

/** One store per document, shared by every component that shows the mix (each track row, the docks). */
const stores = new WeakMap<Y.Doc, MixStore>();

/**
 * The mix as React reads it: one snapshot per document, re-read at most once per task after transactions.
 *
 * Why not read in `afterTransaction`: those handlers run inside the transaction, before the audio engine's own
 * handler has applied a bandmate's knob move, and, for your own move, before y-websocket sends it. Reading the
 * whole mix there (once per track row, as each row had its own store) put that work on the knob-to-ear path.
 * Now a transaction only marks the snapshot stale, and listeners hear of it in a microtask — after the engine
 * and the network have had the change; React then reads the snapshot once for every component.
 */
export function mixStore(doc: Y.Doc): MixStore {
  const known = stores.get(doc);
  if (known) return known;
  let cached: MixState | null = null;
  let notifying = false;
  const listeners = new Set<() => void>();
  const notify = () => {
    notifying = false;
    for (const l of [...listeners]) l();
  };
  const onTransaction = () => {
    cached = null;
    if (notifying) return;
    notifying = true;
    queueMicrotask(notify);
  };
  const store: MixStore = {
    get: () => (cached ??= readMix(doc)),
    subscribe: (listener) => {
      if (listeners.size === 0) {
        // Nobody followed the document until now: what is cached may be stale.
        cached = null;
        doc.on("afterTransaction", onTransaction);
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) doc.off("afterTransaction", onTransaction);
      };
    },
  };
  stores.set(doc, store);
  return store;
}

/** The whole mix as readers see it, current after every transaction that touched the document (local or remote). */
export function useMix(doc: Y.Doc): MixState {
  const store = mixStore(doc);
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
