"use client";

import { useCallback } from "react";
import { rollShortcut, type ShortcutContext, type ShortcutResult } from "./shortcuts";

/**
 * The roll's keyboard handler: maps the key with `rollShortcut`, consumes the keys the roll owns (so the
 * editor's and the studio's shortcuts do not see them too) and hands the result to `apply`.
 */
export function useRollShortcuts(ctx: ShortcutContext, apply: (r: ShortcutResult) => void) {
  const { notes, selected, readOnly, stepTicks, gestureActive } = ctx;
  return useCallback(
    (e: React.KeyboardEvent<HTMLElement>) => {
      if ((e.target as HTMLElement).closest("input, textarea, select")) return;
      const result = rollShortcut(
        { key: e.key, shift: e.shiftKey, mod: e.ctrlKey || e.metaKey },
        { notes, selected, readOnly, stepTicks, gestureActive },
      );
      if (!result) return;
      e.preventDefault();
      e.stopPropagation();
      apply(result);
    },
    [notes, selected, readOnly, stepTicks, gestureActive, apply],
  );
}
