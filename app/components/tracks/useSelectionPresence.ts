"use client";

import { useEffect } from "react";
import { getAudioClip, observeTakes } from "@bandspace/model";
import type { PresenceUser } from "../../lib/collab/SessionConnection";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";

/**
 * Keeps selection honest across the band: clips and sections someone else deleted leave my selection (and the
 * open clip closes), bandmates see what I selected (notes, clips/sections, else my track), and following
 * someone who left ends the follow.
 */
export function useSelectionPresence(selectedTrackId: string | null, people: readonly PresenceUser[]) {
  const { connection } = useStudio();
  const { ui } = useArrangementContext();
  const clipSelection = useUI((s) => s.selection);
  const noteSelection = useUI((s) => s.noteSelection);
  const followUserId = useUI((s) => s.followUserId);

  useEffect(() => {
    const prune = () => {
      const a = connection.arrangement.get();
      const sel = ui.get().selection;
      if (sel) {
        const alive =
          sel.kind === "clip"
            ? sel.ids.filter((id) => a.clips.has(id) || getAudioClip(connection.songDoc, id) !== null)
            : sel.ids.filter((id) => a.sections.some((s) => s.id === id));
        if (alive.length !== sel.ids.length) ui.select({ kind: sel.kind, ids: alive });
      }
      const open = ui.get().openClipId;
      if (open && !a.clips.has(open)) ui.set({ openClipId: null });
    };
    prune();
    const stopClips = connection.arrangement.subscribe(prune);
    const stopAudio = observeTakes(connection.songDoc, prune);
    return () => {
      stopClips();
      stopAudio();
    };
  }, [connection, ui]);

  useEffect(() => {
    if (noteSelection) connection.setSelection({ kind: "notes", ids: noteSelection.ids, clipId: noteSelection.clipId });
    else connection.setSelection(clipSelection ?? (selectedTrackId ? { kind: "track", ids: [selectedTrackId] } : null));
  }, [connection, clipSelection, noteSelection, selectedTrackId]);

  useEffect(() => {
    if (followUserId && !people.some((p) => p.userId === followUserId && !p.isLocal)) ui.set({ followUserId: null });
  }, [people, followUserId, ui]);
}
