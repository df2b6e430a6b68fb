import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  PPQ,
  TempoMap,
  addMidiClip,
  addTrack,
  listNotes,
  snapTicks,
  type Note,
  type NoteInit,
  type Origin,
} from "@bandspace/model";
import {
  gesturePreview,
  ghostCopies,
  reduceGesture,
  type Gesture,
  type GestureEvent,
  type GestureStep,
  type Modifiers,
  type RollContext,
} from "../../../../app/components/pianoroll/gesture";
import { pitchToY, rollPoint, rollScale, tickToX } from "../../../../app/components/pianoroll/geometry";
import { runNoteCommand } from "../../../../app/components/pianoroll/noteCommands";
import type { Commit } from "../../../../app/components/pianoroll/editorTypes";

const USER: Origin = { kind: "user", userId: "u1" };
const S = rollScale(96, 12); // a sixteenth is 24 px, a row 12 px
const SIXTEENTH = PPQ / 4;
const MAP = new TempoMap({ bpm: 120, timeSignature: { numerator: 4, denominator: 4 } });
const NONE: Modifiers = { shift: false, mod: false, alt: false };

/** A real document with one MIDI clip, a roll context over it, and the reducer driven like the component does. */
function roll(initial: NoteInit[], opts: Partial<RollContext> = {}) {
  const doc = new Y.Doc();
  const track = addTrack(doc, { name: "Keys", kind: "instrument" }, USER);
  const clip = addMidiClip(doc, { trackId: track.id, startTick: 0, lengthTicks: 4 * PPQ * 4, notes: initial }, USER);
  const commit: Commit = (op) => op(doc, USER);
  let gesture: Gesture | null = null;
  let selected: ReadonlySet<string> = opts.selected ?? new Set();
  let lastLength: number | null = null;
  const auditions: number[] = [];
  const notes = () => listNotes(doc, clip.id);
  const ctx = (): RollContext => {
    const ns = notes();
    return {
      notes: ns,
      notesById: new Map(ns.map((n) => [n.id, n])),
      selected,
      readOnly: false,
      tool: "draw",
      scale: S,
      clipStartTick: 0,
      snapSong: (t, mode) => snapTicks(t, "1/16", MAP, mode),
      gridStep: SIXTEENTH,
      stepTicks: SIXTEENTH,
      lastLength,
      ...opts,
    };
  };
  const send = (ev: GestureEvent): GestureStep => {
    const step = reduceGesture(gesture, ev, ctx());
    gesture = step.gesture;
    if (step.lastLength !== undefined) lastLength = step.lastLength;
    if (step.selection) selected = step.selection;
    if (step.audition) auditions.push(step.audition.pitch);
    for (const cmd of step.commands) {
      const added = runNoteCommand(cmd, clip.id, commit);
      if (cmd.kind === "add" && added) {
        if (cmd.rememberLength !== undefined) lastLength = cmd.rememberLength;
        if (cmd.selectAdded) selected = new Set(added.map((n) => n.id));
      }
    }
    return step;
  };
  const at = (tick: number, pitch: number, dx = 0, dy = 0) =>
    rollPoint(tickToX(tick, S) + dx, pitchToY(pitch, S) + 6 + dy, S);
  const down = (tick: number, pitch: number, extra: Partial<Extract<GestureEvent, { type: "down" }>> = {}) =>
    send({ type: "down", button: 0, point: at(tick, pitch), mods: NONE, note: null, edge: null, ...extra });
  const move = (tick: number, pitch: number, mods = NONE, dx = 0) =>
    send({ type: "move", point: at(tick, pitch, dx), mods });
  const up = () => send({ type: "up" });
  const byPitch = (p: number) => notes().find((n) => n.pitch === p)!;
  const undoable = new Y.UndoManager(doc.getMap("clips"), { trackedOrigins: new Set([USER]) });
  return {
    doc,
    notes,
    byPitch,
    down,
    move,
    up,
    send,
    at,
    undoable,
    get gesture() {
      return gesture;
    },
    get selected() {
      return selected;
    },
    get lastLength() {
      return lastLength;
    },
    auditions,
  };
}

const strip = (ns: Note[]) => ns.map(({ id: _id, ...rest }) => rest);
const n = (pitch: number, startTick: number, durationTicks = SIXTEENTH, velocity = 100): NoteInit => ({
  pitch,
  startTick,
  durationTicks,
  velocity,
});

describe("piano-roll gestures: drawing", () => {
  it("a click draws one sixteenth at the grid line left of the pointer, selects it and sounds it", () => {
    const r = roll([]);
    const step = r.down(SIXTEENTH * 3 + 100, 64);
    expect(step).toMatchObject({ capture: true, preventDefault: true });
    expect(r.gesture).toMatchObject({ kind: "create", pitch: 64, startTick: SIXTEENTH * 3 });
    expect(r.notes()).toEqual([]); // nothing written until the pointer is released
    r.up();
    expect(strip(r.notes())).toEqual([n(64, SIXTEENTH * 3)]);
    expect([...r.selected]).toEqual([r.notes()[0].id]);
    expect(r.auditions).toEqual([64]);
  });

  it("dragging stretches the new note to the grid line right of the pointer; the next note drawn gets its length", () => {
    const r = roll([]);
    r.down(0, 60);
    r.move(SIXTEENTH * 2 + 10, 60); // 58 px right: past the 4 px threshold
    r.up();
    expect(strip(r.notes())).toEqual([n(60, 0, SIXTEENTH * 3)]);
    r.down(PPQ * 4, 62);
    r.up();
    expect(r.byPitch(62).durationTicks).toBe(SIXTEENTH * 3);
  });

  it("a 4 px wobble is still a click; Alt draws off the grid", () => {
    const r = roll([]);
    r.down(0, 60);
    r.send({ type: "move", point: r.at(0, 60, 4), mods: NONE });
    expect(r.gesture).toMatchObject({ stretched: false, durationTicks: SIXTEENTH });
    r.send({ type: "move", point: r.at(0, 60, 30), mods: { ...NONE, alt: true } });
    r.up();
    expect(r.notes()[0].durationTicks).toBe(Math.ceil(30 / S.ppt));
  });

  it("a cancelled pointer writes nothing", () => {
    const r = roll([]);
    r.down(0, 60);
    r.move(PPQ, 60);
    r.send({ type: "cancel" });
    expect(r.gesture).toBeNull();
    expect(r.notes()).toEqual([]);
  });
});

describe("piano-roll gestures: selecting, moving, copying", () => {
  it("dragging a note moves it on the grid and by rows, as one model operation, one undo step", () => {
    const r = roll([n(60, 0), n(64, PPQ)]);
    const note = r.byPitch(60);
    r.down(0, 60, { note });
    expect([...r.selected]).toEqual([note.id]);
    r.move(PPQ + 10, 62); // a beat right (snapped), two rows up
    expect(gesturePreview(r.gesture, new Map(r.notes().map((x) => [x.id, x])), SIXTEENTH)?.get(note.id)).toMatchObject({
      startTick: PPQ,
      pitch: 62,
    });
    expect(r.byPitch(60)).toBeDefined(); // the document is unchanged while dragging
    r.up();
    expect(strip(r.notes())).toEqual([n(62, PPQ), n(64, PPQ)]);
    expect(r.auditions).toEqual([60, 62]);
    r.undoable.undo();
    expect(strip(r.notes())).toEqual([n(60, 0), n(64, PPQ)]);
  });

  it("a move stops at the clip's start and at the top key", () => {
    const r = roll([n(126, SIXTEENTH)]);
    const note = r.byPitch(126);
    r.down(SIXTEENTH, 126, { note });
    r.send({ type: "move", point: rollPoint(-500, -200, S), mods: NONE });
    r.up();
    expect(strip(r.notes())).toEqual([n(127, 0)]);
  });

  it("Ctrl-drag copies the selection (ghosts while dragging) and selects the copies", () => {
    const r = roll([n(60, 0), n(64, 0)]);
    const a = r.byPitch(60);
    const b = r.byPitch(64);
    r.down(0, 60, { note: a, mods: { ...NONE, shift: true } });
    r.down(0, 64, { note: b, mods: { ...NONE, shift: true } });
    r.up();
    expect(r.selected).toEqual(new Set([a.id, b.id]));
    r.down(0, 60, { note: a, mods: { ...NONE, mod: true } });
    r.move(PPQ * 2, 60);
    expect(ghostCopies(r.gesture, new Map(r.notes().map((x) => [x.id, x]))).map((x) => x.startTick)).toEqual([
      PPQ * 2,
      PPQ * 2,
    ]);
    r.up();
    expect(strip(r.notes())).toEqual([n(60, 0), n(64, 0), n(60, PPQ * 2), n(64, PPQ * 2)]);
    expect(r.selected.size).toBe(2);
    expect(r.selected.has(a.id)).toBe(false);
  });

  it("a plain click on one note of a selection narrows the selection to it; Shift-click toggles", () => {
    const r = roll([n(60, 0), n(64, 0)]);
    const [a, b] = [r.byPitch(60), r.byPitch(64)];
    r.down(0, 60, { note: a, mods: { ...NONE, shift: true } });
    r.up();
    r.down(0, 64, { note: b, mods: { ...NONE, shift: true } });
    r.up();
    expect(r.selected.size).toBe(2);
    r.down(0, 64, { note: b, mods: { ...NONE, shift: true } }); // Shift-click a selected note: deselect, no drag
    expect(r.gesture).toBeNull();
    expect(r.selected).toEqual(new Set([a.id]));
    r.down(0, 64, { note: b, mods: { ...NONE, shift: true } });
    r.down(0, 60, { note: a });
    expect(r.selected.size).toBe(2); // still both while the press could become a drag of both
    r.up();
    expect(r.selected).toEqual(new Set([a.id]));
    expect(strip(r.notes())).toEqual([n(60, 0), n(64, 0)]);
  });

  it("a rubber band selects the notes it meets; with Shift it adds to the selection", () => {
    const r = roll([n(60, 0), n(62, PPQ), n(72, PPQ * 2)]);
    r.down(0, 63, { mods: { ...NONE, shift: true } });
    expect(r.gesture?.kind).toBe("box");
    r.move(PPQ + 10, 59);
    r.up();
    expect(r.selected).toEqual(new Set([r.byPitch(60).id, r.byPitch(62).id]));
    const sel = roll([n(60, 0)], { tool: "select" });
    sel.down(PPQ, 70);
    expect(sel.gesture?.kind).toBe("box"); // the select tool bands instead of drawing
  });

  it("right-click deletes the note, or the whole selection it belongs to", () => {
    const r = roll([n(60, 0), n(62, 0), n(64, 0)]);
    const [a, b] = [r.byPitch(60), r.byPitch(62)];
    r.down(0, 60, { note: a, mods: { ...NONE, shift: true } });
    r.down(0, 62, { note: b, mods: { ...NONE, shift: true } });
    r.up();
    r.send({ type: "down", button: 2, point: r.at(0, 62), mods: NONE, note: b, edge: null });
    expect(strip(r.notes())).toEqual([n(64, 0)]);
    expect(r.selected.size).toBe(0);
  });
});

describe("piano-roll gestures: resizing", () => {
  it("dragging the end edge resizes the selection by the same snapped amount; the length is remembered", () => {
    const r = roll([n(60, 0, PPQ)]);
    const note = r.byPitch(60);
    r.down(PPQ, 60, { note, edge: "end" });
    expect(r.gesture?.kind).toBe("resize-end");
    r.move(PPQ * 2 - 5, 60);
    r.up();
    expect(r.notes()[0].durationTicks).toBe(PPQ * 2);
    expect(r.lastLength).toBe(PPQ * 2);
  });

  it("dragging the start edge keeps the end; it cannot pass the end or the clip's start", () => {
    const r = roll([n(60, PPQ, PPQ)]);
    const note = r.byPitch(60);
    r.down(PPQ, 60, { note, edge: "start" });
    r.move(PPQ * 3, 60); // far past the end: stops a sixteenth before it
    r.up();
    expect(strip(r.notes())).toEqual([n(60, PPQ * 2 - SIXTEENTH, SIXTEENTH)]);
    const note2 = r.byPitch(60);
    r.down(note2.startTick, 60, { note: note2, edge: "start" });
    r.send({ type: "move", point: rollPoint(-1000, pitchToY(60, S), S), mods: NONE });
    r.up();
    expect(strip(r.notes())).toEqual([n(60, 0, PPQ * 2)]);
  });
});

describe("piano-roll gestures: who may edit", () => {
  it("a viewer can select and listen but a drag changes nothing and a right-click deletes nothing", () => {
    const r = roll([n(60, 0)], { readOnly: true });
    const note = r.byPitch(60);
    const step = r.down(0, 60, { note });
    expect(step.capture).toBeUndefined();
    expect(r.gesture).toBeNull();
    expect(r.selected).toEqual(new Set([note.id]));
    expect(r.auditions).toEqual([60]);
    r.send({ type: "down", button: 2, point: r.at(0, 60), mods: NONE, note, edge: null });
    expect(r.notes()).toHaveLength(1);
    r.down(PPQ, 70);
    expect(r.gesture?.kind).toBe("box"); // an empty-grid drag selects
  });

  it("double-click adds a note with the select tool only", () => {
    const draw = roll([]);
    draw.send({ type: "double-click", point: draw.at(PPQ, 60), onNote: false });
    expect(draw.notes()).toEqual([]);
    const sel = roll([], { tool: "select" });
    sel.send({ type: "double-click", point: sel.at(PPQ + 50, 60), onNote: false });
    expect(strip(sel.notes())).toEqual([n(60, PPQ)]);
    sel.send({ type: "double-click", point: sel.at(PPQ, 60), onNote: true });
    expect(sel.notes()).toHaveLength(1);
  });
});
