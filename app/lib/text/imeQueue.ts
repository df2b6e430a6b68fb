import { mapIndex, type TextDelta, type TextEdit } from "./diff";

/** Where a local edit lands in the shared text: replace [start, end) with `insert`. */
export interface RebasedEdit {
  start: number;
  end: number;
  insert: string;
}

/**
 * During IME composition the field is left alone and bandmates' changes are queued; when composition ends the
 * composed edit was computed against the older text. This moves it through every queued change, in order:
 * its start sticks to the character on its right (text a bandmate typed right there stays before it), its
 * end to the character on its left (text typed right after the replaced range is not swallowed), and a range a
 * bandmate deleted shrinks to nothing rather than turning inside out.
 */
export function rebaseEdit(edit: TextEdit, queued: readonly TextDelta[]): RebasedEdit {
  let start = edit.index;
  let end = edit.index + edit.remove;
  for (const delta of queued) {
    start = mapIndex(start, delta, 1);
    end = Math.max(start, mapIndex(end, delta, -1));
  }
  return { start, end, insert: edit.insert };
}
