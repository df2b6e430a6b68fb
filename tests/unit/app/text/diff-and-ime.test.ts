import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyDelta, diffText, mapIndex, type TextDelta } from "../../../../app/lib/text/diff";
import { rebaseEdit } from "../../../../app/lib/text/imeQueue";

const apply = (text: string, e: { index: number; remove: number; insert: string }) =>
  text.slice(0, e.index) + e.insert + text.slice(e.index + e.remove);

describe("diffText: the one edit an input event made", () => {
  it("finds typing, backspace and paste over a selection as the smallest edit", () => {
    expect(diffText("helo", "hello", 4)).toEqual({ index: 3, remove: 0, insert: "l" });
    expect(diffText("hello", "helo", 3)).toEqual({ index: 3, remove: 1, insert: "" });
    expect(diffText("the old chorus", "the new chorus", 7)).toEqual({ index: 4, remove: 3, insert: "new" });
    expect(diffText("same", "same")).toBeNull();
  });

  it("uses the caret to place an insert between equal characters", () => {
    // Typing "a" between the two a's: an insert at 1 (the caret is after it at 2), not at 2.
    expect(diffText("aa", "aaa", 2)).toEqual({ index: 1, remove: 0, insert: "a" });
    expect(diffText("aa", "aaa", 3)).toEqual({ index: 2, remove: 0, insert: "a" });
    // Without a caret the common suffix is taken first.
    expect(diffText("aa", "aaa")).toEqual({ index: 0, remove: 0, insert: "a" });
  });

  it("never splits a surrogate pair (an emoji stays whole)", () => {
    const prev = "la 🎸 la";
    const next = "la 🎹 la";
    const e = diffText(prev, next)!;
    expect(apply(prev, e)).toBe(next);
    expect(e.insert).toBe("🎹");
    expect(e.remove).toBe(2);
  });

  it("always produces an edit that turns prev into next (random strings)", () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = "ab \n🎵";
    const word = () => Array.from({ length: rnd(8) }, () => [...alphabet][rnd(5)]).join("");
    for (let i = 0; i < 500; i++) {
      const prev = word();
      const next = word();
      const e = diffText(prev, next, rnd(next.length + 1));
      expect(e === null ? prev : apply(prev, e), `seed step ${i}: ${JSON.stringify([prev, next])}`).toBe(next);
    }
  });
});

describe("mapIndex and applyDelta: carets through a bandmate's change", () => {
  it("moves an index past text inserted before it and stays put for text inserted after it", () => {
    const delta: TextDelta = [{ retain: 2 }, { insert: "XY" }];
    expect(mapIndex(1, delta)).toBe(1);
    expect(mapIndex(5, delta)).toBe(7);
    // At the insert point: sticks to the right-hand character (moves) unless assoc < 0.
    expect(mapIndex(2, delta, 1)).toBe(4);
    expect(mapIndex(2, delta, -1)).toBe(2);
  });

  it("collapses an index inside deleted text to where the deletion happened", () => {
    const delta: TextDelta = [{ retain: 3 }, { delete: 4 }];
    expect(mapIndex(5, delta)).toBe(3);
    expect(mapIndex(9, delta)).toBe(5);
    expect(applyDelta("0123456789", delta)).toBe("012789");
  });

  it("agrees with a real Y.Text's delta", () => {
    const doc = new Y.Doc();
    const text = doc.getText("t");
    text.insert(0, "verse one");
    let delta: TextDelta = [];
    text.observe((e) => (delta = e.delta));
    doc.transact(() => {
      text.delete(0, 5);
      text.insert(0, "chorus");
    });
    expect(applyDelta("verse one", delta)).toBe(text.toString());
    expect(mapIndex("verse ".length, delta)).toBe("chorus ".length);
  });
});

/**
 * The IME queue end to end on real Y.Texts: two bandmates share a lyric; one composes (the field is left alone,
 * remote deltas queue up), the other types meanwhile; on compositionend the composed edit is rebased through
 * the queue and applied. Both replicas must agree and keep both people's words in the right places.
 */
function composeWhileRemoteTypes(initial: string, composed: string, caret: number, remote: (t: Y.Text) => void) {
  const local = new Y.Doc();
  const other = new Y.Doc();
  local.getText("lyrics").insert(0, initial);
  Y.applyUpdate(other, Y.encodeStateAsUpdate(local));
  const queued: TextDelta[] = [];
  local.getText("lyrics").observe((e) => queued.push(e.delta));
  // The bandmate's change arrives while composing.
  remote(other.getText("lyrics"));
  Y.applyUpdate(local, Y.encodeStateAsUpdate(other));
  // Composition ends: the field shows the old text plus the composed characters.
  const edit = diffText(initial, composed, caret)!;
  const at = rebaseEdit(edit, queued);
  local.transact(() => {
    const t = local.getText("lyrics");
    if (at.end > at.start) t.delete(at.start, at.end - at.start);
    if (at.insert) t.insert(at.start, at.insert);
  });
  Y.applyUpdate(other, Y.encodeStateAsUpdate(local));
  expect(other.getText("lyrics").toString()).toBe(local.getText("lyrics").toString());
  return local.getText("lyrics").toString();
}

describe("rebaseEdit: the IME queue", () => {
  it("a composed word lands after text a bandmate typed earlier in the line", () => {
    const out = composeWhileRemoteTypes("I walk the line", "I walk the 線 line", 12, (t) => t.insert(2, "slowly "));
    expect(out).toBe("I slowly walk the 線 line");
  });

  it("text a bandmate typed right after the replaced range is not swallowed", () => {
    // Composing over "cat" (replacing it) while the bandmate appends "s!" right after it.
    const out = composeWhileRemoteTypes("my cat", "my 猫", 4, (t) => t.insert(6, "s!"));
    expect(out).toBe("my 猫s!");
  });

  it("a range the bandmate deleted meanwhile shrinks to nothing instead of deleting their text", () => {
    // The bandmate deletes " two " (the word being composed over, and its spaces) meanwhile.
    const out = composeWhileRemoteTypes("one two three", "one 二 three", 5, (t) => t.delete(3, 5));
    expect(out).toBe("one二three");
  });

  it("with nothing queued, applies the edit where it was made", () => {
    expect(rebaseEdit({ index: 4, remove: 3, insert: "x" }, [])).toEqual({ start: 4, end: 7, insert: "x" });
  });
});
