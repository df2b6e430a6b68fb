"use client";

import { useCallback } from "react";
import type { Origin } from "@bandspace/model";
import type * as Y from "yjs";
import { useStudio } from "../studio/StudioContext";

/**
 * Runs one user action (one or several model operations) as exactly one undo step of its author: never merged
 * with the action before or after it, however quickly they follow (the undo manager would otherwise join edits
 * closer than its capture window).
 */
export function useEditStep(): <T>(fn: (doc: Y.Doc, origin: Origin) => T) => T | undefined {
  const { edit, undo } = useStudio();
  return useCallback(
    <T>(fn: (doc: Y.Doc, origin: Origin) => T): T | undefined => {
      undo.checkpoint();
      const out = edit((d, origin) => undo.asOneStep(() => fn(d, origin)));
      undo.checkpoint();
      return out;
    },
    [edit, undo],
  );
}
