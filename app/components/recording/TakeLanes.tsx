"use client";

import { memo, useRef } from "react";
import {
  addAudioClip,
  getTake,
  setActiveTake,
  type AudioClip,
  type Take,
  type TakeLane,
  type Track,
} from "@bandspace/model";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { tickSpan, useScrollLayer } from "../timeline/useScrollLayer";
import { Icon } from "../common/Icon";
import { useSpanTicks } from "./useSpanTicks";
import { TakeWaveform } from "./TakeWaveform";
import { useTrackAudio } from "./useAudioClips";
import timeline from "../timeline/Timeline.module.css";
import styles from "./TakeLanes.module.css";

/**
 * An audio track's take lanes, shown under its row when opened (the header's lanes button, Alt+T, or a
 * double-click on a clip): lane n holds pass n of every recording on the track — a loop recording makes one
 * take per pass — each drawn where its clip plays. Clicking a take makes it the one its clip plays, for
 * everyone (edit links); the playing take is marked. Opening the lanes is a view choice, yours alone.
 */
export const TakeLanes = memo(function TakeLanes({ track }: { track: Track }) {
  const open = useUI((s) => s.takeLanesOpen.includes(track.id));
  if (!open || track.kind !== "audio") return null;
  return <OpenTakeLanes track={track} />;
});

function OpenTakeLanes({ track }: { track: Track }) {
  const { lanes, clips } = useTrackAudio(track.id);
  const { ui } = useArrangementContext();
  const count = Math.max(0, ...lanes.map((l) => l.takes.length));
  return (
    <div
      className={styles.lanes}
      style={{ ["--track-color" as string]: track.color }}
      role="group"
      aria-label={`Take lanes of ${track.name}`}
      data-testid="take-lanes"
      data-track-id={track.id}
      data-lane-count={count}
    >
      {count === 0 ? (
        <div className={styles.lane}>
          <div className={styles.header}>
            <span className={styles.title}>Takes</span>
          </div>
          <div className={styles.empty} data-testid="take-lanes-empty">
            No takes yet. Arm the track and press R; with loop on, every pass over the loop becomes a take here.
          </div>
        </div>
      ) : (
        Array.from({ length: count }, (_, i) => (
          <TakeLaneRow key={i} index={i} lanes={lanes} clips={clips} color={track.color} />
        ))
      )}
      <button
        type="button"
        className={`icon-btn icon-btn-sm ${styles.close}`}
        aria-label={`Hide the take lanes of ${track.name}`}
        title="Hide take lanes (Alt+T)"
        data-testid="take-lanes-close"
        onClick={() => ui.toggleTakeLanes(track.id, false)}
      >
        <Icon name="close" size={11} />
      </button>
    </div>
  );
}

function TakeLaneRow({
  index,
  lanes,
  clips,
  color,
}: {
  index: number;
  lanes: TakeLane[];
  clips: AudioClip[];
  color: string;
}) {
  const { view } = useArrangementContext();
  const layerRef = useRef<HTMLDivElement>(null);
  useScrollLayer(view, layerRef);
  const takes = lanes.flatMap((lane) => {
    const take = lane.takes[index];
    return take ? [{ lane, take, clip: clips.find((c) => c.id === lane.clipId) ?? null }] : [];
  });
  const people = [...new Set(takes.map((t) => t.take.createdBy).filter(Boolean))];
  return (
    <div className={styles.lane} data-testid="take-lane" data-index={index}>
      <div className={styles.header}>
        <span className={styles.title}>Take {index + 1}</span>
        {people.length > 0 && <span className={styles.who}>{people.join(", ")}</span>}
      </div>
      <div className={styles.body}>
        <div ref={layerRef} className={timeline.layer}>
          {takes.map(({ lane, take, clip }) => (
            <TakeBlock
              key={take.id}
              take={take}
              clip={clip}
              active={lane.activeTakeId === take.id}
              index={index}
              color={color}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

function TakeBlock({
  take,
  clip,
  active,
  index,
  color,
}: {
  take: Take;
  clip: AudioClip | null;
  active: boolean;
  index: number;
  color: string;
}) {
  const { connection, edit, canEditSong } = useStudio();
  // A take plays through its recording's clip: the clip's place and trim apply to every pass.
  const startTick = clip?.startTick ?? take.startTick;
  const offset = clip?.offsetFrames ?? 0;
  const frames = Math.max(1, Math.min(clip?.lengthFrames ?? take.frames, take.frames - offset));
  const lengthTicks = useSpanTicks(startTick, frames, take.sampleRate);
  const choose = () => {
    if (active || !canEditSong) return;
    // A bandmate may have changed things since this rendered: the model refuses and the edit is dropped.
    if (!getTake(connection.songDoc, take.id)) return;
    edit((doc, origin) => {
      // With its clip deleted (or the recording undone), picking a take puts a clip playing it back.
      if (clip) setActiveTake(doc, clip.id, take.id, origin);
      else addAudioClip(doc, { takeId: take.id }, origin);
    });
  };
  const who = take.createdBy || "Take";
  const name = `${who}, take ${index + 1}`;
  const title = active
    ? `${name} — playing`
    : !canEditSong
      ? name
      : clip
        ? `${name} — click to play this take`
        : `${name} — not on the timeline; click to put it back`;
  return (
    <button
      type="button"
      className={`${timeline.clip} ${styles.take} ${active ? styles.active : ""} ${clip ? "" : styles.offTimeline}`}
      style={{ ...tickSpan(startTick, lengthTicks), ["--clip-color" as string]: color }}
      aria-pressed={active}
      aria-label={title}
      title={title}
      disabled={!canEditSong && !active}
      data-testid="take-lane-take"
      data-take-id={take.id}
      data-pass-index={take.passIndex}
      data-active={active ? "true" : "false"}
      onMouseDown={(e) => e.stopPropagation()}
      onClick={choose}
    >
      {/* A button centres its content; the block is laid out like a clip inside this. */}
      <span className={styles.inner}>
        <span className={`${timeline.clipName} ${styles.name}`}>
          {active && <Icon name="play" size={9} />} {who}
        </span>
        <TakeWaveform
          takeId={take.id}
          offsetFrames={offset}
          frames={frames}
          color={active ? "rgba(233,235,238,0.85)" : "rgba(233,235,238,0.5)"}
        />
      </span>
    </button>
  );
}
