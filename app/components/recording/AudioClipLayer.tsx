"use client";

import { memo, useState } from "react";
import { getTake, moveAudioClip, deleteAudioClip, type AudioClip, type TakeLane, type Track } from "@bandspace/model";
import { useArrangementSelector } from "../../lib/collab/useArrangement";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { tickSpan } from "../timeline/useScrollLayer";
import { useTrackAudio } from "./useAudioClips";
import { useLiveTakesVersion } from "./useRecording";
import { Waveform } from "./Waveform";
import { TakeWaveform } from "./TakeWaveform";
import timeline from "../timeline/Timeline.module.css";
import styles from "./Recording.module.css";

/** An audio track's clips (with waveforms and their take lanes) and the takes being recorded on it right now. */
export const AudioClipLayer = memo(function AudioClipLayer({ track }: { track: Track }) {
  const { clips, lanes } = useTrackAudio(track.id);
  const { recording } = useArrangementContext();
  useLiveTakesVersion();
  const live = [...recording.live.takes.values()].filter((t) => t.trackId === track.id);
  const placed = new Set(clips.map((c) => c.takeId));
  return (
    <>
      {clips.map((c) => (
        <AudioClipBlock
          key={c.id}
          clip={c}
          lane={lanes.find((l) => l.groupId === c.groupId) ?? null}
          color={track.color}
        />
      ))}
      {live
        .filter((t) => !placed.has(t.takeId))
        .map((t) => (
          <LiveTakeBlock key={t.takeId} takeId={t.takeId} color={track.color} />
        ))}
    </>
  );
});

/** Ticks spanned by `frames` of audio starting at `startTick` (through the tempo map). */
export function useSpanTicks(startTick: number, frames: number, sampleRate: number): number {
  const { connection } = useStudio();
  const map = useArrangementSelector(connection, (a) => a.tempoMap);
  const start = map.ticksToSeconds(startTick);
  return Math.max(1, Math.round(map.secondsToTicks(start + frames / sampleRate) - startTick));
}

function AudioClipBlock({ clip, lane, color }: { clip: AudioClip; lane: TakeLane | null; color: string }) {
  const { connection, edit, canEditSong } = useStudio();
  const { ui } = useArrangementContext();
  const take = getTake(connection.songDoc, clip.takeId);
  const rate = take?.sampleRate ?? 48000;
  const frames = Math.min(clip.lengthFrames, Math.max(1, (take?.frames ?? clip.lengthFrames) - clip.offsetFrames));
  const lengthTicks = useSpanTicks(clip.startTick, frames, rate);
  const [drawn, setDrawn] = useState(false);
  const passes = lane?.takes ?? [];
  const activeIndex = passes.findIndex((t) => t.id === clip.takeId);
  return (
    <div
      className={`${timeline.clip} ${styles.audioClip}`}
      style={{ ...tickSpan(clip.startTick, lengthTicks), ["--clip-color" as string]: color }}
      data-testid="audio-clip"
      data-clip-id={clip.id}
      data-take-id={clip.takeId}
      data-start-tick={clip.startTick}
      data-length-ticks={lengthTicks}
      data-frames={frames}
      data-peaks={drawn ? "loaded" : "loading"}
      title={`${take?.createdBy ? `${take.createdBy}'s take` : "Take"} — ${(frames / rate).toFixed(2)} s${passes.length > 1 ? " (double-click: take lanes)" : ""}`}
      onKeyDown={(e) => {
        if ((e.key === "Delete" || e.key === "Backspace") && canEditSong)
          edit((doc, origin) => deleteAudioClip(doc, clip.id, origin));
      }}
      onDoubleClick={() => ui.toggleTakeLanes(clip.trackId, true)}
      tabIndex={0}
    >
      <span className={timeline.clipName}>
        {take?.createdBy || "Take"}
        {passes.length > 1 && ` · take ${activeIndex + 1} of ${passes.length}`}
      </span>
      <TakeWaveform
        takeId={clip.takeId}
        offsetFrames={clip.offsetFrames}
        frames={frames}
        color="rgba(233,235,238,0.82)"
        onState={setDrawn}
      />
      {canEditSong && (
        <span className={styles.nudge}>
          <button
            type="button"
            aria-label="Move earlier by one beat"
            onMouseDown={(e) => e.stopPropagation()}
            onClick={() =>
              edit((doc, o) => moveAudioClip(doc, clip.id, { startTick: Math.max(0, clip.startTick - 960) }, o))
            }
          >
            ‹
          </button>
          <button
            type="button"
            aria-label="Move later by one beat"
            onMouseDown={(e) => e.stopPropagation()}
            onClick={() => edit((doc, o) => moveAudioClip(doc, clip.id, { startTick: clip.startTick + 960 }, o))}
          >
            ›
          </button>
        </span>
      )}
    </div>
  );
}

function LiveTakeBlock({ takeId, color }: { takeId: string; color: string }) {
  const { recording } = useArrangementContext();
  const take = recording.live.takes.get(takeId);
  const lengthTicks = useSpanTicks(take?.startTick ?? 0, Math.max(1, take?.frames ?? 1), take?.sampleRate ?? 48000);
  if (!take) return null;
  return (
    <div
      className={`${timeline.clip} ${styles.audioClip} ${styles.liveTake}`}
      style={{ ...tickSpan(take.startTick, lengthTicks), ["--clip-color" as string]: color }}
      data-testid="live-take"
      data-take-id={takeId}
      data-frames={take.frames}
      data-mine={take.mine ? "true" : "false"}
      data-missed-frames={take.missedFrames}
      title={`${take.createdBy || "Someone"} is recording`}
    >
      <span className={timeline.clipName}>
        <span className={styles.recDot} /> {take.mine ? "Recording" : `${take.createdBy || "Bandmate"} recording`}
      </span>
      <Waveform peaks={take.peaks} count={take.peakCount} version={take.version} color="rgba(255,255,255,0.85)" />
    </div>
  );
}
