"use client";

import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent as ReactDragEvent,
} from "react";
import {
  addTrack,
  deleteTrack,
  moveTrack,
  renameTrack,
  setTrackMute,
  setLoopRange,
  setTrackColor,
  setTrackInstrument,
  snapTicks,
  type MidiClip,
  type TrackKind,
} from "@bandspace/model";
import { useSong } from "../../lib/collab/useSong";
import { usePresence } from "../../lib/collab/usePresence";
import type { PresenceUser } from "../../lib/collab/SessionConnection";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { ClipInteractionsContext, RemoteClipsContext, type RemoteMark } from "../timeline/ClipLane";
import { ContextMenu } from "../timeline/ContextMenu";
import { DragGhosts } from "../timeline/DragGhosts";
import { GhostStore } from "../timeline/ghosts";
import { GridCanvas } from "../timeline/GridCanvas";
import { HScrollbar } from "../timeline/HScrollbar";
import { MarkerLane } from "../timeline/MarkerLane";
import { TempoLane } from "../timeline/TempoLane";
import { MidiImportDialog } from "../timeline/MidiImportDialog";
import { NotesCanvas } from "../timeline/NotesCanvas";
import { Playheads } from "../timeline/Playheads";
import { Ruler } from "../timeline/Ruler";
import {
  AddSectionMenu,
  FollowChip,
  MidiButtons,
  SnapSelect,
  SongPanelToggle,
  MixerToggle,
  UndoButtons,
  ZoomControls,
} from "../timeline/TimelineToolbar";
import { useArrangementShortcuts } from "../timeline/useArrangementShortcuts";
import { useClipInteractions } from "../timeline/useClipInteractions";
import { isMidiFile, useMidiImport } from "../timeline/useMidiImport";
import { useTimelineActions } from "../timeline/useTimelineActions";
import { useZoomVar } from "../timeline/useScrollLayer";
import timeline from "../timeline/Timeline.module.css";
import { CommentsToggle } from "../comments/CommentsToggle";
import { RulerCommentPins } from "../comments/CommentPins";
import { AddTrackMenu } from "./AddTrackMenu";
import { EmptyArrangement } from "./EmptyArrangement";
import { ShortcutsHelp } from "./ShortcutsHelp";
import { TrackRow, type TrackRowActions } from "./TrackRow";
import { TakeLanes } from "../recording/TakeLanes";
import { TrackAutomationLanes } from "../mixer/TrackAutomationLanes";
import { dropIndex } from "./grid";
import { useTrackShortcuts } from "./useTrackShortcuts";
import styles from "./TrackArea.module.css";

const NO_REMOTE: PresenceUser[] = [];
const isMac = () => typeof navigator !== "undefined" && /Mac|iP(hone|ad)/.test(navigator.platform);

/**
 * The arrangement: a toolbar; track headers on the left; on the right the timeline — ruler with loop range,
 * marker lane with sections, lanes with clips over one canvas grid, playheads — with its own horizontal
 * scroll and zoom (the lanes are translated, never natively scrolled sideways).
 */
export function TrackArea() {
  const { connection, canEditSong, edit } = useStudio();
  const { view, ui, transport } = useArrangementContext();
  const { song, tracks } = useSong(connection);
  const people = usePresence(connection);
  const timelineActions = useTimelineActions();
  const importMidi = useMidiImport();
  const clipSelection = useUI((s) => s.selection);
  const noteSelection = useUI((s) => s.noteSelection);

  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [deletingId, setDeletingId] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [drag, setDrag] = useState<{ id: string; overId: string | null; after: boolean } | null>(null);
  const [clipMenu, setClipMenu] = useState<{ clip: MidiClip; x: number; y: number } | null>(null);
  const [dropTick, setDropTick] = useState<number | null>(null);
  const [ghosts] = useState(() => new GhostStore());

  const frameRef = useRef<HTMLDivElement>(null);
  const vscrollRef = useRef<HTMLDivElement>(null);
  const rowsRef = useRef<HTMLDivElement>(null);
  const lanesViewportRef = useRef<HTMLDivElement>(null);
  useZoomVar(view, frameRef);

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

  // Clips and sections someone else deleted leave the selection; the open clip closes.
  useEffect(() => {
    const prune = () => {
      const a = connection.arrangement.get();
      const sel = ui.get().selection;
      if (sel) {
        const alive =
          sel.kind === "clip"
            ? sel.ids.filter((id) => a.clips.has(id))
            : sel.ids.filter((id) => a.sections.some((s) => s.id === id));
        if (alive.length !== sel.ids.length) ui.select({ kind: sel.kind, ids: alive });
      }
      const open = ui.get().openClipId;
      if (open && !a.clips.has(open)) ui.set({ openClipId: null });
    };
    prune();
    return connection.arrangement.subscribe(prune);
  }, [connection, ui]);

  // What others see of my selection: clips/sections if any, else the selected track.
  useEffect(() => {
    if (noteSelection) connection.setSelection({ kind: "notes", ids: noteSelection.ids, clipId: noteSelection.clipId });
    else connection.setSelection(clipSelection ?? (selectedId ? { kind: "track", ids: [selectedId] } : null));
  }, [connection, clipSelection, noteSelection, selectedId]);

  // Following someone who left ends the follow.
  const followUserId = useUI((s) => s.followUserId);
  useEffect(() => {
    if (followUserId && !people.some((p) => p.userId === followUserId && !p.isLocal)) ui.set({ followUserId: null });
  }, [people, followUserId, ui]);

  const actions = useMemo<TrackRowActions & { add: (kind: TrackKind) => void }>(
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

  useTrackShortcuts({
    enabled: true,
    canEdit: canEditSong,
    tracks,
    selectedId,
    renaming: renamingId !== null,
    select: setSelectedId,
    actions,
    toggleHelp: () => setHelpOpen((v) => !v),
    toggleSolo: (id, exclusive) => transport.toggleSolo(id, exclusive),
    toggleMute: (id) => {
      const track = live.current.tracks.find((t) => t.id === id);
      if (track) edit((doc, origin) => setTrackMute(doc, id, !track.mute, origin));
    },
    toggleTakeLanes: (id) => ui.toggleTakeLanes(id),
  });

  const zoomToFit = useCallback(() => {
    const a = connection.arrangement.get();
    view.fit(0, Math.max(a.contentEndTick, a.loop.endTick, a.tempoMap.ticksPerBar * 8));
  }, [connection, view]);
  useArrangementShortcuts(timelineActions, zoomToFit);

  const onClipMenu = useCallback((clip: MidiClip, x: number, y: number) => setClipMenu({ clip, x, y }), []);
  const interactions = useClipInteractions({ tracks, rowsRef, ghosts, onContextMenu: onClipMenu });

  const remoteByTrack = useMemo(() => {
    const map = new Map<string, PresenceUser[]>();
    for (const p of people) {
      if (p.isLocal || !p.selectedTrackId) continue;
      map.set(p.selectedTrackId, [...(map.get(p.selectedTrackId) ?? []), p]);
    }
    return map;
  }, [people]);

  const remoteClips = useMemo(() => {
    const map = new Map<string, RemoteMark>();
    for (const p of people) {
      if (p.isLocal || !p.selection) continue;
      const ids =
        p.selection.kind === "clip"
          ? p.selection.ids
          : p.selection.kind === "notes" && p.selection.clipId
            ? [p.selection.clipId]
            : [];
      for (const id of ids) if (!map.has(id)) map.set(id, { color: p.color, name: p.name });
    }
    return map;
  }, [people]);

  // ----- view geometry: lanes width, scroll range, meter -----
  useLayoutEffect(() => {
    const vscroll = vscrollRef.current;
    const frame = frameRef.current;
    const lanes = lanesViewportRef.current;
    if (!vscroll || !frame || !lanes) return;
    const measure = () => {
      frame.style.setProperty("--vsb", `${vscroll.offsetWidth - vscroll.clientWidth}px`);
      view.setWidth(lanes.clientWidth);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(vscroll);
    ro.observe(lanes);
    if (rowsRef.current) ro.observe(rowsRef.current);
    return () => ro.disconnect();
  }, [view]);

  useEffect(() => {
    const sync = () => {
      const a = connection.arrangement.get();
      view.setMeter(a.tempoMap.ticksPerBar);
      view.setContentEnd(Math.max(a.contentEndTick, a.loop.endTick));
    };
    sync();
    return connection.arrangement.subscribe(sync);
  }, [connection, view]);

  // ----- wheel: Ctrl/⌘ zooms at the pointer, Shift or sideways scrolls time, plain wheel scrolls tracks -----
  useEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    // Wheel events arrive faster than frames (trackpads): add them up and apply once per frame.
    let pending: { zoom: number; anchorX: number; dx: number } | null = null;
    let raf = 0;
    const flush = () => {
      raf = 0;
      const p = pending;
      pending = null;
      if (!p) return;
      if (p.zoom !== 1) view.zoomBy(p.zoom, p.anchorX, true);
      if (p.dx !== 0) view.scrollBy(p.dx);
    };
    const queue = (zoom: number, anchorX: number, dx: number) => {
      pending = pending ? { zoom: pending.zoom * zoom, anchorX, dx: pending.dx + dx } : { zoom, anchorX, dx };
      if (!raf) raf = requestAnimationFrame(flush);
    };
    const onWheel = (e: WheelEvent) => {
      const target = e.target as HTMLElement;
      const inTimeline = !!target.closest("[data-timeline]");
      if (!inTimeline) return;
      const lanes = lanesViewportRef.current;
      const left = lanes ? lanes.getBoundingClientRect().left : 0;
      const scale = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
      const dx = e.deltaX * scale;
      const dy = e.deltaY * scale;
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        queue(Math.exp(-dy * 0.0025), e.clientX - left, 0);
        return;
      }
      const inHead = !!target.closest("[data-timeline-head]");
      if (e.shiftKey || Math.abs(dx) > Math.abs(dy) || inHead) {
        e.preventDefault();
        queue(1, 0, e.shiftKey && Math.abs(dx) < Math.abs(dy) ? dy : Math.abs(dx) > Math.abs(dy) ? dx : dy);
      }
      // else: the native vertical scroll of the track list
    };
    frame.addEventListener("wheel", onWheel, { passive: false });
    return () => {
      frame.removeEventListener("wheel", onWheel);
      if (raf) cancelAnimationFrame(raf);
    };
  }, [view]);

  // ----- MIDI files dropped on the timeline -----
  const dropTickAt = (clientX: number) => {
    const lanes = lanesViewportRef.current;
    const x = clientX - (lanes ? lanes.getBoundingClientRect().left : 0);
    return Math.max(0, snapTicks(view.xToTick(x), "bar", connection.arrangement.get().tempoMap, "floor"));
  };
  const onDragOver = (e: ReactDragEvent<HTMLDivElement>) => {
    if (!e.dataTransfer.types.includes("Files")) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = canEditSong ? "copy" : "none";
    const t = dropTickAt(e.clientX);
    setDropTick((prev) => (prev === t ? prev : t));
  };
  const onDrop = (e: ReactDragEvent<HTMLDivElement>) => {
    if (!e.dataTransfer.types.includes("Files")) return;
    e.preventDefault();
    setDropTick(null);
    const files = [...e.dataTransfer.files];
    const file = files.find(isMidiFile) ?? files[0];
    if (file) void importMidi(file, dropTickAt(e.clientX));
  };

  const dropHintFor = (id: string): "before" | "after" | null => {
    if (!drag || drag.overId !== id || drag.id === id) return null;
    const to = dropIndex(ids, drag.id, id, drag.after);
    return to === null ? null : drag.after ? "after" : "before";
  };

  const mod = isMac() ? "⌘" : "Ctrl+";
  const tempoMap = connection.arrangement.get().tempoMap;

  return (
    <section className={styles.area} data-testid="track-area">
      <div className={styles.toolbar}>
        <span className={styles.toolbarTitle}>Tracks</span>
        <span className={styles.toolbarCount} data-testid="track-count">
          {tracks.length}
        </span>
        <AddTrackMenu onAdd={actions.add} disabled={!canEditSong} />
        <AddSectionMenu />
        <UndoButtons />
        <span className={styles.divider} aria-hidden="true" />
        <SnapSelect />
        <ZoomControls />
        <span className={styles.divider} aria-hidden="true" />
        <MidiButtons />
        <span className={styles.spacer} />
        <FollowChip />
        <MixerToggle />
        <SongPanelToggle />
        <CommentsToggle />
        <ShortcutsHelp open={helpOpen} onOpenChange={setHelpOpen} canEdit={canEditSong} />
      </div>

      <div
        ref={frameRef}
        className={styles.frame}
        data-testid="timeline"
        onDragOver={onDragOver}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropTick(null);
        }}
        onDrop={onDrop}
      >
        <div className={styles.head}>
          <div className={styles.corner}>
            <div className={styles.cornerRuler}>
              <span>Bars</span>
              <span className={styles.cornerMeter}>
                {song.timeSignature.numerator}/{song.timeSignature.denominator}
              </span>
            </div>
            <div className={styles.cornerMarkers}>Sections</div>
            <div className={styles.cornerTempo}>Tempo</div>
          </div>
          <div className={styles.headTimeline} data-timeline data-timeline-head>
            <Ruler />
            <MarkerLane />
            <TempoLane />
            <RulerCommentPins />
          </div>
        </div>

        <div className={styles.body}>
          <div ref={lanesViewportRef} className={styles.lanesViewport} aria-hidden="true">
            <GridCanvas />
          </div>
          <div
            ref={vscrollRef}
            className={styles.vscroll}
            onMouseDown={(e) => {
              if (e.target === e.currentTarget) setSelectedId(null);
            }}
          >
            <ClipInteractionsContext.Provider value={interactions}>
              <RemoteClipsContext.Provider value={remoteClips}>
                <div ref={rowsRef} className={styles.rowsWrap} data-timeline>
                  <div className={styles.rows} role="list" aria-label="Tracks" data-testid="track-list">
                    {tracks.map((t, i) => (
                      <div role="listitem" key={t.id}>
                        <TrackRow
                          track={t}
                          index={i}
                          selected={t.id === selectedId}
                          renaming={t.id === renamingId}
                          confirmingDelete={t.id === deletingId}
                          dropHint={dropHintFor(t.id)}
                          dragging={drag?.id === t.id}
                          remote={remoteByTrack.get(t.id) ?? NO_REMOTE}
                          canEdit={canEditSong}
                          actions={actions}
                        />
                        {t.kind === "audio" && <TakeLanes track={t} />}
                        <TrackAutomationLanes track={t} />
                      </div>
                    ))}
                  </div>
                  <NotesCanvas tracks={tracks} ghosts={ghosts} />
                  <DragGhosts ghosts={ghosts} />
                </div>
              </RemoteClipsContext.Provider>
            </ClipInteractionsContext.Provider>
            <div
              className={styles.filler}
              onMouseDown={() => {
                setSelectedId(null);
                ui.select(null);
              }}
            >
              <div className={styles.fillerHeader} />
              <div className={styles.fillerLane} data-timeline />
            </div>
          </div>
          {tracks.length === 0 && <EmptyArrangement canEdit={canEditSong} onAdd={actions.add} />}
        </div>

        <div className={styles.foot}>
          <div className={styles.footCorner}>
            <span className={styles.hint}>
              {canEditSong ? "Drag on an instrument lane to draw a clip" : "Read-only: you can play and follow along"}
            </span>
          </div>
          <HScrollbar />
        </div>

        <div className={styles.overlay} aria-hidden="true">
          <Playheads />
          {dropTick !== null && (
            <div
              className={timeline.dropLine}
              style={{ transform: `translateX(${Math.round(view.tickToX(dropTick))}px)` }}
            >
              <span className={timeline.dropLabel}>
                {canEditSong ? `Import MIDI at bar ${tempoMap.formatPosition(dropTick).split(".")[0]}` : "Read-only"}
              </span>
            </div>
          )}
        </div>
      </div>

      {clipMenu && (
        <ContextMenu
          at={clipMenu}
          label={`Clip ${clipMenu.clip.name}`}
          testId="clip-menu"
          onClose={() => setClipMenu(null)}
          items={[
            {
              label: canEditSong ? "Open in editor" : "Open (read-only)",
              onSelect: () => timelineActions.openClip(clipMenu.clip.id),
              shortcut: "Dbl-click",
              testId: "clip-menu-open",
            },
            {
              label: "Loop this clip",
              testId: "clip-menu-loop",
              onSelect: () => {
                const c = clipMenu.clip;
                if (canEditSong)
                  edit((doc, origin) =>
                    setLoopRange(doc, { startTick: c.startTick, endTick: c.startTick + c.lengthTicks }, origin),
                  );
                transport.setLoop(true);
                transport.seek(c.startTick);
              },
            },
            {
              label: "Add comment",
              testId: "clip-menu-comment",
              disabled: !connection.canWrite("comments"),
              onSelect: () => {
                const c = clipMenu.clip;
                ui.set({
                  commentsPanelOpen: true,
                  commentDraft: { startTick: c.startTick, endTick: c.startTick + c.lengthTicks, clipId: c.id },
                });
              },
            },
            {
              label: "Duplicate",
              onSelect: () => timelineActions.duplicateSelection(),
              disabled: !canEditSong,
              shortcut: `${mod}D`,
              testId: "clip-menu-duplicate",
            },
            {
              label: "Delete",
              onSelect: () => timelineActions.deleteSelection(),
              disabled: !canEditSong,
              shortcut: "Del",
              danger: true,
              testId: "clip-menu-delete",
            },
          ]}
        />
      )}
      <MidiImportDialog />
    </section>
  );
}
