import * as Y from "yjs";
import { diffText, mapIndex, type TextDelta } from "./diff";
import { rebaseEdit } from "./imeQueue";

/** The local selection in a bound field, as text indices; anchor is where it started, head where the caret is. */
export interface TextSelection {
  anchor: number;
  head: number;
}

export interface TextBindingOptions {
  ytext: Y.Text;
  textarea: HTMLTextAreaElement;
  /** The transaction origin of local edits, e.g. `{ kind: "user", userId }`. */
  origin: unknown;
  /** The field's text after every local or remote change (for overlays that mirror it). */
  onText?: (text: string) => void;
  /** The local selection while the field has focus, null when it loses it. */
  onSelection?: (selection: TextSelection | null) => void;
}

/**
 * Two-way binding between a `<textarea>` and a Y.Text.
 *
 * - Local input becomes the one minimal edit it made (insert/delete at the right index), one transaction per
 *   input event, with the given origin.
 * - Remote changes are applied to the field from the event's delta, and the local caret/selection is mapped
 *   through that delta so it stays on the same characters while a bandmate types elsewhere.
 * - During IME composition the field is left alone: remote deltas are queued and the composed text is
 *   sent as one edit when composition ends, transformed through whatever arrived meanwhile.
 */
export class TextBinding {
  private readonly ytext: Y.Text;
  private readonly textarea: HTMLTextAreaElement;
  private readonly origin: unknown;
  private readonly opts: TextBindingOptions;
  /** The text the field showed after the last sync with the Y.Text (local or remote). */
  private value: string;
  private applyingLocal = false;
  private composing = false;
  private queued: TextDelta[] = [];
  private lastSelection: TextSelection | null = null;
  private destroyed = false;

  constructor(opts: TextBindingOptions) {
    this.opts = opts;
    this.ytext = opts.ytext;
    this.textarea = opts.textarea;
    this.origin = opts.origin;
    this.value = this.ytext.toString();
    if (this.textarea.value !== this.value) this.textarea.value = this.value;

    this.ytext.observe(this.onYText);
    const ta = this.textarea;
    ta.addEventListener("input", this.onInput);
    ta.addEventListener("compositionstart", this.onCompositionStart);
    ta.addEventListener("compositionend", this.onCompositionEnd);
    ta.addEventListener("focus", this.reportSelection);
    ta.addEventListener("blur", this.onBlur);
    ta.addEventListener("select", this.reportSelection);
    ta.addEventListener("keyup", this.reportSelection);
    ta.addEventListener("pointerup", this.reportSelection);
    document.addEventListener("selectionchange", this.onSelectionChange);
    this.opts.onText?.(this.value);
  }

  /** The text currently shown. */
  get text(): string {
    return this.value;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.ytext.unobserve(this.onYText);
    const ta = this.textarea;
    ta.removeEventListener("input", this.onInput);
    ta.removeEventListener("compositionstart", this.onCompositionStart);
    ta.removeEventListener("compositionend", this.onCompositionEnd);
    ta.removeEventListener("focus", this.reportSelection);
    ta.removeEventListener("blur", this.onBlur);
    ta.removeEventListener("select", this.reportSelection);
    ta.removeEventListener("keyup", this.reportSelection);
    ta.removeEventListener("pointerup", this.reportSelection);
    document.removeEventListener("selectionchange", this.onSelectionChange);
  }

  // ---------- local → shared ----------

  private onInput = (): void => {
    if (this.composing) return;
    this.pushLocal();
    this.reportSelection();
  };

  private onCompositionStart = (): void => {
    this.composing = true;
  };

  private onCompositionEnd = (): void => {
    this.composing = false;
    this.pushLocal();
    this.reportSelection();
  };

  private pushLocal(): void {
    const ta = this.textarea;
    if (ta.readOnly) {
      // A read-only field never changes by typing; if it somehow did, show the shared text again.
      if (ta.value !== this.ytext.toString()) this.resetFromShared();
      return;
    }
    const next = ta.value;
    const edit = diffText(this.value, next, ta.selectionEnd);
    const queued = this.queued;
    this.queued = [];
    if (!edit) {
      if (queued.length > 0) this.resetFromShared();
      return;
    }
    // Remote changes that arrived while composing: the edit was made against the older text.
    const { start, end } = rebaseEdit(edit, queued);
    this.applyingLocal = true;
    try {
      this.ytext.doc!.transact(() => {
        if (end > start) this.ytext.delete(start, end - start);
        if (edit.insert) this.ytext.insert(start, edit.insert);
      }, this.origin);
    } finally {
      this.applyingLocal = false;
    }
    if (queued.length > 0) {
      const caret = start + edit.insert.length;
      this.setField(this.ytext.toString(), caret, caret, "none");
    } else {
      this.value = next;
      this.opts.onText?.(this.value);
    }
  }

  // ---------- shared → local ----------

  private onYText = (event: Y.YTextEvent): void => {
    if (this.applyingLocal) return;
    const delta = event.delta as TextDelta;
    if (this.composing) {
      this.queued.push(delta);
      return;
    }
    const ta = this.textarea;
    const dir = ta.selectionDirection;
    const start = mapIndex(ta.selectionStart, delta, 1);
    // A collapsed caret moves as one; a selection's end does not grow over text typed right after it.
    const end = ta.selectionEnd === ta.selectionStart ? start : Math.max(start, mapIndex(ta.selectionEnd, delta, -1));
    this.setField(this.ytext.toString(), start, end, dir);
  };

  private resetFromShared(): void {
    const ta = this.textarea;
    const text = this.ytext.toString();
    const start = Math.min(ta.selectionStart, text.length);
    const end = Math.min(ta.selectionEnd, text.length);
    this.setField(text, start, end, ta.selectionDirection);
  }

  private setField(text: string, start: number, end: number, dir: "forward" | "backward" | "none"): void {
    const ta = this.textarea;
    const focused = document.activeElement === ta;
    const scrollTop = ta.scrollTop;
    if (ta.value !== text) ta.value = text;
    if (focused) ta.setSelectionRange(start, end, dir);
    ta.scrollTop = scrollTop;
    this.value = text;
    this.opts.onText?.(text);
  }

  // ---------- local selection ----------

  private onSelectionChange = (): void => {
    if (document.activeElement === this.textarea) this.reportSelection();
  };

  private reportSelection = (): void => {
    const ta = this.textarea;
    if (document.activeElement !== ta) return;
    const backward = ta.selectionDirection === "backward";
    const sel: TextSelection = {
      anchor: backward ? ta.selectionEnd : ta.selectionStart,
      head: backward ? ta.selectionStart : ta.selectionEnd,
    };
    const last = this.lastSelection;
    if (last && last.anchor === sel.anchor && last.head === sel.head) return;
    this.lastSelection = sel;
    this.opts.onSelection?.(sel);
  };

  private onBlur = (): void => {
    this.lastSelection = null;
    this.opts.onSelection?.(null);
  };
}
