"use client";

import {
  useMemo,
  type MouseEvent as ReactMouseEvent,
  type PointerEvent as ReactPointerEvent,
  type RefObject,
} from "react";
import {
  addMidiClip,
  copyMidiClips,
  moveClip,
  pasteMidiClips,
  resizeClip,
  snapTicks,
  type MidiClip,
  type Track,
} from "@bandspace/model";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { beginDrag } from "./drag";
import type { ClipGhost, GhostStore } from "./ghosts";
import { selectByMarquee } from "./marqueeSelect";
import type { MarqueeStore } from "./editPreview";
import { rowIndexAt, trackRowBoxes } from "./rowBoxes";
import { useEditActions } from "./useEditActions";
import { useEditStep } from "./useEditStep";

export type ClipDragMode = "move" | "start" | "end";

export interface ClipInteractions {
  /** Press on an empty lane: drag to draw a clip (instrument tracks), click to deselect. */
  lanePointerDown: (e: ReactPointerEvent<HTMLElement>, track: Track) => void;
  /** Double-click on an empty lane: a one-bar clip at the snapped position. */
  laneDoubleClick: (e: ReactMouseEvent<HTMLElement>, track: Track) => void;
  clipPointerDown: (e: ReactPointerEvent<HTMLElement>, clip: MidiClip, mode: ClipDragMode) => void;
  clipDoubleClick: (clip: MidiClip) => void;
  clipContextMenu: (e: ReactMouseEvent<HTMLElement>, clip: MidiClip) => void;
}

const isMac = () => typeof navigator !== "undefined" && /Mac|iP(hone|ad)/.test(navigator.platform);

function markDragging(ids: string[], on: boolean): void {
  for (const id of ids) {
    document
      .querySelector(`[data-testid="clip"][data-clip-id="${CSS.escape(id)}"]`)
      ?.toggleAttribute("data-dragging", on);
  }
}

/**
 * Pointer gestures on the track lanes: draw, select, move (also to another instrument track), resize, with the
 * toolbar's snap. Previews are ghosts (no document writes while dragging); one edit is made on release.
 */
export function useClipInteractions({
  tracks,
  rowsRef,
  ghosts,
  marquee,
  onContextMenu,
}: {
  tracks: readonly Track[];
  rowsRef: RefObject<HTMLElement | null>;
  ghosts: GhostStore;
  marquee: MarqueeStore;
  onContextMenu: (clip: MidiClip, x: number, y: number) => void;
}): ClipInteractions {
  const { connection, canEditSong, edit } = useStudio();
  const { view, ui, transport } = useArrangementContext();
  const editActions = useEditActions();
  const editStep = useEditStep();

  return useMemo<ClipInteractions>(() => {
    const arr = () => connection.arrangement.get();
    const grid = () => ui.get().snap;
    const snap = (t: number, mode: "round" | "floor" | "ceil" = "round") => snapTicks(t, grid(), arr().tempoMap, mode);
    /** The smallest clip: one grid step (a beat with snap off). */
    const minLen = () => {
      const map = arr().tempoMap;
      return grid() === "off" ? map.ticksPerBeat / 4 : Math.max(1, snapTicks(1, grid(), map, "ceil"));
    };
    const xToTick = (clientX: number) => {
      const rows = rowsRef.current;
      const lane = rows?.querySelector<HTMLElement>("[data-testid='track-lane']");
      const left = lane ? lane.getBoundingClientRect().left : 0;
      return view.xToTick(clientX - left);
    };
    const autoScroll = {
      bounds: () => {
        const lane = rowsRef.current?.querySelector<HTMLElement>("[data-testid='track-lane']");
        return lane ? lane.getBoundingClientRect() : { left: 0, right: window.innerWidth };
      },
      scrollBy: (dx: number) => view.scrollBy(dx),
    };
    const rowBoxes = () => (rowsRef.current ? trackRowBoxes(rowsRef.current, rowsRef.current) : []);
    const rowAt = (clientY: number): number => {
      const rows = rowsRef.current;
      if (!rows) return -1;
      return rowIndexAt(rowBoxes(), clientY - rows.getBoundingClientRect().top);
    };
    /** A ghost's top in the rows container (the ghost layer's origin). */
    const rowTop = (index: number) => rowBoxes()[index]?.top ?? 0;
    const indexOf = (trackId: string) => tracks.findIndex((t) => t.id === trackId);
    const colorOf = (trackId: string) => tracks.find((t) => t.id === trackId)?.color ?? "#888888";

    const api: ClipInteractions = {
      lanePointerDown(e, track) {
        if (e.button !== 0) return;
        const additive = e.shiftKey || (isMac() ? e.metaKey : e.ctrlKey);
        const before = additive ? (ui.get().selection?.kind === "clip" ? ui.get().selection!.ids : []) : [];
        if (!additive) ui.select(null);
        // Empty audio lanes (and any lane with Alt, or for read-only links) take a marquee: select across tracks.
        if (!canEditSong || track.kind !== "instrument" || e.altKey) {
          e.preventDefault();
          selectByMarquee(e, { rows: rowsRef.current, before, ui, marquee, autoScroll });
          return;
        }
        e.preventDefault();
        const anchor = xToTick(e.clientX);
        const top = rowTop(indexOf(track.id));
        let range: { startTick: number; lengthTicks: number } | null = null;
        beginDrag(e, {
          autoScroll,
          move: (_dx, _dy, ev) => {
            const t = xToTick(ev.clientX);
            const a = Math.max(0, snap(Math.min(anchor, t), "floor"));
            const b = snap(Math.max(anchor, t), "ceil");
            range = { startTick: a, lengthTicks: Math.max(b - a, minLen()) };
            ghosts.set([{ key: "draw", top, ...range, color: track.color, label: "New clip" }]);
          },
          end: () => {
            ghosts.set(null);
            const r = range;
            if (!r) return;
            const clip = edit((doc, origin) =>
              addMidiClip(doc, { trackId: track.id, startTick: r.startTick, lengthTicks: r.lengthTicks }, origin),
            );
            if (clip) ui.select({ kind: "clip", ids: [clip.id] });
          },
          cancel: () => ghosts.set(null),
        });
      },

      laneDoubleClick(e, track) {
        if (!canEditSong || track.kind !== "instrument") return;
        const map = arr().tempoMap;
        const start = Math.max(0, snapTicks(xToTick(e.clientX), grid() === "off" ? "beat" : grid(), map, "floor"));
        const clip = edit((doc, origin) =>
          addMidiClip(doc, { trackId: track.id, startTick: start, lengthTicks: map.ticksPerBar }, origin),
        );
        if (clip) ui.select({ kind: "clip", ids: [clip.id] });
      },

      clipPointerDown(e, clip, mode) {
        if (e.button !== 0) return;
        e.stopPropagation();
        if (ui.get().tool === "split") {
          // The split tool: a click cuts the clip where it lands (snapped; Shift for anywhere).
          e.preventDefault();
          const raw = xToTick(e.clientX);
          if (canEditSong) editActions.splitAt(clip.id, e.shiftKey || grid() === "off" ? Math.round(raw) : snap(raw));
          return;
        }
        const additive = e.shiftKey || (isMac() ? e.metaKey : e.ctrlKey);
        if (additive) {
          ui.toggle("clip", clip.id);
          return;
        }
        const wasSelected = ui.isSelected("clip", clip.id);
        if (!wasSelected) ui.select({ kind: "clip", ids: [clip.id] });
        if (!canEditSong) return;
        e.preventDefault();

        const sel = ui.get().selection;
        const ids = mode === "move" && sel?.kind === "clip" ? sel.ids.filter((id) => arr().clips.has(id)) : [clip.id];
        const originals = ids.map((id) => arr().clips.get(id)!).filter(Boolean);
        const tick0 = xToTick(e.clientX);
        const copy = mode === "move" && e.altKey;
        const row0 = indexOf(clip.trackId);
        // Measured once: rows do not move during a drag.
        const tops = rowBoxes().map((b) => b.top);
        const end0 = clip.startTick + clip.lengthTicks;
        let plan: { id: string; trackId: string; startTick: number; lengthTicks: number }[] | null = null;

        beginDrag(e, {
          autoScroll,
          start: () => markDragging(ids, true),
          move: (_dx, _dy, ev) => {
            const delta = xToTick(ev.clientX) - tick0;
            if (mode === "move") {
              // Snap the pressed clip's start; move the others by the same amount.
              const shift = Math.max(snap(clip.startTick + delta), 0) - clip.startTick;
              const minStart = Math.min(...originals.map((c) => c.startTick));
              const dTicks = Math.max(shift, -minStart);
              const target = rowAt(ev.clientY);
              let dRows = target >= 0 ? Math.min(Math.max(target, 0), tracks.length - 1) - row0 : 0;
              // Only onto instrument tracks: keep every moved clip on one.
              if (originals.some((c) => tracks[indexOf(c.trackId) + dRows]?.kind !== "instrument")) dRows = 0;
              plan = originals.map((c) => ({
                id: c.id,
                trackId: tracks[indexOf(c.trackId) + dRows].id,
                startTick: c.startTick + dTicks,
                lengthTicks: c.lengthTicks,
              }));
            } else if (mode === "start") {
              const start = Math.max(0, Math.min(snap(clip.startTick + delta), end0 - minLen()));
              plan = [{ id: clip.id, trackId: clip.trackId, startTick: start, lengthTicks: end0 - start }];
            } else {
              const end = Math.max(snap(end0 + delta), clip.startTick + minLen());
              plan = [
                { id: clip.id, trackId: clip.trackId, startTick: clip.startTick, lengthTicks: end - clip.startTick },
              ];
            }
            ghosts.set(
              plan.map<ClipGhost>((p) => ({
                key: p.id,
                top: tops[indexOf(p.trackId)] ?? 0,
                startTick: p.startTick,
                lengthTicks: p.lengthTicks,
                color: colorOf(p.trackId),
                label: copy ? "Copy" : (arr().clips.get(p.id)?.name ?? ""),
              })),
            );
          },
          end: () => {
            markDragging(ids, false);
            ghosts.set(null);
            const p = plan;
            if (!p) return;
            if (copy) {
              // Alt-drag: copies land where the ghosts are; the originals stay.
              const created = editStep((doc, origin) =>
                p.flatMap((s) =>
                  pasteMidiClips(doc, copyMidiClips(doc, [s.id]), { tick: s.startTick, trackId: s.trackId }, origin),
                ),
              );
              if (created) ui.select({ kind: "clip", ids: created.map((c) => c.id) });
              return;
            }
            editStep((doc, origin) => {
              for (const step of p) {
                const before = originals.find((c) => c.id === step.id);
                if (!before) continue;
                if (mode === "move") {
                  if (before.startTick === step.startTick && before.trackId === step.trackId) continue;
                  moveClip(doc, step.id, { startTick: step.startTick, trackId: step.trackId }, origin);
                } else if (before.startTick !== step.startTick || before.lengthTicks !== step.lengthTicks) {
                  resizeClip(
                    doc,
                    step.id,
                    mode === "start"
                      ? { startTick: step.startTick, lengthTicks: step.lengthTicks }
                      : { lengthTicks: step.lengthTicks },
                    origin,
                  );
                }
              }
            });
          },
          cancel: () => {
            markDragging(ids, false);
            ghosts.set(null);
          },
          click: () => {
            if (wasSelected) ui.select({ kind: "clip", ids: [clip.id] });
          },
        });
      },

      clipDoubleClick(clip) {
        ui.select({ kind: "clip", ids: [clip.id] });
        ui.set({ openClipId: clip.id });
        void transport.ensureEngine(); // a gesture: the editor can sound notes at once
      },

      clipContextMenu(e, clip) {
        e.preventDefault();
        e.stopPropagation();
        if (!ui.isSelected("clip", clip.id)) ui.select({ kind: "clip", ids: [clip.id] });
        onContextMenu(clip, e.clientX, e.clientY);
      },
    };
    return api;
  }, [
    connection,
    canEditSong,
    edit,
    view,
    ui,
    transport,
    tracks,
    rowsRef,
    ghosts,
    marquee,
    onContextMenu,
    editActions,
    editStep,
  ]);
}
