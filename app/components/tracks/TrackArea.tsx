"use client";

import { useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from "react";
import { addTrack, deleteTrack, moveTrack, renameTrack, setTrackColor, type TrackKind } from "@bandspace/model";
import { useSong } from "../../lib/collab/useSong";
import { usePresence } from "../../lib/collab/usePresence";
import type { PresenceUser } from "../../lib/collab/SessionConnection";
import { useStudio } from "../studio/StudioContext";
import { AddTrackMenu } from "./AddTrackMenu";
import { EmptyArrangement } from "./EmptyArrangement";
import { Ruler } from "./Ruler";
import { ShortcutsHelp } from "./ShortcutsHelp";
import { TrackRow, type TrackRowActions } from "./TrackRow";
import { dropIndex, gridMetrics } from "./grid";
import { useTrackShortcuts } from "./useTrackShortcuts";
import styles from "./TrackArea.module.css";

const NO_REMOTE: PresenceUser[] = [];

/** The arrangement: track headers on the left, lanes on a bar grid to the right, toolbar above. */
export function TrackArea() {
  const { connection, canEditSong, edit } = useStudio();
  const { song, tracks } = useSong(connection);
  const people = usePresence(connection);

  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [deletingId, setDeletingId] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [drag, setDrag] = useState<{ id: string; overId: string | null; after: boolean } | null>(null);

  // Latest values for the stable action callbacks.
  const live = useRef({ tracks, selectedId, drag });
  useLayoutEffect(() => {
    live.current = { tracks, selectedId, drag };
  });

  // A track deleted by someone else takes its selection and dialogs with it.
  const ids = useMemo(() => tracks.map((t) => t.id), [tracks]);
  useEffect(() => {
    if (selectedId && !ids.includes(selectedId)) setSelectedId(null);
    if (renamingId && !ids.includes(renamingId)) setRenamingId(null);
    if (deletingId && !ids.includes(deletingId)) setDeletingId(null);
  }, [ids, selectedId, renamingId, deletingId]);

  useEffect(() => {
    connection.setSelection(selectedId);
  }, [connection, selectedId]);

  const actions = useMemo<TrackRowActions & { add(kind: TrackKind): void }>(
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

  useTrackShortcuts({
    enabled: true,
    canEdit: canEditSong,
    tracks,
    selectedId,
    renaming: renamingId !== null,
    select: setSelectedId,
    actions,
    toggleHelp: () => setHelpOpen((v) => !v),
  });

  const remoteByTrack = useMemo(() => {
    const map = new Map<string, PresenceUser[]>();
    for (const p of people) {
      if (p.isLocal || !p.selectedTrackId) continue;
      map.set(p.selectedTrackId, [...(map.get(p.selectedTrackId) ?? []), p]);
    }
    return map;
  }, [people]);

  const { barPx, beatPx, widthPx } = gridMetrics(song.timeSignature);
  const gridStyle = useMemo(
    () =>
      ({
        ["--bar-px" as string]: `${barPx}px`,
        ["--beat-px" as string]: `${beatPx}px`,
        ["--lanes-w" as string]: `${widthPx}px`,
      }) as CSSProperties,
    [barPx, beatPx, widthPx],
  );
  const laneStyle = useMemo<CSSProperties>(() => ({ width: widthPx }), [widthPx]);

  const dropHintFor = (id: string): "before" | "after" | null => {
    if (!drag || drag.overId !== id || drag.id === id) return null;
    const to = dropIndex(ids, drag.id, id, drag.after);
    return to === null ? null : drag.after ? "after" : "before";
  };

  return (
    <section className={styles.area} style={gridStyle} data-testid="track-area">
      <div className={styles.toolbar}>
        <span className={styles.toolbarTitle}>Tracks</span>
        <span className={styles.toolbarCount} data-testid="track-count">
          {tracks.length}
        </span>
        <AddTrackMenu onAdd={actions.add} disabled={!canEditSong} />
        <span className={styles.spacer} />
        <ShortcutsHelp open={helpOpen} onOpenChange={setHelpOpen} canEdit={canEditSong} />
      </div>

      <div
        className={styles.scroller}
        onMouseDown={(e) => {
          if (e.target === e.currentTarget) setSelectedId(null);
        }}
      >
        <div className={styles.canvas}>
          <div className={styles.rulerRow}>
            <div className={styles.corner}>
              <span>Bars</span>
              <span className={styles.cornerMeter}>
                {song.timeSignature.numerator}/{song.timeSignature.denominator}
              </span>
            </div>
            <Ruler barPx={barPx} />
          </div>

          <div className={styles.rows} role="list" aria-label="Tracks" data-testid="track-list">
            {tracks.map((t, i) => (
              <div role="listitem" key={t.id}>
                <TrackRow
                  track={t}
                  index={i}
                  count={tracks.length}
                  selected={t.id === selectedId}
                  renaming={t.id === renamingId}
                  confirmingDelete={t.id === deletingId}
                  dropHint={dropHintFor(t.id)}
                  dragging={drag?.id === t.id}
                  remote={remoteByTrack.get(t.id) ?? NO_REMOTE}
                  canEdit={canEditSong}
                  laneStyle={laneStyle}
                  actions={actions}
                />
              </div>
            ))}
          </div>

          <div className={styles.filler} onMouseDown={() => setSelectedId(null)}>
            <div className={styles.fillerHeader} />
            <div className={styles.fillerLane} />
          </div>
        </div>

        {tracks.length === 0 && <EmptyArrangement canEdit={canEditSong} onAdd={actions.add} />}
      </div>
    </section>
  );
}
