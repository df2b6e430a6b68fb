"use client";

import { useCallback, useRef, useState } from "react";
import type { Note } from "@bandspace/model";
import type { Commit, Tool } from "./editorTypes";
import { DEFAULT_VELOCITY, reduceGesture, type Gesture, type GestureEvent, type RollContext } from "./gesture";
import { noteEdgeAt, rollPoint, type RollScale, type SongSnap } from "./geometry";
import { runNoteCommand, type NoteCommand } from "./noteCommands";
import { useRollShortcuts } from "./useRollShortcuts";

/** What the reducers ask for besides the gesture itself. */
interface Effects {
  commands: NoteCommand[];
  selection?: ReadonlySet<string>;
  audition?: { pitch: number; velocity: number };
}

const noteUnder = (target: EventTarget) => (target as HTMLElement).closest<HTMLElement>("[data-note-id]");
const modifiers = (e: React.PointerEvent) => ({ shift: e.shiftKey, mod: e.ctrlKey || e.metaKey, alt: e.altKey });

/**
 * Connects the grid's pointer events and the roll's keys to the pure reducers (`reduceGesture`, `rollShortcut`)
 * and carries out what they return: model commands through `commit`, selection, audition, pointer capture.
 */
export function useRollGestures(args: {
  clipId: string;
  clipStartTick: number;
  notes: readonly Note[];
  notesById: ReadonlyMap<string, Note>;
  selected: ReadonlySet<string>;
  setSelected: (ids: ReadonlySet<string>) => void;
  readOnly: boolean;
  tool: Tool;
  scale: RollScale;
  snapSong: SongSnap | null;
  gridStep: number;
  stepTicks: number;
  commit: Commit;
  audition: (pitch: number, velocity?: number) => void;
  rootRef: React.RefObject<HTMLDivElement | null>;
  gridRef: React.RefObject<HTMLDivElement | null>;
}) {
  const { clipId, notes, notesById, selected, setSelected, readOnly, scale, stepTicks, commit, audition } = args;
  const { rootRef, gridRef } = args;
  const [gesture, setGestureState] = useState<Gesture | null>(null);
  // Pointer and playhead callbacks read the gesture between renders.
  const gestureRef = useRef<Gesture | null>(null);
  const setGesture = useCallback((g: Gesture | null) => {
    gestureRef.current = g;
    setGestureState(g);
  }, []);
  const [hoverPitch, setHoverPitch] = useState<number | null>(null);
  const [hoverEdge, setHoverEdge] = useState<"start" | "end" | null>(null);
  const lastLength = useRef<number | null>(null);

  const hear = useCallback((pitch: number, velocity = DEFAULT_VELOCITY) => audition(pitch, velocity), [audition]);

  const apply = useCallback(
    (r: Effects) => {
      if (r.selection) setSelected(r.selection);
      for (const cmd of r.commands) {
        const added = runNoteCommand(cmd, clipId, commit);
        if (cmd.kind !== "add" || !added) continue;
        if (cmd.rememberLength !== undefined) lastLength.current = cmd.rememberLength;
        if (cmd.selectAdded) setSelected(new Set(added.map((n) => n.id)));
      }
      if (r.audition) hear(r.audition.pitch, r.audition.velocity);
    },
    [clipId, commit, setSelected, hear],
  );

  const dispatch = (ev: GestureEvent, e: React.PointerEvent<HTMLDivElement> | React.MouseEvent<HTMLDivElement>) => {
    const ctx: RollContext = {
      notes,
      notesById,
      selected,
      readOnly,
      tool: args.tool,
      scale,
      clipStartTick: args.clipStartTick,
      snapSong: args.snapSong,
      gridStep: args.gridStep,
      stepTicks,
      lastLength: lastLength.current,
    };
    const current = gestureRef.current;
    const result = reduceGesture(current, ev, ctx);
    if (result.preventDefault) e.preventDefault();
    if (result.capture && "pointerId" in e) gridRef.current?.setPointerCapture(e.pointerId);
    if (result.lastLength !== undefined) lastLength.current = result.lastLength;
    if (result.gesture !== current) setGesture(result.gesture);
    apply(result);
  };

  const pointAt = (clientX: number, clientY: number) => {
    const r = gridRef.current!.getBoundingClientRect();
    return rollPoint(clientX - r.left, clientY - r.top, scale);
  };

  const finish = (e: React.PointerEvent<HTMLDivElement>, cancelled: boolean) => {
    if (gridRef.current?.hasPointerCapture(e.pointerId)) gridRef.current.releasePointerCapture(e.pointerId);
    dispatch({ type: cancelled ? "cancel" : "up" }, e);
  };

  const gridHandlers = {
    onPointerDown: (e: React.PointerEvent<HTMLDivElement>) => {
      rootRef.current?.focus({ preventScroll: true });
      const noteEl = noteUnder(e.target);
      const note = noteEl ? (notesById.get(noteEl.dataset.noteId!) ?? null) : null;
      const edge = note && noteEl ? noteEdgeAt(noteEl.getBoundingClientRect(), e.clientX) : null;
      const point = pointAt(e.clientX, e.clientY);
      dispatch({ type: "down", button: e.button, point, mods: modifiers(e), note, edge }, e);
    },
    onPointerMove: (e: React.PointerEvent<HTMLDivElement>) => {
      const point = pointAt(e.clientX, e.clientY);
      if (point.pitch !== hoverPitch) setHoverPitch(point.pitch);
      if (!gestureRef.current) {
        // Resize cursor over note edges (hit-tested here rather than with two handle elements per note).
        const noteEl = readOnly ? null : noteUnder(e.target);
        const edge = noteEl ? noteEdgeAt(noteEl.getBoundingClientRect(), e.clientX) : null;
        if (edge !== hoverEdge) setHoverEdge(edge);
        return;
      }
      dispatch({ type: "move", point, mods: modifiers(e) }, e);
    },
    onPointerUp: (e: React.PointerEvent<HTMLDivElement>) => finish(e, false),
    onPointerCancel: (e: React.PointerEvent<HTMLDivElement>) => finish(e, true),
    onPointerLeave: () => {
      setHoverPitch(null);
      setHoverEdge(null);
    },
    onDoubleClick: (e: React.MouseEvent<HTMLDivElement>) =>
      dispatch({ type: "double-click", point: pointAt(e.clientX, e.clientY), onNote: !!noteUnder(e.target) }, e),
    onContextMenu: (e: React.MouseEvent<HTMLDivElement>) => e.preventDefault(),
  };

  const onKeyDown = useRollShortcuts(
    { notes, selected, readOnly, stepTicks, gestureActive: gesture !== null },
    useCallback(
      (r) => {
        if (r.cancelGesture) setGesture(null);
        apply(r);
      },
      [apply, setGesture],
    ),
  );

  return { gesture, gestureRef, hoverPitch, hoverEdge, hear, gridHandlers, onKeyDown };
}
