"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import { setTrackMute, type AudioClip, type MidiClip } from "@bandspace/model";
import { useSong } from "../../lib/collab/useSong";
import { usePresence } from "../../lib/collab/usePresence";
import type { PresenceUser } from "../../lib/collab/SessionConnection";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { ClipInteractionsContext, RemoteClipsContext } from "../timeline/ClipLane";
import { DragGhosts } from "../timeline/DragGhosts";
import { GhostStore } from "../timeline/ghosts";
import { fitEndTick } from "../timeline/contentEnd";
import { GridCanvas } from "../timeline/GridCanvas";
import { HScrollbar } from "../timeline/HScrollbar";
import { MarkerLane } from "../timeline/MarkerLane";
import { TempoLane } from "../timeline/TempoLane";
import { MidiImportDialog } from "../timeline/MidiImportDialog";
import { NotesCanvas } from "../timeline/NotesCanvas";
import { Playheads } from "../timeline/Playheads";
import { Ruler } from "../timeline/Ruler";
import { useArrangementShortcuts } from "../timeline/useArrangementShortcuts";
import { useClipInteractions } from "../timeline/useClipInteractions";
import { AudioClipInteractionsContext, useAudioClipInteractions } from "../timeline/useAudioClipInteractions";
import { AudioPreviewContext, AudioPreviewStore, MarqueeStore } from "../timeline/editPreview";
import { Marquee } from "../timeline/Marquee";
import { useEditShortcuts } from "../timeline/useEditShortcuts";
import { AudioClipMenu } from "../recording/AudioClipMenu";
import { CleanupPanels } from "../cleanup/CleanupPanels";
import { useTimelineActions } from "../timeline/useTimelineActions";
import { useZoomVar } from "../timeline/useScrollLayer";
import { VSCROLL_ATTR } from "../timeline/useNearViewport";
import timeline from "../timeline/Timeline.module.css";
import { RulerCommentPins } from "../comments/CommentPins";
import { TakeLanes } from "../recording/TakeLanes";
import { TrackAutomationLanes } from "../mixer/TrackAutomationLanes";
import { ClipContextMenu } from "./ClipContextMenu";
import { EmptyArrangement } from "./EmptyArrangement";
import { TrackAreaToolbar } from "./TrackAreaToolbar";
import { TrackRow } from "./TrackRow";
import { clipsSelectedByOthers, tracksSelectedByOthers } from "./presenceMarks";
import { useMidiDrop } from "./useMidiDrop";
import { useSelectionPresence } from "./useSelectionPresence";
import { useTimelineFrame } from "./useTimelineFrame";
import { useTrackList } from "./useTrackList";
import { useTrackShortcuts } from "./useTrackShortcuts";
import styles from "./TrackArea.module.css";

const NO_REMOTE: PresenceUser[] = [];

/**
 * The arrangement: a toolbar; track headers on the left; on the right the timeline — ruler with loop range,
 * marker lane with sections, lanes with clips over one canvas grid, playheads — with its own horizontal
 * scroll and zoom (the lanes are translated, never natively scrolled sideways). State and behaviour live in
 * the hooks beside this file (`useTrackList`, `useTimelineFrame`, `useMidiDrop`, `useSelectionPresence`).
 */
export function TrackArea() {
  const { connection, canEditSong, edit } = useStudio();
  const { view, ui, transport } = useArrangementContext();
  const { song, tracks } = useSong(connection);
  const people = usePresence(connection);
  const timelineActions = useTimelineActions();
  const list = useTrackList(tracks);
  const { selectedId, setSelectedId, actions } = list;
  const [helpOpen, setHelpOpen] = useState(false);
  const [clipMenu, setClipMenu] = useState<{ clip: MidiClip; x: number; y: number } | null>(null);
  const [audioMenu, setAudioMenu] = useState<{ clip: AudioClip; x: number; y: number } | null>(null);
  const [ghosts] = useState(() => new GhostStore());
  const [preview] = useState(() => new AudioPreviewStore());
  const [marquee] = useState(() => new MarqueeStore());

  const frameRef = useRef<HTMLDivElement>(null);
  const vscrollRef = useRef<HTMLDivElement>(null);
  const rowsRef = useRef<HTMLDivElement>(null);
  const lanesViewportRef = useRef<HTMLDivElement>(null);
  useZoomVar(view, frameRef);
  useTimelineFrame({ frameRef, vscrollRef, rowsRef, lanesViewportRef });
  useSelectionPresence(selectedId, people);
  const midiDrop = useMidiDrop(lanesViewportRef);

  useTrackShortcuts({
    enabled: true,
    canEdit: canEditSong,
    tracks,
    selectedId,
    renaming: list.renamingId !== null,
    select: setSelectedId,
    actions,
    toggleHelp: () => setHelpOpen((v) => !v),
    toggleSolo: (id, exclusive) => transport.toggleSolo(id, exclusive),
    toggleMute: (id) => {
      const track = tracks.find((t) => t.id === id);
      if (track) edit((doc, origin) => setTrackMute(doc, id, !track.mute, origin));
    },
    toggleTakeLanes: (id) => ui.toggleTakeLanes(id),
  });

  const zoomToFit = useCallback(() => view.fit(0, fitEndTick(connection)), [connection, view]);
  useArrangementShortcuts(timelineActions, zoomToFit);

  const onClipMenu = useCallback((clip: MidiClip, x: number, y: number) => setClipMenu({ clip, x, y }), []);
  const interactions = useClipInteractions({ tracks, rowsRef, ghosts, marquee, onContextMenu: onClipMenu });
  const onAudioMenu = useCallback((clip: AudioClip, x: number, y: number) => setAudioMenu({ clip, x, y }), []);
  const audioInteractions = useAudioClipInteractions({ tracks, rowsRef, ghosts, preview, onContextMenu: onAudioMenu });
  useEditShortcuts(selectedId);
  const remoteByTrack = useMemo(() => tracksSelectedByOthers(people), [people]);
  const remoteClips = useMemo(() => clipsSelectedByOthers(people), [people]);

  const { dropTick } = midiDrop;
  const tempoMap = connection.arrangement.get().tempoMap;

  return (
    <section className={styles.area} data-testid="track-area">
      <TrackAreaToolbar
        trackCount={tracks.length}
        canEdit={canEditSong}
        onAddTrack={actions.add}
        helpOpen={helpOpen}
        setHelpOpen={setHelpOpen}
      />

      <div ref={frameRef} className={styles.frame} data-testid="timeline" {...midiDrop.handlers}>
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
            {...{ [VSCROLL_ATTR]: "" }}
            onMouseDown={(e) => {
              if (e.target === e.currentTarget) setSelectedId(null);
            }}
          >
            <ClipInteractionsContext.Provider value={interactions}>
              <AudioClipInteractionsContext.Provider value={audioInteractions}>
                <AudioPreviewContext.Provider value={preview}>
                  <RemoteClipsContext.Provider value={remoteClips}>
                    <div ref={rowsRef} className={styles.rowsWrap} data-timeline>
                      <div className={styles.rows} role="list" aria-label="Tracks" data-testid="track-list">
                        {tracks.map((t, i) => (
                          <div role="listitem" key={t.id}>
                            <TrackRow
                              track={t}
                              index={i}
                              selected={t.id === selectedId}
                              renaming={t.id === list.renamingId}
                              confirmingDelete={t.id === list.deletingId}
                              dropHint={list.dropHintFor(t.id)}
                              dragging={list.drag?.id === t.id}
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
                      <Marquee store={marquee} />
                    </div>
                  </RemoteClipsContext.Provider>
                </AudioPreviewContext.Provider>
              </AudioClipInteractionsContext.Provider>
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
              {canEditSong
                ? "Drag on an instrument lane to draw a clip, on an audio lane (or Alt+drag) to select"
                : "Read-only: you can play and follow along"}
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

      {audioMenu && <AudioClipMenu clip={audioMenu.clip} at={audioMenu} onClose={() => setAudioMenu(null)} />}
      {clipMenu && <ClipContextMenu clip={clipMenu.clip} at={clipMenu} onClose={() => setClipMenu(null)} />}
      <MidiImportDialog />
      <CleanupPanels />
    </section>
  );
}
