"use client";

import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import {
  addTrack,
  deleteTrack,
  moveTrack,
  renameTrack,
  setTrackColor,
  setTrackInstrument,
  type Track,
  type TrackKind,
} from "@bandspace/model";
import { useStudio } from "../studio/StudioContext";
import { dropIndex } from "./grid";
import type { TrackRowActions } from "./TrackRow";

export type TrackListActions = TrackRowActions & { add: (kind: TrackKind) => void };

/**
 * The track list's local state — which track is selected, being renamed, asking to be deleted, being dragged —
 * and the actions the rows call, each one model operation through the studio's `edit`.
 */
export function useTrackList(tracks: readonly Track[]) {
  const { edit } = useStudio();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [deletingId, setDeletingId] = useState<string | null>(null);
  const [drag, setDrag] = useState<{ id: string; overId: string | null; after: boolean } | null>(null);

  // Latest values for the stable action callbacks.
  const live = useRef({ tracks, drag });
  useLayoutEffect(() => {
    live.current = { tracks, drag };
  });

  // A track deleted by someone else takes its selection and dialogs with it.
  const ids = useMemo(() => tracks.map((t) => t.id), [tracks]);
  useEffect(() => {
    if (selectedId && !ids.includes(selectedId)) setSelectedId(null);
    if (renamingId && !ids.includes(renamingId)) setRenamingId(null);
    if (deletingId && !ids.includes(deletingId)) setDeletingId(null);
  }, [ids, selectedId, renamingId, deletingId]);

  const actions = useMemo<TrackListActions>(
    () => ({
      add(kind) {
        const track = edit((doc, origin) => addTrack(doc, { kind }, origin));
        if (track) setSelectedId(track.id);
      },
      select: (id) => setSelectedId(id),
      startRename(id) {
        setSelectedId(id);
        setRenamingId(id);
      },
      finishRename(id, name) {
        setRenamingId(null);
        const current = live.current.tracks.find((t) => t.id === id);
        if (name === null || !current || name.trim() === current.name) return;
        edit((doc, origin) => renameTrack(doc, id, name, origin));
      },
      move(id, delta) {
        const list = live.current.tracks;
        const from = list.findIndex((t) => t.id === id);
        const to = from + delta;
        if (from < 0 || to < 0 || to >= list.length) return;
        edit((doc, origin) => moveTrack(doc, id, to, origin));
      },
      requestDelete: (id) => {
        if (id) setSelectedId(id);
        setDeletingId(id);
      },
      remove(id) {
        const list = live.current.tracks;
        const i = list.findIndex((t) => t.id === id);
        const neighbour = list[i + 1] ?? list[i - 1] ?? null;
        edit((doc, origin) => deleteTrack(doc, id, origin));
        setDeletingId(null);
        setSelectedId(neighbour?.id ?? null);
      },
      setColor: (id, color) => edit((doc, origin) => setTrackColor(doc, id, color, origin)),
      setInstrument: (id, instrument) => edit((doc, origin) => setTrackInstrument(doc, id, instrument, origin)),
      dragStart: (id) => setDrag({ id, overId: null, after: false }),
      dragOver: (overId, after) =>
        setDrag((d) => (d && (d.overId !== overId || d.after !== after) ? { ...d, overId, after } : d)),
      drop() {
        const d = live.current.drag;
        setDrag(null);
        if (!d || !d.overId) return;
        const to = dropIndex(
          live.current.tracks.map((t) => t.id),
          d.id,
          d.overId,
          d.after,
        );
        if (to !== null) edit((doc, origin) => moveTrack(doc, d.id, to, origin));
        setSelectedId(d.id);
      },
      dragEnd: () => setDrag(null),
    }),
    [edit],
  );

  /** Where the dragged track would land if dropped on `id`: a line before or after it, or none. */
  const dropHintFor = (id: string): "before" | "after" | null => {
    if (!drag || drag.overId !== id || drag.id === id) return null;
    const to = dropIndex(ids, drag.id, id, drag.after);
    return to === null ? null : drag.after ? "after" : "before";
  };

  return { selectedId, setSelectedId, renamingId, deletingId, drag, actions, dropHintFor };
}
