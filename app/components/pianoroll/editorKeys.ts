/** The clip editor's own single-letter keys (the roll's editing keys are in `shortcuts.ts`). */
export type EditorKeyAction = "quantize" | "toggle-tool" | "toggle-velocity";

/**
 * Q quantizes (both views), B toggles draw/select and V the velocity lane (piano roll only). Keys with Ctrl,
 * ⌘ or Alt are left to others (Ctrl+Z must reach undo). A viewer's Q is consumed but does nothing.
 */
export function editorKey(
  e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean },
  mode: "steps" | "roll",
): EditorKeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const k = e.key.toLowerCase();
  if (k === "q") return "quantize";
  if (k === "b" && mode === "roll") return "toggle-tool";
  if (k === "v" && mode === "roll") return "toggle-velocity";
  return null;
}
