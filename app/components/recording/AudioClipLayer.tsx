"use client";

import { memo, useContext, useMemo } from "react";
import type { CullRange } from "../timeline/useCullRange";
import { audioClipInDetail } from "../timeline/lod";
import { audioClipEndTick, getTake, setCrossfadeLaw, type AudioClip, type Track } from "@bandspace/model";
import { useArrangementSelector } from "../../lib/collab/useArrangement";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { RemoteClipsContext } from "../timeline/ClipLane";
import { tickSpan } from "../timeline/useScrollLayer";
import { useEditStep } from "../timeline/useEditStep";
import { useGradualMount, MOUNTS_PER_FRAME } from "../timeline/useGradualMount";
import { useGradualKeys } from "../timeline/useGradualKeys";
import { keysNearestFirst } from "../timeline/gradualMount";
import { AudioClipBlock } from "./AudioClipBlock";
import { useTrackAudio } from "./useAudioClips";
import { useCompSegments } from "./useComp";
import { useLiveTakesVersion } from "./useRecording";
import { useSpanTicks } from "./useSpanTicks";
import { Waveform } from "./Waveform";
import timeline from "../timeline/Timeline.module.css";
import styles from "./Recording.module.css";

const NO_IDS: readonly string[] = [];
const clipKey = (s: { clip: AudioClip }) => s.clip.id;
/**
 * Mounted clips a lane switches to detail view (waveform, handles) per frame. Zooming back in from "fit all" turns
 * every mounted plain block of every lane into a detailed one at once: that commit was the longest frame of the
 * timeline (about 150 ms at load 7); spread out, nearest the screen first, the screen fills within a few frames.
 */
const DETAIL_SWITCHES_PER_FRAME = 2;

/**
 * An audio track's clips (with waveforms, fades, gain and their take lanes), the crossfades where two of them
 * overlap, and the takes being recorded on it right now.
 */
export const AudioClipLayer = memo(function AudioClipLayer({
  track,
  cull,
  layoutPxPerTick,
}: {
  track: Track;
  /** Ticks to mount clips for (the lane's culling range). */
  cull: CullRange;
  /** The zoom blocks are laid out at: narrow clips are plain blocks (lod.ts). */
  layoutPxPerTick: number;
}) {
  const { clips, lanes } = useTrackAudio(track.id);
  const { connection } = useStudio();
  const { recording, view } = useArrangementContext();
  const tempo = useArrangementSelector(connection, (a) => a.tempoMap);
  const shown = useMemo(() => {
    const doc = connection.songDoc;
    const out: { clip: AudioClip; endTick: number; detail: boolean }[] = [];
    for (const c of clips) {
      const take = getTake(doc, c.takeId);
      const end = take ? audioClipEndTick(tempo, c, take) : c.startTick + 1;
      if (c.startTick >= cull.to || end <= cull.from) continue;
      out.push({ clip: c, endTick: end, detail: audioClipInDetail(end - c.startTick, layoutPxPerTick) });
    }
    return out;
  }, [clips, cull, layoutPxPerTick, tempo, connection]);
  const mounted = useGradualMount(shown, clipKey, MOUNTS_PER_FRAME);
  // Which clips may show detail, nearest the screen first (the view as it is when the lane renders).
  const detailKeys = useMemo(() => {
    const { scrollX, pxPerTick, width } = view.get();
    const spans = shown
      .filter((s) => s.detail)
      .map((s) => ({ key: s.clip.id, startTick: s.clip.startTick, endTick: s.endTick }));
    return keysNearestFirst(spans, scrollX / pxPerTick, (scrollX + width) / pxPerTick);
  }, [shown, view]);
  const detailed = useGradualKeys(detailKeys, DETAIL_SWITCHES_PER_FRAME);
  const remote = useContext(RemoteClipsContext);
  const selectedIds = useUI((s) => (s.selection?.kind === "clip" ? s.selection.ids : NO_IDS));
  const segments = useCompSegments(track.id);
  const comped = new Set(segments.map((s) => s.groupId));
  useLiveTakesVersion();
  const live = [...recording.live.takes.values()].filter((t) => t.trackId === track.id);
  const placed = new Set(clips.map((c) => c.takeId));
  return (
    <>
      {mounted.map(({ clip: c, detail }) => (
        <AudioClipBlock
          key={c.id}
          clip={c}
          detail={detail && detailed.has(c.id)}
          lane={lanes.find((l) => l.groupId === c.groupId) ?? null}
          color={track.color}
          selected={selectedIds.includes(c.id)}
          remote={remote.get(c.id) ?? null}
          comped={comped.has(c.groupId)}
        />
      ))}
      <Crossfades clips={clips} cull={cull} />
      {live
        .filter((t) => !placed.has(t.takeId))
        .map((t) => (
          <LiveTakeBlock key={t.takeId} takeId={t.takeId} color={track.color} />
        ))}
    </>
  );
});

/**
 * Where a clip starts before the previous one on its track ends, the overlap is a crossfade (by the later clip's
 * law): shown as an X over the overlap; a click switches equal-power ⇄ equal-gain.
 */
function Crossfades({ clips, cull }: { clips: readonly AudioClip[]; cull: CullRange }) {
  const { connection, canEditSong } = useStudio();
  const step = useEditStep();
  const tempo = useArrangementSelector(connection, (a) => a.tempoMap);
  const overlaps = useMemo(() => {
    const doc = connection.songDoc;
    const sorted = [...clips].sort((a, b) => a.startTick - b.startTick || (a.id < b.id ? -1 : 1));
    const out: { clip: AudioClip; from: number; to: number }[] = [];
    let prevEnd = -1;
    for (const c of sorted) {
      const take = getTake(doc, c.takeId);
      const end = take ? audioClipEndTick(tempo, c, take) : c.startTick + 1;
      if (prevEnd > c.startTick) out.push({ clip: c, from: c.startTick, to: Math.min(prevEnd, end) });
      prevEnd = Math.max(prevEnd, end);
    }
    return out.filter((o) => o.from < cull.to && o.to > cull.from);
  }, [clips, tempo, connection, cull]);
  return overlaps.map(({ clip, from, to }) => {
    const law = clip.crossfadeLaw;
    const next = law === "equal-power" ? "equal-gain" : "equal-power";
    return (
      <button
        key={clip.id}
        type="button"
        className={styles.crossfade}
        style={tickSpan(from, Math.max(1, to - from))}
        data-testid="crossfade"
        data-clip-id={clip.id}
        data-law={law}
        disabled={!canEditSong}
        title={`Crossfade (${law})${canEditSong ? ` — click for ${next}` : ""}`}
        aria-label={`Crossfade, ${law}`}
        onPointerDown={(e) => e.stopPropagation()}
        onClick={() => step((doc, origin) => setCrossfadeLaw(doc, clip.id, next, origin))}
      >
        <span>{law === "equal-power" ? "EP" : "EG"}</span>
      </button>
    );
  });
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
