import type { Note } from "@bandspace/model";
import { clampMove, selectionSpan } from "./geometry";
import type { NoteCommand } from "./noteCommands";

/** A key press, stripped of the DOM. */
export interface KeyPress {
  key: string;
  shift: boolean;
  /** Ctrl or Cmd. */
  mod: boolean;
}

export interface ShortcutContext {
  notes: readonly Note[];
  selected: ReadonlySet<string>;
  readOnly: boolean;
  /** Ticks an arrow key moves notes by. */
  stepTicks: number;
  /** A drag is in progress (Escape cancels it before it clears the selection). */
  gestureActive: boolean;
}

export interface ShortcutResult {
  commands: NoteCommand[];
  selection?: ReadonlySet<string>;
  audition?: { pitch: number; velocity: number };
  cancelGesture?: boolean;
}

/**
 * The piano roll's keys: Escape, Ctrl+A, arrows (Shift: octave), Delete/Backspace, Ctrl+D. Returns null for a
 * key the roll does not own (it then reaches the editor's and the studio's shortcuts); a key the roll owns but
 * cannot apply now (nothing selected, read-only arrows) is still consumed, so it does not scroll the page.
 */
export function rollShortcut(k: KeyPress, ctx: ShortcutContext): ShortcutResult | null {
  const { notes, selected, readOnly, stepTicks } = ctx;
  const none: ShortcutResult = { commands: [] };
  const sel = notes.filter((n) => selected.has(n.id));
  const letter = k.key.toLowerCase();

  if (k.key === "Escape") {
    if (ctx.gestureActive) return { commands: [], cancelGesture: true };
    return selected.size > 0 ? { commands: [], selection: new Set() } : none;
  }
  if (k.mod && letter === "a") return { commands: [], selection: new Set(notes.map((n) => n.id)) };
  if (k.key.startsWith("Arrow")) {
    if (readOnly || sel.length === 0) return none;
    let dt = 0;
    let dp = 0;
    if (k.key === "ArrowUp") dp = k.shift ? 12 : 1;
    if (k.key === "ArrowDown") dp = k.shift ? -12 : -1;
    if (k.key === "ArrowRight") dt = stepTicks;
    if (k.key === "ArrowLeft") dt = -stepTicks;
    const c = clampMove(sel, dt, dp);
    if (c.dt === 0 && c.dp === 0) return none;
    const audition =
      c.dp !== 0 && sel.length === 1 ? { pitch: sel[0].pitch + c.dp, velocity: sel[0].velocity } : undefined;
    return {
      commands: [{ kind: "move", ids: [...selected], ticks: c.dt, pitch: c.dp }],
      ...(audition ? { audition } : {}),
    };
  }
  if (readOnly) return null;
  if (k.key === "Delete" || k.key === "Backspace") {
    if (sel.length === 0) return none;
    return { commands: [{ kind: "delete", ids: sel.map((n) => n.id) }], selection: new Set() };
  }
  if (k.mod && letter === "d") {
    if (sel.length === 0) return none;
    const span = selectionSpan(sel, stepTicks);
    const copies = sel.map((n) => ({
      pitch: n.pitch,
      startTick: n.startTick + span.length,
      durationTicks: n.durationTicks,
      velocity: n.velocity,
    }));
    return { commands: [{ kind: "add", notes: copies, selectAdded: true }] };
  }
  return null;
}
