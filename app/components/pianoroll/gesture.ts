import type { Note } from "@bandspace/model";
import type { Tool } from "./editorTypes";
import type { NoteCommand } from "./noteCommands";
import {
  clamp,
  clampMove,
  notesInBox,
  snapClipTick,
  type RollPoint,
  type RollScale,
  type SnapMode,
  type SongSnap,
} from "./geometry";

/**
 * The piano roll's pointer gestures as a pure reducer: (gesture in progress, pointer event, what the roll shows)
 * → (next gesture, model commands, selection, audition). Nothing here touches the DOM or the document, so every
 * rule — drag thresholds, snapping, clamping, what a click selects — is unit tested without a browser.
 */

export const DEFAULT_VELOCITY = 100;
/** Pixels a pointer must travel before a press on a note becomes a move, or a press on the grid a stretch. */
const MOVE_THRESHOLD_PX = 3;
const STRETCH_THRESHOLD_PX = 4;

export type Gesture =
  | { kind: "create"; pitch: number; startTick: number; durationTicks: number; x0: number; stretched: boolean }
  | {
      kind: "move";
      ids: string[];
      anchor: Note;
      x0: number;
      y0: number;
      dt: number;
      dp: number;
      copy: boolean;
      moved: boolean;
      /** Clicked an already-selected note without Shift: on a plain click (no drag) select just it. */
      narrowTo: string | null;
    }
  | ({ kind: "resize-end" } & ResizeDrag)
  | ({ kind: "resize-start" } & ResizeDrag)
  | { kind: "box"; t0: number; p0: number; t1: number; p1: number; additive: boolean; base: ReadonlySet<string> };

/** Dragging the end or the start edge of a note (the selection's notes change by the same delta). */
interface ResizeDrag {
  ids: string[];
  anchor: Note;
  x0: number;
  delta: number;
}

export interface Modifiers {
  shift: boolean;
  /** Ctrl or Cmd. */
  mod: boolean;
  alt: boolean;
}

export type GestureEvent =
  | {
      type: "down";
      button: number;
      point: RollPoint;
      mods: Modifiers;
      /** The note under the pointer, and which of its resize edges (if any) the pointer is on. */
      note: Note | null;
      edge: "start" | "end" | null;
    }
  | { type: "move"; point: RollPoint; mods: Modifiers }
  | { type: "up" }
  | { type: "cancel" }
  | { type: "double-click"; point: RollPoint; onNote: boolean };

/** What the roll shows and knows when an event arrives. */
export interface RollContext {
  notes: readonly Note[];
  notesById: ReadonlyMap<string, Note>;
  selected: ReadonlySet<string>;
  readOnly: boolean;
  tool: Tool;
  scale: RollScale;
  clipStartTick: number;
  /** Snaps song ticks to the chosen grid; null when snapping is off. */
  snapSong: SongSnap | null;
  /** Ticks between grid lines where the clip starts (the shortest note a drag draws); 1 when snapping is off. */
  gridStep: number;
  /** The arrow keys' step and the shortest note a snapped resize leaves: the grid, or a sixteenth when off. */
  stepTicks: number;
  /** The length of the last note drawn or clicked: the next drawn note gets it. */
  lastLength: number | null;
}

export interface GestureStep {
  gesture: Gesture | null;
  commands: NoteCommand[];
  /** The selection to show from now on (absent: unchanged). */
  selection?: ReadonlySet<string>;
  /** A note to sound, as feedback. */
  audition?: { pitch: number; velocity: number };
  lastLength?: number;
  /** Capture the pointer, so the drag continues outside the grid. */
  capture?: boolean;
  /** The press belongs to the roll (no text selection, no native drag). */
  preventDefault?: boolean;
}

const step = (gesture: Gesture | null, extra: Partial<GestureStep> = {}): GestureStep => ({
  gesture,
  commands: [],
  ...extra,
});

export function reduceGesture(g: Gesture | null, ev: GestureEvent, ctx: RollContext): GestureStep {
  switch (ev.type) {
    case "down":
      return pointerDown(g, ev, ctx);
    case "move":
      return g ? pointerMove(g, ev, ctx) : step(null);
    case "up":
      return g ? finish(g, ctx) : step(null);
    case "cancel":
      return step(null);
    case "double-click":
      return doubleClick(g, ev, ctx);
  }
}

function snap(ctx: RollContext, rel: number, mode: SnapMode = "round", free = false): number {
  return snapClipTick(rel, ctx.clipStartTick, ctx.snapSong, mode, free);
}

function pointerDown(g: Gesture | null, ev: Extract<GestureEvent, { type: "down" }>, ctx: RollContext): GestureStep {
  const { note, point: pt, mods } = ev;
  const { selected, readOnly } = ctx;

  if (ev.button === 2) {
    // Right-click deletes (the whole selection when the note is part of it).
    if (!note || readOnly) return step(g);
    const ids = selected.has(note.id) ? [...selected] : [note.id];
    const next = new Set(selected);
    for (const id of ids) next.delete(id);
    return step(g, { commands: [{ kind: "delete", ids }], selection: next });
  }
  if (ev.button !== 0) return step(g);

  if (note) {
    let sel = selected;
    let narrowTo: string | null = null;
    if (mods.shift) {
      const next = new Set(selected);
      if (next.has(note.id)) {
        next.delete(note.id);
        return step(g, { selection: next, preventDefault: true });
      }
      next.add(note.id);
      sel = next;
    } else if (!selected.has(note.id)) {
      sel = new Set([note.id]);
    } else if (selected.size > 1) {
      narrowTo = note.id;
    }
    const common: Partial<GestureStep> = {
      preventDefault: true,
      lastLength: note.durationTicks,
      audition: { pitch: note.pitch, velocity: note.velocity },
      ...(sel !== selected ? { selection: sel } : {}),
    };
    if (readOnly) return step(g, common);
    const ids = [...sel];
    const next: Gesture =
      ev.edge === "end" || ev.edge === "start"
        ? { kind: ev.edge === "end" ? "resize-end" : "resize-start", ...{ ids, anchor: note, x0: pt.x, delta: 0 } }
        : {
            kind: "move",
            ids,
            anchor: note,
            x0: pt.x,
            y0: pt.y,
            dt: 0,
            dp: 0,
            copy: mods.mod,
            moved: false,
            narrowTo,
          };
    return step(next, { ...common, capture: true });
  }

  if (readOnly || ctx.tool === "select" || mods.shift || mods.mod) {
    const box: Gesture = {
      kind: "box",
      t0: pt.tick,
      p0: pt.pitch,
      t1: pt.tick,
      p1: pt.pitch,
      additive: mods.shift || mods.mod,
      base: selected,
    };
    return step(box, { capture: true, preventDefault: true });
  }
  const create: Gesture = {
    kind: "create",
    pitch: pt.pitch,
    startTick: Math.max(0, snap(ctx, pt.tick, "floor")),
    durationTicks: ctx.lastLength ?? ctx.stepTicks,
    x0: pt.x,
    stretched: false,
  };
  return step(create, {
    capture: true,
    preventDefault: true,
    audition: { pitch: pt.pitch, velocity: DEFAULT_VELOCITY },
  });
}

function pointerMove(g: Gesture, ev: Extract<GestureEvent, { type: "move" }>, ctx: RollContext): GestureStep {
  const pt = ev.point;
  // Alt while dragging: off the grid.
  const free = ev.mods.alt;
  const { ppt, rowH } = ctx.scale;
  if (g.kind === "create") {
    const stretched = g.stretched || Math.abs(pt.x - g.x0) > STRETCH_THRESHOLD_PX;
    if (!stretched) return step(g);
    const end = snap(ctx, pt.tick, "ceil", free);
    const min = free ? 1 : ctx.gridStep;
    const durationTicks = Math.max(min, end - g.startTick);
    return step(durationTicks === g.durationTicks && g.stretched ? g : { ...g, stretched, durationTicks });
  }
  if (g.kind === "move") {
    const moved = g.moved || Math.abs(pt.x - g.x0) > MOVE_THRESHOLD_PX || Math.abs(pt.y - g.y0) > MOVE_THRESHOLD_PX;
    if (!moved) return step(g);
    const newStart = snap(ctx, g.anchor.startTick + (pt.x - g.x0) / ppt, "round", free);
    const rawDp = Math.round((g.y0 - pt.y) / rowH);
    const group = g.ids.map((id) => ctx.notesById.get(id)).filter((n): n is Note => !!n);
    const { dt, dp } = clampMove(group, newStart - g.anchor.startTick, rawDp);
    const audition = dp !== g.dp ? { pitch: g.anchor.pitch + dp, velocity: g.anchor.velocity } : undefined;
    const next = dt !== g.dt || dp !== g.dp || !g.moved ? { ...g, dt, dp, moved } : g;
    return step(next, audition ? { audition } : {});
  }
  if (g.kind === "resize-end") {
    const anchorEnd = g.anchor.startTick + g.anchor.durationTicks;
    const delta = snap(ctx, anchorEnd + (pt.x - g.x0) / ppt, "round", free) - anchorEnd;
    return step(delta === g.delta ? g : { ...g, delta });
  }
  if (g.kind === "resize-start") {
    let delta = snap(ctx, g.anchor.startTick + (pt.x - g.x0) / ppt, "round", free) - g.anchor.startTick;
    for (const id of g.ids) {
      const n = ctx.notesById.get(id);
      if (!n) continue;
      const min = Math.min(free ? 1 : ctx.stepTicks, n.durationTicks);
      delta = clamp(delta, -n.startTick, n.durationTicks - min);
    }
    return step(delta === g.delta ? g : { ...g, delta });
  }
  return step({ ...g, t1: pt.tick, p1: pt.pitch });
}

function finish(g: Gesture, ctx: RollContext): GestureStep {
  if (g.kind === "create") {
    if (ctx.readOnly) return step(null);
    const init = { pitch: g.pitch, startTick: g.startTick, durationTicks: g.durationTicks, velocity: DEFAULT_VELOCITY };
    return step(null, {
      commands: [{ kind: "add", notes: [init], selectAdded: true, rememberLength: g.durationTicks }],
    });
  }
  if (g.kind === "move") {
    if (!g.moved) return step(null, g.narrowTo ? { selection: new Set([g.narrowTo]) } : {});
    if (g.dt === 0 && g.dp === 0) return step(null);
    if (!g.copy) return step(null, { commands: [{ kind: "move", ids: g.ids, ticks: g.dt, pitch: g.dp }] });
    const copies = g.ids
      .map((id) => ctx.notesById.get(id))
      .filter((n): n is Note => !!n)
      .map((n) => ({
        pitch: n.pitch + g.dp,
        startTick: n.startTick + g.dt,
        durationTicks: n.durationTicks,
        velocity: n.velocity,
      }));
    return step(null, { commands: [{ kind: "add", notes: copies, selectAdded: true }] });
  }
  if (g.kind === "resize-end" || g.kind === "resize-start") {
    if (g.delta === 0) return step(null);
    const patches = [...(gesturePreview(g, ctx.notesById, ctx.stepTicks)?.values() ?? [])].map((n) =>
      g.kind === "resize-end"
        ? { id: n.id, durationTicks: n.durationTicks }
        : { id: n.id, startTick: n.startTick, durationTicks: n.durationTicks },
    );
    const extra: Partial<GestureStep> = g.kind === "resize-end" ? { lastLength: g.anchor.durationTicks + g.delta } : {};
    return step(null, { ...extra, commands: patches.length > 0 ? [{ kind: "update", patches }] : [] });
  }
  return step(null, { selection: boxSelection(g, ctx.notes) });
}

function doubleClick(
  g: Gesture | null,
  ev: Extract<GestureEvent, { type: "double-click" }>,
  ctx: RollContext,
): GestureStep {
  // In the select tool, a double-click on empty grid adds a note (a single click draws only with the draw tool).
  if (ctx.readOnly || ctx.tool !== "select" || ev.onNote) return step(g);
  const init = {
    pitch: ev.point.pitch,
    startTick: Math.max(0, snap(ctx, ev.point.tick, "floor")),
    durationTicks: ctx.lastLength ?? ctx.stepTicks,
    velocity: DEFAULT_VELOCITY,
  };
  return step(g, { commands: [{ kind: "add", notes: [init], selectAdded: true }] });
}

// ---------- what a gesture in progress looks like ----------

/** The notes a move (not a copy) or resize is changing, as they would be if the pointer were released now. */
export function gesturePreview(
  g: Gesture | null,
  byId: ReadonlyMap<string, Note>,
  stepTicks: number,
): Map<string, Note> | null {
  if (!g || g.kind === "box" || g.kind === "create") return null;
  const out = new Map<string, Note>();
  for (const id of new Set(g.ids)) {
    const n = byId.get(id);
    if (!n) continue;
    if (g.kind === "move") {
      if (g.copy) continue;
      out.set(id, { ...n, startTick: n.startTick + g.dt, pitch: n.pitch + g.dp });
    } else if (g.kind === "resize-end") {
      const min = Math.min(stepTicks, n.durationTicks);
      out.set(id, { ...n, durationTicks: Math.max(min, n.durationTicks + g.delta) });
    } else {
      out.set(id, { ...n, startTick: n.startTick + g.delta, durationTicks: n.durationTicks - g.delta });
    }
  }
  return out;
}

/** The copies a Ctrl-drag would make, drawn as ghosts while dragging. */
export function ghostCopies(g: Gesture | null, byId: ReadonlyMap<string, Note>): Note[] {
  if (!g || g.kind !== "move" || !g.copy || !g.moved) return [];
  return g.ids
    .map((id) => byId.get(id))
    .filter((n): n is Note => !!n)
    .map((n) => ({ ...n, id: `copy-${n.id}`, startTick: n.startTick + g.dt, pitch: n.pitch + g.dp }));
}

/** The selection a rubber band makes: the notes it meets, plus the earlier selection when it was additive. */
export function boxSelection(g: Extract<Gesture, { kind: "box" }>, notes: readonly Note[]): Set<string> {
  const next = new Set(g.additive ? g.base : []);
  for (const id of notesInBox(notes, { tick0: g.t0, tick1: g.t1, pitch0: g.p0, pitch1: g.p1 })) next.add(id);
  return next;
}
