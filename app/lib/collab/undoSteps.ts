/**
 * Where one undo step ends and the next begins. Yjs merges edits closer together than its capture window into one
 * step, which suits a drag (dozens of moves, one step) but not two commands: Delete then Quantize within 400 ms must
 * be two steps, or Ctrl+Z takes back both. So every new gesture — a press of the pointer, or a key that is not typing
 * into a text field — starts a new step; edits within one gesture still merge.
 */
export interface GestureEventLike {
  type: string;
  key?: string;
  /** The event target is a text field or contenteditable (typing there merges by time, like any text editor). */
  targetIsTextEntry: boolean;
}

const MODIFIER_KEYS = new Set(["Shift", "Control", "Alt", "Meta", "CapsLock", "Fn"]);

export function startsUndoStep(e: GestureEventLike): boolean {
  if (e.type === "pointerdown") return true;
  if (e.type !== "keydown") return false;
  if (e.targetIsTextEntry) return false;
  return e.key === undefined || !MODIFIER_KEYS.has(e.key);
}

/** True for inputs that take text, textareas and contenteditable elements. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (typeof HTMLElement === "undefined" || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !["button", "checkbox", "radio", "range", "color", "file", "submit", "reset"].includes(target.type);
}
