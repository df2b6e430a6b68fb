"use client";

import { useCallback } from "react";
import type * as Y from "yjs";
import { isModelError, type Origin } from "@bandspace/model";
import { useToast } from "../common/Toast";
import type { Commit } from "./editorTypes";

/**
 * The editor's `commit`: runs a model operation with this person's origin (so their undo manager sees it),
 * refuses everything for viewers, and turns a refused edit into a toast instead of an exception.
 */
export function useClipCommit(doc: Y.Doc, origin: Origin, readOnly: boolean): Commit {
  const toast = useToast();
  return useCallback<Commit>(
    (op) => {
      if (readOnly) return undefined;
      try {
        return op(doc, origin);
      } catch (err) {
        if (isModelError(err)) toast.show(err.message, "error");
        else {
          console.error("Clip edit failed", err);
          toast.show("That change could not be applied.", "error");
        }
        return undefined;
      }
    },
    [doc, origin, readOnly, toast],
  );
}
