"use client";

import { memo, useEffect, useState } from "react";
import { TAKE_SAMPLES_PER_PEAK, type TakePeaks } from "@bandspace/protocol";
import { getTake, moveAudioClip, setActiveTake, deleteAudioClip, type AudioClip, type TakeLane, type Track } from "@bandspace/model";
import { useArrangementSelector } from "../../lib/collab/useArrangement";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { tickSpan } from "../timeline/useScrollLayer";
import { useTrackAudio } from "./useAudioClips";
import { useLiveTakesVersion } from "./useRecording";
import { Waveform } from "./Waveform";
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
        <AudioClipBlock key={c.id} clip={c} lane={lanes.find((l) => l.groupId === c.groupId) ?? null} color={track.color} />
      ))}
      {live
        .filter((t) => !placed.has(t.takeId))
        .map((t) => (
          <LiveTakeBlock key={t.takeId} takeId={t.takeId} color={track.color} />
        ))}
    </>
  );
});

function useSpanTicks(startTick: number, frames: number, sampleRate: number): number {
  const { connection } = useStudio();
  const map = useArrangementSelector(connection, (a) => a.tempoMap);
  const start = map.ticksToSeconds(startTick);
  return Math.max(1, Math.round(map.secondsToTicks(start + frames / sampleRate) - startTick));
}

function AudioClipBlock({ clip, lane, color }: { clip: AudioClip; lane: TakeLane | null; color: string }) {
  const { connection, edit, canEditSong } = useStudio();
  const { recording } = useArrangementContext();
  const take = getTake(connection.songDoc, clip.takeId);
  const rate = take?.sampleRate ?? 48000;
  const frames = Math.min(clip.lengthFrames, Math.max(1, (take?.frames ?? clip.lengthFrames) - clip.offsetFrames));
  const lengthTicks = useSpanTicks(clip.startTick, frames, rate);
  const [peaks, setPeaks] = useState<TakePeaks | null>(null);
  useEffect(() => {
    let live = true;
    void recording.peaks(clip.takeId).then((p) => live && setPeaks(p));
    return () => {
      live = false;
    };
  }, [recording, clip.takeId]);
  const mono = peaks ? monoPeaks(peaks) : null;
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
      data-peaks={mono ? "loaded" : "loading"}
      title={`${take?.createdBy ? `${take.createdBy}'s take` : "Take"} — ${(frames / rate).toFixed(2)} s`}
      onKeyDown={(e) => {
        if ((e.key === "Delete" || e.key === "Backspace") && canEditSong) edit((doc, origin) => deleteAudioClip(doc, clip.id, origin));
      }}
      tabIndex={0}
    >
      <span className={timeline.clipName}>
        {take?.createdBy || "Take"}
        {passes.length > 1 && ` · pass ${activeIndex + 1}/${passes.length}`}
      </span>
      {mono && (
        <Waveform
          peaks={mono.peaks}
          count={mono.count}
          from={Math.floor(clip.offsetFrames / mono.spp)}
          to={Math.min(mono.count, Math.ceil((clip.offsetFrames + frames) / mono.spp))}
          color="rgba(233,235,238,0.82)"
        />
      )}
      {passes.length > 1 && canEditSong && (
        <select
          className={styles.passSelect}
          aria-label="Active take"
          data-testid="take-pass-select"
          value={clip.takeId}
          onMouseDown={(e) => e.stopPropagation()}
          onChange={(e) => edit((doc, origin) => setActiveTake(doc, clip.id, e.target.value, origin))}
        >
          {passes.map((t, i) => (
            <option key={t.id} value={t.id}>
              Pass {i + 1}
            </option>
          ))}
        </select>
      )}
      {canEditSong && (
        <span className={styles.nudge}>
          <button type="button" aria-label="Move earlier by one beat" onMouseDown={(e) => e.stopPropagation()} onClick={() => edit((doc, o) => moveAudioClip(doc, clip.id, { startTick: Math.max(0, clip.startTick - 960) }, o))}>
            ‹
          </button>
          <button type="button" aria-label="Move later by one beat" onMouseDown={(e) => e.stopPropagation()} onClick={() => edit((doc, o) => moveAudioClip(doc, clip.id, { startTick: clip.startTick + 960 }, o))}>
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
      title={`${take.createdBy || "Someone"} is recording`}
    >
      <span className={timeline.clipName}>
        <span className={styles.recDot} /> {take.mine ? "Recording" : `${take.createdBy || "Bandmate"} recording`}
      </span>
      <Waveform peaks={take.peaks} count={take.peakCount} version={take.version} color="rgba(255,255,255,0.85)" />
    </div>
  );
}

/** The server's peaks as one mono min/max series (channels merged). */
function monoPeaks(p: TakePeaks): { peaks: Float32Array; count: number; spp: number } {
  const count = Math.floor((p.peaks[0]?.length ?? 0) / 2);
  const out = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const ch of p.peaks) {
      lo = Math.min(lo, ch[i * 2]!);
      hi = Math.max(hi, ch[i * 2 + 1]!);
    }
    out[i * 2] = lo;
    out[i * 2 + 1] = hi;
  }
  return { peaks: out, count, spp: p.samplesPerPeak || TAKE_SAMPLES_PER_PEAK };
}
