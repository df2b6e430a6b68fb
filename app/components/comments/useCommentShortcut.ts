"use client";

import { useEffect } from "react";
import type { CommentAnchorInit } from "@bandspace/model";
import type { SessionConnection } from "../../lib/collab/SessionConnection";
import type { TransportController } from "../../lib/engine/TransportController";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import type { ArrangementUI } from "../timeline/uiStore";
import { isForeignTarget } from "../tracks/useTrackShortcuts";

/**
 * Where "comment at the playhead" points, from the selection: one selected clip → on that clip (at the playhead
 * if it is inside the clip, else over the whole clip; the pin then follows the clip); one selected section →
 * over the section; otherwise at the playhead on the whole song.
 */
export function draftAtPlayhead(
  connection: SessionConnection,
  ui: ArrangementUI,
  transport: TransportController,
): CommentAnchorInit {
  const tick = Math.max(0, Math.round(transport.positionTick()));
  const sel = ui.get().selection;
  const arrangement = connection.arrangement.get();
  if (sel?.kind === "clip" && sel.ids.length === 1) {
    const clip = arrangement.clips.get(sel.ids[0]);
    if (clip && tick >= clip.startTick && tick < clip.startTick + clip.lengthTicks)
      return { startTick: tick, clipId: clip.id };
    if (clip) return { startTick: clip.startTick, endTick: clip.startTick + clip.lengthTicks, clipId: clip.id };
  }
  if (sel?.kind === "section" && sel.ids.length === 1) {
    const section = arrangement.sections.find((s) => s.id === sel.ids[0]);
    if (section) return { startTick: section.startTick, endTick: section.startTick + section.lengthTicks };
  }
  return { startTick: tick };
}

/** C: open the comments panel with a new comment at the playhead (comment, edit and owner links). */
export function useCommentShortcut(): void {
  const { connection } = useStudio();
  const { ui, transport } = useArrangementContext();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (e.key !== "c" && e.key !== "C") return;
      if (isForeignTarget(e.target) || document.querySelector("dialog[open]")) return;
      if (e.target instanceof HTMLElement && e.target.closest("[data-own-shortcuts]")) return;
      e.preventDefault();
      if (!connection.canWrite("comments")) {
        ui.set({ commentsPanelOpen: true });
        return;
      }
      ui.set({ commentsPanelOpen: true, commentDraft: draftAtPlayhead(connection, ui, transport) });
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [connection, ui, transport]);
}
