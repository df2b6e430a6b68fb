"use client";

import { useCallback } from "react";
import { importMidiFile, snapTicks } from "@bandspace/model";
import { useToast } from "../common/Toast";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";

export const MIDI_FILE = /\.(mid|midi|smf|kar)$/i;

export function isMidiFile(file: File): boolean {
  return MIDI_FILE.test(file.name) || file.type === "audio/midi" || file.type === "audio/x-midi";
}

/** Imports a .mid file at `atTick` (snapped down to its bar): new instrument tracks and clips, with a toast. */
export function useMidiImport(): (file: File, atTick: number) => Promise<void> {
  const { connection, edit, canEditSong } = useStudio();
  const { ui, view } = useArrangementContext();
  const toast = useToast();

  return useCallback(
    async (file: File, atTick: number) => {
      if (!canEditSong) {
        toast.show("Your link can't change the arrangement.", "error");
        return;
      }
      if (!isMidiFile(file)) {
        toast.show(`“${file.name}” isn't a MIDI file (.mid).`, "error");
        return;
      }
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await file.arrayBuffer());
      } catch {
        toast.show(`“${file.name}” could not be read.`, "error");
        return;
      }
      const map = connection.arrangement.get().tempoMap;
      const at = Math.max(0, snapTicks(atTick, "bar", map, "floor"));
      const result = edit((doc, origin) => importMidiFile(doc, bytes, { atTick: at, origin }));
      if (!result) return;
      const tracks = result.trackIds.length;
      const clips = result.clipIds.length;
      if (clips === 0) {
        toast.show(`“${file.name}” has no notes to import.`, "info");
        return;
      }
      ui.select({ kind: "clip", ids: result.clipIds });
      view.reveal(at);
      toast.show(
        `Imported “${file.name}” at bar ${map.formatPosition(at).split(".")[0]}: ${tracks} ${tracks === 1 ? "track" : "tracks"}, ${clips} ${clips === 1 ? "clip" : "clips"}.`,
        "success",
      );
    },
    [connection, edit, canEditSong, ui, view, toast],
  );
}
