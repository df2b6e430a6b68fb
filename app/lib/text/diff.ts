/**
 * Pure helpers for binding a plain-text control to a shared text: the one edit between two strings, and
 * where an index lands after a Yjs delta. No DOM, no Y types — unit-testable.
 */

/** One contiguous replacement: delete `remove` characters at `index`, then insert `insert` there. */
export interface TextEdit {
  index: number;
  remove: number;
  insert: string;
}

/**
 * The single edit that turns `prev` into `next` (what one input event does: typing, backspace, paste over a
 * selection, drag-drop within the field is the rare exception and still comes out correct, just larger).
 * `caret` is the field's selection end after the edit; it decides between equally short answers
 * (typing "a" between the two a's of "aa" is an insert at 1, not at 2), which matters to a bandmate's caret.
 */
export function diffText(prev: string, next: string, caret?: number): TextEdit | null {
  if (prev === next) return null;
  const minLen = Math.min(prev.length, next.length);
  // The changed region in `next` ends at the caret: the common suffix may not reach left of it.
  let maxSuffix = minLen;
  if (caret !== undefined && caret >= 0 && caret <= next.length) maxSuffix = Math.min(maxSuffix, next.length - caret);
  let suffix = 0;
  while (
    suffix < maxSuffix &&
    prev.charCodeAt(prev.length - 1 - suffix) === next.charCodeAt(next.length - 1 - suffix)
  ) {
    suffix++;
  }
  const maxPrefix = minLen - suffix;
  let prefix = 0;
  while (prefix < maxPrefix && prev.charCodeAt(prefix) === next.charCodeAt(prefix)) prefix++;
  // Never split a surrogate pair (an emoji in the lyrics): widen the edit to whole code points.
  if (prefix > 0 && isHighSurrogate(prev.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(prev.charCodeAt(prev.length - suffix))) suffix--;
  return {
    index: prefix,
    remove: prev.length - prefix - suffix,
    insert: next.slice(prefix, next.length - suffix),
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** A Y.Text delta as `YTextEvent.delta` reports it (string inserts only: our texts hold plain text). */
export type TextDelta = ReadonlyArray<{ retain?: number; insert?: unknown; delete?: number }>;

/**
 * Where `index` (in the text before the change) is after the change. Text inserted exactly at the index
 * goes before it when `assoc` ≥ 0 (the index sticks to the character on its right), after it when < 0.
 * An index inside deleted text moves to where the deletion happened.
 */
export function mapIndex(index: number, delta: TextDelta, assoc = 1): number {
  let oldPos = 0;
  let newPos = 0;
  for (const op of delta) {
    if (op.retain !== undefined) {
      if (index < oldPos + op.retain) return newPos + (index - oldPos);
      oldPos += op.retain;
      newPos += op.retain;
    } else if (op.insert !== undefined) {
      const len = typeof op.insert === "string" ? op.insert.length : 1;
      if (index === oldPos && assoc < 0) return newPos;
      newPos += len;
    } else if (op.delete !== undefined) {
      if (index < oldPos + op.delete) return newPos;
      oldPos += op.delete;
    }
  }
  return newPos + (index - oldPos);
}

/** Applies a delta to a string (to check a binding's bookkeeping; the field itself reads the Y.Text). */
export function applyDelta(text: string, delta: TextDelta): string {
  let out = "";
  let pos = 0;
  for (const op of delta) {
    if (op.retain !== undefined) {
      out += text.slice(pos, pos + op.retain);
      pos += op.retain;
    } else if (op.insert !== undefined) {
      out += typeof op.insert === "string" ? op.insert : "";
    } else if (op.delete !== undefined) {
      pos += op.delete;
    }
  }
  return out + text.slice(pos);
}
