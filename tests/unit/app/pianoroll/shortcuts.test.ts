import { describe, expect, it } from "vitest";
import { PPQ, type Note } from "@bandspace/model";
import { rollShortcut, type ShortcutContext } from "../../../../app/components/pianoroll/shortcuts";
import { editorKey } from "../../../../app/components/pianoroll/editorKeys";

const note = (id: string, pitch: number, startTick: number, durationTicks = 240): Note => ({
  id,
  pitch,
  startTick,
  durationTicks,
  velocity: 90,
});
const NOTES = [note("a", 60, 0), note("b", 64, 480), note("c", 120, 960)];
const ctx = (over: Partial<ShortcutContext> = {}): ShortcutContext => ({
  notes: NOTES,
  selected: new Set(["a"]),
  readOnly: false,
  stepTicks: PPQ / 4,
  gestureActive: false,
  ...over,
});
const key = (k: string, mods: { shift?: boolean; mod?: boolean } = {}) => ({
  key: k,
  shift: !!mods.shift,
  mod: !!mods.mod,
});

describe("piano-roll shortcuts", () => {
  it("arrows move the selection a semitone, an octave with Shift, a grid step sideways, and sound a single note", () => {
    expect(rollShortcut(key("ArrowUp"), ctx())).toEqual({
      commands: [{ kind: "move", ids: ["a"], ticks: 0, pitch: 1 }],
      audition: { pitch: 61, velocity: 90 },
    });
    expect(rollShortcut(key("ArrowDown", { shift: true }), ctx())?.commands).toEqual([
      { kind: "move", ids: ["a"], ticks: 0, pitch: -12 },
    ]);
    expect(rollShortcut(key("ArrowRight"), ctx())?.commands).toEqual([
      { kind: "move", ids: ["a"], ticks: 240, pitch: 0 },
    ]);
  });

  it("a move that would leave the clip or the keyboard is clamped, and consumed without a command at the edge", () => {
    expect(rollShortcut(key("ArrowLeft"), ctx())).toEqual({ commands: [] }); // a starts at 0
    const high = ctx({ selected: new Set(["c"]) });
    expect(rollShortcut(key("ArrowUp", { shift: true }), high)?.commands).toEqual([
      { kind: "move", ids: ["c"], ticks: 0, pitch: 7 },
    ]);
  });

  it("Delete removes the selection and clears it; Ctrl+D duplicates it right after itself", () => {
    const two = ctx({ selected: new Set(["a", "b"]) });
    expect(rollShortcut(key("Delete"), two)).toEqual({
      commands: [{ kind: "delete", ids: ["a", "b"] }],
      selection: new Set(),
    });
    expect(rollShortcut(key("d", { mod: true }), two)?.commands).toEqual([
      {
        kind: "add",
        selectAdded: true,
        notes: [
          { pitch: 60, startTick: 720, durationTicks: 240, velocity: 90 }, // the selection spans 720 ticks
          { pitch: 64, startTick: 1200, durationTicks: 240, velocity: 90 },
        ],
      },
    ]);
  });

  it("Ctrl+A selects every note; Escape cancels a drag first, then clears the selection", () => {
    expect(rollShortcut(key("A", { mod: true }), ctx())?.selection).toEqual(new Set(["a", "b", "c"]));
    expect(rollShortcut(key("Escape"), ctx({ gestureActive: true }))).toEqual({ commands: [], cancelGesture: true });
    expect(rollShortcut(key("Escape"), ctx())?.selection).toEqual(new Set());
  });

  it("a viewer's arrows and Delete change nothing; Delete and Ctrl+D are left to others", () => {
    const viewer = ctx({ readOnly: true });
    expect(rollShortcut(key("ArrowUp"), viewer)).toEqual({ commands: [] });
    expect(rollShortcut(key("Delete"), viewer)).toBeNull();
    expect(rollShortcut(key("d", { mod: true }), viewer)).toBeNull();
  });

  it("keys the roll does not own (Q, Ctrl+Z, Space) pass through to the editor and the studio", () => {
    expect(rollShortcut(key("q"), ctx())).toBeNull();
    expect(rollShortcut(key("z", { mod: true }), ctx())).toBeNull();
    expect(rollShortcut(key(" "), ctx())).toBeNull();
  });
});

describe("clip editor keys", () => {
  const k = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    ...mods,
  });

  it("Q quantizes in both views; B and V belong to the piano roll only", () => {
    expect(editorKey(k("q"), "roll")).toBe("quantize");
    expect(editorKey(k("Q"), "steps")).toBe("quantize");
    expect(editorKey(k("b"), "roll")).toBe("toggle-tool");
    expect(editorKey(k("v"), "roll")).toBe("toggle-velocity");
    expect(editorKey(k("b"), "steps")).toBeNull();
    expect(editorKey(k("v"), "steps")).toBeNull();
  });

  it("leaves every modified key alone, so Ctrl+Z and Ctrl+V reach undo and paste", () => {
    expect(editorKey(k("z", { ctrlKey: true }), "roll")).toBeNull();
    expect(editorKey(k("v", { metaKey: true }), "roll")).toBeNull();
    expect(editorKey(k("q", { altKey: true }), "roll")).toBeNull();
  });
});
