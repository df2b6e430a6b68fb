"use client";

import type * as Y from "yjs";
import { listComments, observeComments, type CommentThread } from "@bandspace/model";
import { ValueStore } from "./store";

export interface CommentsStore {
  get: () => readonly CommentThread[];
  subscribe: (listener: () => void) => () => void;
  destroy: () => void;
}

/** The comments doc's threads as an immutable snapshot, re-read after every transaction that changed them. */
export function createCommentsStore(doc: Y.Doc): CommentsStore {
  const store = new ValueStore<readonly CommentThread[]>(listComments(doc));
  const stop = observeComments(doc, () => store.set(listComments(doc)));
  return { get: store.get, subscribe: store.subscribe, destroy: stop };
}
