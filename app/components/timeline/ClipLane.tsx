"use client";

import { createContext, memo, useContext, useMemo, useRef } from "react";
import type { MidiClip, Note, Track } from "@bandspace/model";
import { clipsOf } from "../../lib/collab/arrangementStore";
import { useArrangementSelector } from "../../lib/collab/useArrangement";
import { initials } from "../../lib/collab/identity";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { LaneCommentPins } from "../comments/CommentPins";
import type { ClipInteractions } from "./useClipInteractions";
import { tickSpan, useScrollLayer } from "./useScrollLayer";
import { useCullRange } from "./useCullRange";
import { useLayoutZoom } from "./useLayoutZoom";
import { useNearViewport } from "./useNearViewport";
import { useGradualMount, MOUNTS_PER_FRAME } from "./useGradualMount";
import { midiClipHasBlock } from "./lod";
import styles from "./Timeline.module.css";
import { AudioClipLayer } from "../recording/AudioClipLayer";
import { LaneWaveformCanvas, LaneWaveformsContext, useLaneWaveforms } from "../recording/LaneWaveformCanvas";

export interface RemoteMark {
  color: string;
  name: string;
}

export const ClipInteractionsContext = createContext<ClipInteractions | null>(null);
/** Clip id → the first other person who has it selected. */
export const RemoteClipsContext = createContext<ReadonlyMap<string, RemoteMark>>(new Map());

const NO_IDS: readonly string[] = [];
const NO_NOTES: readonly Note[] = [];
const clipId = (c: MidiClip) => c.id;

/**
 * One track's lane: its clips as blocks, culled to the visible range (plus a screen either side) and
 * translated by the timeline scroll without re-rendering. Empty lanes of instrument tracks take a drag to
 * draw a clip.
 */
export const ClipLane = memo(function ClipLane({ track }: { track: Track }) {
  const { connection, canEditSong } = useStudio();
  const { view } = useArrangementContext();
  const interactions = useContext(ClipInteractionsContext);
  const remote = useContext(RemoteClipsContext);
  const clips = useArrangementSelector(connection, (a) => clipsOf(a, track.id));
  // One subscription per lane (not per clip): the notes map changes identity when any clip's notes change.
  const notes = useArrangementSelector(connection, (a) => a.notes);
  const cull = useCullRange(view);
  const selectedIds = useUI((s) => (s.selection?.kind === "clip" ? s.selection.ids : NO_IDS));
  const layoutPpt = useLayoutZoom(view);
  const laneRef = useRef<HTMLDivElement>(null);
  const near = useNearViewport(laneRef);
  const layerRef = useRef<HTMLDivElement>(null);
  useScrollLayer(view, layerRef);
  const waves = useLaneWaveforms(view, track.kind === "audio");

  // Blocks only for clips near the screen (both ways) and wide enough to take a pointer; NotesCanvas draws the
  // rest as plain bars (see lod.ts).
  const visible = useMemo(
    () =>
      near
        ? clips.filter(
            (c) =>
              c.startTick < cull.to &&
              c.startTick + c.lengthTicks > cull.from &&
              midiClipHasBlock(c.lengthTicks, layoutPpt),
          )
        : [],
    [clips, cull, near, layoutPpt],
  );
  const mounted = useGradualMount(visible, clipId, MOUNTS_PER_FRAME);

  const instrument = track.kind === "instrument";
  return (
    <div
      ref={laneRef}
      className={`${styles.lane} ${instrument && canEditSong ? styles.drawable : ""}`}
      data-testid="track-lane"
      data-track-id={track.id}
      data-clip-count={clips.length}
      data-near={near ? "true" : "false"}
      onPointerDown={(e) => {
        if (e.target === e.currentTarget || e.target === layerRef.current) interactions?.lanePointerDown(e, track);
      }}
      onDoubleClick={(e) => {
        if (e.target === e.currentTarget || e.target === layerRef.current) interactions?.laneDoubleClick(e, track);
      }}
    >
      <div ref={layerRef} className={styles.layer}>
        {mounted.map((c) => (
          <ClipBlock
            key={c.id}
            clip={c}
            notes={notes.get(c.id) ?? NO_NOTES}
            selected={selectedIds.includes(c.id)}
            remote={remote.get(c.id) ?? null}
            canEdit={canEditSong}
          />
        ))}
        <LaneCommentPins trackId={track.id} />
        {track.kind === "audio" && near && (
          <LaneWaveformsContext.Provider value={waves}>
            <AudioClipLayer track={track} cull={cull} layoutPxPerTick={layoutPpt} />
          </LaneWaveformsContext.Provider>
        )}
      </div>
      {/* After the layer: drawn over the clips (one canvas, one compositor layer, for the whole lane). */}
      {waves && near && <LaneWaveformCanvas painter={waves} />}
    </div>
  );
});

/** Edges of a clip (6 px, less on tiny clips) resize it; the rest moves it. Notes are in NotesCanvas. */
function edgeAt(e: { clientX: number; currentTarget: Element }): "move" | "start" | "end" {
  const r = e.currentTarget.getBoundingClientRect();
  const edge = Math.min(6, r.width / 4);
  if (e.clientX - r.left <= edge) return "start";
  if (r.right - e.clientX <= edge) return "end";
  return "move";
}

const ClipBlock = memo(function ClipBlock({
  clip,
  notes,
  selected,
  remote,
  canEdit,
}: {
  clip: MidiClip;
  notes: readonly Note[];
  selected: boolean;
  remote: RemoteMark | null;
  canEdit: boolean;
}) {
  const interactions = useContext(ClipInteractionsContext);
  return (
    <div
      className={[styles.clip, selected ? styles.selected : "", remote ? styles.remoteSel : ""].join(" ")}
      style={{ ...tickSpan(clip.startTick, clip.lengthTicks), ["--remote" as string]: remote?.color }}
      data-testid="clip"
      data-clip-id={clip.id}
      data-track-id={clip.trackId}
      data-start-tick={clip.startTick}
      data-length-ticks={clip.lengthTicks}
      data-note-count={notes.length}
      data-edges={canEdit ? "resizable" : undefined}
      data-selected={selected ? "true" : "false"}
      data-remote-selected-by={remote?.name}
      title={`${clip.name || "Clip"} — double-click to edit`}
      onPointerDown={(e) => interactions?.clipPointerDown(e, clip, canEdit ? edgeAt(e) : "move")}
      onPointerMove={(e) => {
        if (!canEdit || e.buttons !== 0) return;
        const cursor = edgeAt(e) === "move" ? "" : "ew-resize";
        if (e.currentTarget.style.cursor !== cursor) e.currentTarget.style.cursor = cursor;
      }}
      onDoubleClick={(e) => {
        e.stopPropagation();
        interactions?.clipDoubleClick(clip);
      }}
      onContextMenu={(e) => interactions?.clipContextMenu(e, clip)}
    >
      <span className={styles.clipName}>{clip.name || "Clip"}</span>
      {remote && (
        <span className={styles.remoteTag} style={{ background: remote.color }} title={`${remote.name} selected this`}>
          {initials(remote.name)}
        </span>
      )}
    </div>
  );
});
