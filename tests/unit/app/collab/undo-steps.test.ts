import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createUndoManager, type Origin } from "@bandspace/model";
import { startsUndoStep } from "../../../../app/lib/collab/undoSteps";

describe("undo steps follow gestures", () => {
  it("a pointer press and a command key start a new step; typing in a text field and bare modifiers do not", () => {
    expect(startsUndoStep({ type: "pointerdown", targetIsTextEntry: false })).toBe(true);
    expect(startsUndoStep({ type: "pointerdown", targetIsTextEntry: true })).toBe(true);
    expect(startsUndoStep({ type: "keydown", key: "Delete", targetIsTextEntry: false })).toBe(true);
    expect(startsUndoStep({ type: "keydown", key: "q", targetIsTextEntry: false })).toBe(true);
    expect(startsUndoStep({ type: "keydown", key: "a", targetIsTextEntry: true })).toBe(false);
    expect(startsUndoStep({ type: "keydown", key: "Control", targetIsTextEntry: false })).toBe(false);
    expect(startsUndoStep({ type: "keydown", key: "Shift", targetIsTextEntry: false })).toBe(false);
    expect(startsUndoStep({ type: "pointermove", targetIsTextEntry: false })).toBe(false);
  });

  it("two commands within the capture window undo one at a time once a gesture separates them", () => {
    const doc = new Y.Doc();
    const origin: Extract<Origin, { kind: "user" }> = { kind: "user", userId: "ana" };
    const song = doc.getMap("song");
    const merged = createUndoManager(doc, origin, 60_000);
    doc.transact(() => song.set("title", "one"), origin);
    doc.transact(() => song.set("title", "two"), origin);
    merged.undo();
    expect(song.get("title")).toBeUndefined(); // without a boundary, both went in one step
    merged.destroy();

    const separated = createUndoManager(doc, origin, 60_000);
    doc.transact(() => song.set("title", "one"), origin);
    if (startsUndoStep({ type: "keydown", key: "Delete", targetIsTextEntry: false })) separated.stopCapturing();
    doc.transact(() => song.set("title", "two"), origin);
    separated.undo();
    expect(song.get("title")).toBe("one");
  });
});
