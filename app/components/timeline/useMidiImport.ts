"use client";

import { useCallback } from "react";
import { describeImportReport, importMidiFile, isModelError, snapTicks, type MidiDamageError } from "@bandspace/model";
import { midiImportStore } from "./midiImportStore";
import { useToast } from "../common/Toast";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";

export const MIDI_FILE = /\.(mid|midi|smf|kar)$/i;

export function isMidiFile(file: File): boolean {
  return MIDI_FILE.test(file.name) || file.type === "audio/midi" || file.type === "audio/x-midi";
}

/**
 * Imports a .mid file at `atTick` (snapped down to its bar): new instrument tracks and clips, then the import
 * report; a damaged file first asks whether to import what can be read (MidiImportDialog).
 */
export function useMidiImport(): (file: File, atTick: number) => Promise<void> {
  const { connection, edit, canEditSong, undo } = useStudio();
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
      const run = (acceptDamage: boolean) => {
        // The import is applied in chunks under the server's message limit; it undoes as one step.
        const result = undo.asOneStep(() =>
          edit((doc, origin) => {
            try {
              return importMidiFile(doc, bytes, { atTick: at, origin, acceptDamage });
            } catch (e) {
              // A damaged file is the user's decision, not an error toast.
              if (isModelError(e, "MIDI_FILE_DAMAGED")) return { damaged: e as MidiDamageError };
              throw e;
            }
          }),
        );
        if (!result) return;
        if ("damaged" in result) {
          midiImportStore.set({
            kind: "damaged",
            fileName: file.name,
            damage: result.damaged.damage,
            importAnyway: () => run(true),
          });
          return;
        }
        if (result.clipIds.length === 0) {
          toast.show(`“${file.name}” has no notes to import.`, "info");
          return;
        }
        ui.select({ kind: "clip", ids: result.clipIds });
        view.reveal(at);
        midiImportStore.set({ kind: "report", fileName: file.name, lines: describeImportReport(result.report) });
      };
      run(false);
    },
    [connection, edit, canEditSong, undo, ui, view, toast],
  );
}
