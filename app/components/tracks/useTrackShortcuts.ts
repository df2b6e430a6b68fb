"use client";

import { useEffect, useRef } from "react";
import type { Track, TrackKind } from "@bandspace/model";
import type { TrackRowActions } from "./TrackRow";

interface Options {
  enabled: boolean;
  canEdit: boolean;
  tracks: Track[];
  selectedId: string | null;
  renaming: boolean;
  select: (id: string | null) => void;
  actions: TrackRowActions & { add: (kind: TrackKind) => void };
  toggleHelp: () => void;
  /** This listener's solo (every role). */
  toggleSolo: (id: string, exclusive: boolean) => void;
  /** The shared mute (edit roles). */
  toggleMute: (id: string) => void;
  /** Shows/hides an audio track's take lanes (a view choice: every role). */
  toggleTakeLanes: (id: string) => void;
}

/** Is the key press aimed at something else (a text field, a menu, a dialog)? Then shortcuts stay out of it. */
export function isForeignTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest("input, textarea, select, [contenteditable='true']")) return true;
  if (target.closest("dialog[open], [role='dialog'], [role='menu']")) return true;
  return false;
}

/**
 * Track shortcuts: T / Shift+T add, ↑/↓ select, Alt+↑/↓ move, F2 or Enter rename, Delete/Backspace delete
 * (asks first), S solos (Alt+S: only this one), Shift+M mutes, Alt+T take lanes, Esc clears, ? shows help.
 */
export function useTrackShortcuts(options: Options): void {
  const ref = useRef(options);
  useEffect(() => {
    ref.current = options;
  });

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const o = ref.current;
      if (!o.enabled || e.defaultPrevented || e.ctrlKey || e.metaKey) return;
      if (isForeignTarget(e.target) || document.querySelector("dialog[open]")) return;
      // The clip editor and song-sheet panels keep their own keys.
      if (e.target instanceof HTMLElement && e.target.closest("[data-own-shortcuts]")) return;
      const onButton = e.target instanceof HTMLElement && !!e.target.closest("button, a");
      const { tracks, selectedId } = o;
      const index = selectedId ? tracks.findIndex((t) => t.id === selectedId) : -1;

      if (e.key === "?") {
        e.preventDefault();
        o.toggleHelp();
        return;
      }
      if (e.key === "ArrowUp" || e.key === "ArrowDown") {
        if (tracks.length === 0) return;
        e.preventDefault();
        const dir = e.key === "ArrowUp" ? -1 : 1;
        if (e.altKey) {
          if (o.canEdit && selectedId) o.actions.move(selectedId, dir);
          return;
        }
        const next =
          index < 0 ? (dir > 0 ? 0 : tracks.length - 1) : Math.min(tracks.length - 1, Math.max(0, index + dir));
        o.select(tracks[next].id);
        return;
      }
      if (e.key === "Escape") {
        if (selectedId) {
          e.preventDefault();
          o.select(null);
        }
        return;
      }
      if (
        (e.key === "s" || e.key === "S" || e.code === "KeyS") &&
        !e.shiftKey &&
        !e.repeat &&
        selectedId &&
        !o.renaming
      ) {
        e.preventDefault();
        o.toggleSolo(selectedId, e.altKey);
        return;
      }
      if (e.code === "KeyT" && e.altKey && !e.shiftKey && !e.repeat && selectedId && !o.renaming) {
        if (tracks[index]?.kind !== "audio") return;
        e.preventDefault();
        o.toggleTakeLanes(selectedId);
        return;
      }
      if (!o.canEdit || e.altKey) return;
      if (e.key === "M" && e.shiftKey && !e.repeat && selectedId && !o.renaming) {
        e.preventDefault();
        o.toggleMute(selectedId);
        return;
      }
      if ((e.key === "t" || e.key === "T") && !e.repeat) {
        e.preventDefault();
        o.actions.add(e.shiftKey ? "instrument" : "audio");
        return;
      }
      if (!selectedId || o.renaming) return;
      if (e.key === "F2" || (e.key === "Enter" && !onButton)) {
        e.preventDefault();
        o.actions.startRename(selectedId);
      } else if (e.key === "Delete" || e.key === "Backspace") {
        e.preventDefault();
        o.actions.requestDelete(selectedId);
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
