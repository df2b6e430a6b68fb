"use client";

import { useEffect, useRef } from "react";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { isForeignTarget } from "../tracks/useTrackShortcuts";
import { useEditActions } from "./useEditActions";

/**
 * Clip editing keys (issue 19), in the capture phase so they win over the track list's keys for the same press
 * when clips are selected: S split the selected clips at the playhead (with no clip selection S still solos the
 * selected track) · G glue · ←/→ nudge by the grid · Ctrl/⌘+C copy · Ctrl/⌘+V paste at the playhead (on the
 * selected track when it is of the copied kind) · B the split tool on/off · Shift+R reverse the selected audio
 * clips · Q quantize their starts to the grid. Read-only links change nothing.
 */
export function useEditShortcuts(selectedTrackId: string | null): void {
  const { canEditSong } = useStudio();
  const { ui } = useArrangementContext();
  const actions = useEditActions();
  const live = useRef({ actions, canEditSong, selectedTrackId });
  useEffect(() => {
    live.current = { actions, canEditSong, selectedTrackId };
  });

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey) return;
      if (isForeignTarget(e.target) || document.querySelector("dialog[open]")) return;
      if (e.target instanceof HTMLElement && e.target.closest("[data-own-shortcuts]")) return;
      const { actions: a, canEditSong: canEdit, selectedTrackId: trackId } = live.current;
      const mod = e.ctrlKey || e.metaKey;
      const hasClips = ui.get().selection?.kind === "clip";
      const handled = () => {
        e.preventDefault();
        e.stopPropagation();
      };
      if (mod) {
        if (e.shiftKey || e.repeat) return;
        if ((e.key === "c" || e.key === "C") && hasClips) {
          handled();
          a.copySelection();
        } else if ((e.key === "v" || e.key === "V") && ui.clipboard) {
          handled();
          if (canEdit) a.pasteAtPlayhead(trackId);
        }
        return;
      }
      if (e.shiftKey) {
        // Shift+R reverses the selected audio clips (R alone records).
        if ((e.key === "R" || e.key === "r") && hasClips && !e.repeat) {
          if (a.selected().audio.length === 0) return;
          handled();
          if (canEdit) a.reverseSelection();
        }
        return;
      }
      switch (e.key) {
        case "q":
        case "Q":
          if (!hasClips || e.repeat || a.selected().audio.length === 0) return;
          handled();
          if (canEdit) a.quantizeSelection();
          return;
        case "s":
        case "S":
          if (!hasClips || e.repeat) return;
          handled();
          if (canEdit) a.splitSelectionAtPlayhead();
          return;
        case "g":
        case "G":
          if (!hasClips || e.repeat) return;
          handled();
          if (canEdit) a.glueSelection();
          return;
        case "ArrowLeft":
        case "ArrowRight":
          if (!hasClips) return;
          handled();
          if (canEdit) a.nudgeSelection(e.key === "ArrowLeft" ? -1 : 1);
          return;
        case "b":
        case "B":
          if (e.repeat || !canEdit) return;
          handled();
          ui.set({ tool: ui.get().tool === "split" ? "pointer" : "split" });
          return;
      }
    };
    window.addEventListener("keydown", onKeyDown, true);
    return () => window.removeEventListener("keydown", onKeyDown, true);
  }, [ui]);
}
