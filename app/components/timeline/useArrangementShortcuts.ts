"use client";

import { useEffect, useRef } from "react";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { isForeignTarget } from "../tracks/useTrackShortcuts";
import type { TimelineActions } from "./useTimelineActions";

/**
 * Transport and timeline keys (capture phase, so they win over the track list's keys for the same press):
 * Space play/pause · R record (stop) on the armed track · Home (or numpad Enter) to start · L loop · M metronome · [ ] previous/next section ·
 * Delete selected clips/sections · Ctrl/⌘+D duplicate them · Esc deselect · + / − zoom · Z zoom to fit.
 * Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo (my own edits).
 * Inside a panel marked `data-own-shortcuts` (the clip editor, the song sheet) only Space and undo/redo stay global.
 */
export function useArrangementShortcuts(actions: TimelineActions, zoomToFit: () => void): void {
  const { canEditSong, undo } = useStudio();
  const { transport, recording, ui, view } = useArrangementContext();
  const live = useRef({ actions, zoomToFit, canEditSong });
  useEffect(() => {
    live.current = { actions, zoomToFit, canEditSong };
  });

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey) return;
      if (isForeignTarget(e.target) || document.querySelector("dialog[open]")) return;
      const { actions: a, canEditSong: canEdit } = live.current;
      const mod = e.ctrlKey || e.metaKey;
      const handled = () => {
        e.preventDefault();
        e.stopPropagation();
      };

      if (e.code === "Space" && !mod) {
        handled();
        if (!e.repeat) transport.toggle();
        return;
      }
      if (mod && !e.repeat && (e.key === "z" || e.key === "Z" || e.key === "y" || e.key === "Y")) {
        handled();
        if (!canEdit) return;
        if ((e.key === "z" || e.key === "Z") && !e.shiftKey) undo.undo();
        else undo.redo();
        return;
      }
      const inPanel = e.target instanceof HTMLElement && !!e.target.closest("[data-own-shortcuts]");
      if (inPanel) return;

      if (mod) {
        if ((e.key === "d" || e.key === "D") && !e.shiftKey && ui.get().selection) {
          handled();
          if (canEdit) a.duplicateSelection();
        }
        return;
      }
      switch (e.key) {
        case "Home":
          handled();
          transport.returnToStart();
          view.reveal(0);
          return;
        case "Enter":
          if (e.code === "NumpadEnter") {
            handled();
            transport.returnToStart();
            view.reveal(0);
          }
          return;
        case "r":
        case "R":
          if (e.shiftKey || !canEdit) return;
          handled();
          if (!e.repeat) void recording.record();
          return;
        case "l":
        case "L":
          if (e.shiftKey) return;
          handled();
          transport.setLoop(!transport.state.get().loop);
          return;
        case "m":
        case "M":
          if (e.shiftKey) return;
          handled();
          transport.setMetronome(!transport.state.get().metronome);
          return;
        case "x":
        case "X":
          if (e.shiftKey) return;
          handled();
          ui.set({ mixerOpen: !ui.get().mixerOpen });
          return;
        case "[":
          handled();
          a.jumpSection(-1);
          return;
        case "]":
          handled();
          a.jumpSection(1);
          return;
        case "+":
        case "=":
          handled();
          view.zoomBy(1.4);
          return;
        case "-":
        case "_":
          handled();
          view.zoomBy(1 / 1.4);
          return;
        case "z":
        case "Z":
          if (e.shiftKey) return;
          handled();
          live.current.zoomToFit();
          return;
        case "Delete":
        case "Backspace":
          if (!ui.get().selection) return;
          handled();
          if (canEdit) a.deleteSelection();
          return;
        case "Escape":
          if (!ui.get().selection) return;
          handled();
          ui.select(null);
          return;
      }
    };
    const onKeyUp = (e: KeyboardEvent) => {
      // A focused button would "click" on Space's keyup: the press already toggled playback.
      if (e.code === "Space" && !isForeignTarget(e.target)) e.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown, true);
    window.addEventListener("keyup", onKeyUp, true);
    return () => {
      window.removeEventListener("keydown", onKeyDown, true);
      window.removeEventListener("keyup", onKeyUp, true);
    };
  }, [transport, recording, ui, view, undo]);
}
