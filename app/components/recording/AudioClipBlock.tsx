"use client";

import { memo, useContext, useState } from "react";
import { getTake, type AudioClip, type TakeLane } from "@bandspace/model";
import { initials } from "../../lib/collab/identity";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import type { RemoteMark } from "../timeline/ClipLane";
import { audioClipZone, formatDb, gainLineY, zoneCursor } from "../timeline/editGestures";
import { useAudioPreview } from "../timeline/editPreview";
import { AudioClipInteractionsContext } from "../timeline/useAudioClipInteractions";
import { tickSpan } from "../timeline/useScrollLayer";
import { useSpanTicks } from "./useSpanTicks";
import { LaneWaveformsContext } from "./LaneWaveformCanvas";
import { TakeWaveform } from "./TakeWaveform";
import timeline from "../timeline/Timeline.module.css";
import styles from "./Recording.module.css";

/**
 * One audio clip on its track's lane: its take's waveform over the frames it plays, its fades (shaded by the top
 * corners that drag them), its gain line, and who else has it selected. A drag in progress is previewed here
 * (the waveform stays drawn); the pointer's cursor says what a drag at that spot does.
 */
export const AudioClipBlock = memo(function AudioClipBlock({
  clip: stored,
  lane,
  color,
  selected,
  remote,
  comped,
  detail = true,
}: {
  clip: AudioClip;
  /**
   * Waveform, fades and gain handle (false far out, where the clip is a few pixels wide: a plain block that still
   * selects, moves and shows presence — see timeline/lod.ts).
   */
  detail?: boolean;
  lane: TakeLane | null;
  color: string;
  selected: boolean;
  remote: RemoteMark | null;
  /** The recording has a comp: the comp plays here, not this clip's take (see the take lanes). */
  comped: boolean;
}) {
  const { connection, canEditSong } = useStudio();
  const { ui } = useArrangementContext();
  const interactions = useContext(AudioClipInteractionsContext);
  /** The lane draws waveform and fades on its own canvas (laneWaveforms.ts); without one, this block does. */
  const laneDraws = useContext(LaneWaveformsContext) !== null;
  const preview = useAudioPreview(stored.id);
  const tool = useUI((s) => s.tool);
  const clip = preview ? { ...stored, ...preview.patch } : stored;
  const take = getTake(connection.songDoc, clip.takeId);
  const rate = take?.sampleRate ?? 48000;
  const frames = Math.min(clip.lengthFrames, Math.max(1, (take?.frames ?? clip.lengthFrames) - clip.offsetFrames));
  const lengthTicks = useSpanTicks(clip.startTick, frames, rate);
  const [drawn, setDrawn] = useState(false);
  /** The gain line shows while the pointer is over the block or a drag previews it (as the CSS line does). */
  const [hovered, setHovered] = useState(false);
  const gainShown = canEditSong && detail && (hovered || preview !== null);
  const passes = lane?.takes ?? [];
  const activeIndex = passes.findIndex((t) => t.id === clip.takeId);
  const zoneAt = (e: {
    clientX: number;
    clientY: number;
    currentTarget: Element;
    altKey: boolean;
    ctrlKey: boolean;
    metaKey: boolean;
  }) => {
    const r = e.currentTarget.getBoundingClientRect();
    return audioClipZone({
      x: e.clientX - r.left,
      y: e.clientY - r.top,
      width: r.width,
      height: r.height,
      gainY: gainLineY(clip.gainDb, r.height),
      slip: e.altKey && (e.ctrlKey || e.metaKey),
    });
  };
  const fadeIn = (clip.fadeInFrames / Math.max(1, frames)) * 100;
  const fadeOut = (clip.fadeOutFrames / Math.max(1, frames)) * 100;
  return (
    <div
      className={[
        timeline.clip,
        styles.audioClip,
        selected ? timeline.selected : "",
        remote ? timeline.remoteSel : "",
      ].join(" ")}
      style={{
        ...tickSpan(clip.startTick, lengthTicks),
        ["--clip-color" as string]: color,
        ["--remote" as string]: remote?.color,
      }}
      data-testid="audio-clip"
      data-clip-id={clip.id}
      data-track-id={clip.trackId}
      data-take-id={clip.takeId}
      data-start-tick={clip.startTick}
      data-length-ticks={lengthTicks}
      data-frames={frames}
      data-offset-frames={clip.offsetFrames}
      data-gain-db={clip.gainDb}
      data-fade-in={clip.fadeInFrames}
      data-fade-out={clip.fadeOutFrames}
      data-fade-in-curve={clip.fadeInCurve}
      data-fade-out-curve={clip.fadeOutCurve}
      data-reversed={clip.reversed ? "true" : undefined}
      data-selected={selected ? "true" : "false"}
      data-comped={comped ? "true" : undefined}
      data-remote-selected-by={remote?.name}
      data-previewing={preview ? "true" : undefined}
      data-peaks={detail ? (drawn ? "loaded" : "loading") : "simple"}
      title={`${take?.createdBy ? `${take.createdBy}'s take` : "Take"} — ${(frames / rate).toFixed(2)} s${passes.length > 1 ? " (double-click: take lanes)" : ""}`}
      onPointerDown={(e) => interactions?.audioClipPointerDown(e, stored, zoneAt(e))}
      onPointerMove={(e) => {
        if (e.buttons !== 0) return;
        const cursor = zoneCursor(tool === "split" ? "split" : zoneAt(e), canEditSong);
        if (e.currentTarget.style.cursor !== cursor) e.currentTarget.style.cursor = cursor;
      }}
      onPointerEnter={laneDraws ? () => setHovered(true) : undefined}
      onPointerLeave={laneDraws ? () => setHovered(false) : undefined}
      onContextMenu={(e) => interactions?.audioClipContextMenu(e, stored)}
      onDoubleClick={() => ui.toggleTakeLanes(clip.trackId, true)}
    >
      <span className={timeline.clipName}>
        {take?.createdBy || "Take"}
        {clip.reversed && " · reversed"}
        {comped ? " · comp" : passes.length > 1 && ` · take ${activeIndex + 1} of ${passes.length}`}
        {clip.gainDb !== 0 && <span className={styles.clipGain}> {formatDb(clip.gainDb)}</span>}
      </span>
      {detail && (
        <TakeWaveform
          takeId={clip.takeId}
          offsetFrames={clip.offsetFrames}
          frames={frames}
          startTick={clip.startTick}
          lengthTicks={lengthTicks}
          color="rgba(233,235,238,0.82)"
          // A clip on its track row is tall enough for a stereo take's two lanes (left above right).
          lanes={take?.channels === 2 ? 2 : 1}
          fadeIn={fadeIn / 100}
          fadeOut={fadeOut / 100}
          gainLine={laneDraws && gainShown ? gainLineY(clip.gainDb, 1) : null}
          onState={setDrawn}
        />
      )}
      {/* Only when there is a fade: over the waveform's canvas (a compositor layer of its own) an SVG is promoted to
          a layer too, and a layer per clip is what every scrolled frame's compositing update pays for. */}
      {detail && !laneDraws && (fadeIn > 0 || fadeOut > 0) && (
        <svg className={styles.fades} viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
          {fadeIn > 0 && <polygon points={`0,0 ${fadeIn},0 0,100`} data-testid="fade-in-shape" />}
          {fadeOut > 0 && <polygon points={`100,0 ${100 - fadeOut},0 100,100`} data-testid="fade-out-shape" />}
        </svg>
      )}
      {canEditSong && detail && (
        <>
          <span className={`${styles.fadeHandle} ${styles.fadeHandleIn}`} style={{ left: `${fadeIn}%` }} />
          <span className={`${styles.fadeHandle} ${styles.fadeHandleOut}`} style={{ right: `${fadeOut}%` }} />
          {/* Over a lane's canvas the lane draws the line (above the ink); this one, under it, marks the spot. */}
          <span
            className={`${styles.gainLine} ${laneDraws ? styles.gainLineOnCanvas : ""}`}
            style={{ top: `${gainLineY(clip.gainDb, 100)}%` }}
            data-testid="clip-gain-handle"
          />
        </>
      )}
      {preview?.label && (
        <span className={styles.dragLabel} data-testid="clip-drag-label">
          {preview.label}
        </span>
      )}
      {remote && (
        <span
          className={timeline.remoteTag}
          style={{ background: remote.color }}
          title={`${remote.name} selected this`}
        >
          {initials(remote.name)}
        </span>
      )}
    </div>
  );
});
