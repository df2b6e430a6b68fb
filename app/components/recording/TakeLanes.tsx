"use client";

import { memo, useRef, useState, type PointerEvent as ReactPointerEvent } from "react";
import {
  addAudioClip,
  compTake,
  flagTake,
  getTake,
  setActiveTake,
  snapTicks,
  type TakeFlag,
  type AudioClip,
  type Take,
  type TakeLane,
  type Track,
} from "@bandspace/model";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { beginDrag } from "../timeline/drag";
import { useEditStep } from "../timeline/useEditStep";
import { tickSpan, useScrollLayer } from "../timeline/useScrollLayer";
import { CompRow } from "./CompRow";
import { useCompSegments, useTakeFlags } from "./useComp";
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
 * everyone (edit links); the playing take is marked. Swiping across a take comps it: that take plays in the swiped
 * range (the comp row above shows which take plays where). Reviewers star takes. Opening the lanes is a view
 * choice, yours alone.
 */
export const TakeLanes = memo(function TakeLanes({ track }: { track: Track }) {
  const open = useUI((s) => s.takeLanesOpen.includes(track.id));
  if (!open || track.kind !== "audio") return null;
  return <OpenTakeLanes track={track} />;
});

function OpenTakeLanes({ track }: { track: Track }) {
  const { lanes, clips } = useTrackAudio(track.id);
  const { ui } = useArrangementContext();
  const segments = useCompSegments(track.id);
  const flags = useTakeFlags();
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
        <>
          <CompRow track={track} segments={segments} />
          {Array.from({ length: count }, (_, i) => (
            <TakeLaneRow key={i} index={i} lanes={lanes} clips={clips} color={track.color} flags={flags} />
          ))}
        </>
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
  flags,
}: {
  index: number;
  lanes: TakeLane[];
  clips: AudioClip[];
  color: string;
  flags: ReadonlyMap<string, TakeFlag>;
}) {
  const { view } = useArrangementContext();
  const layerRef = useRef<HTMLDivElement>(null);
  useScrollLayer(view, layerRef);
  const [swipe, setSwipe] = useState<{ from: number; to: number } | null>(null);
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
              flag={flags.get(take.id) ?? null}
              onSwipe={setSwipe}
            />
          ))}
          {swipe && (
            <span
              className={styles.swipe}
              style={tickSpan(swipe.from, Math.max(1, swipe.to - swipe.from))}
              data-testid="comp-swipe"
            />
          )}
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
  flag,
  onSwipe,
}: {
  take: Take;
  clip: AudioClip | null;
  active: boolean;
  index: number;
  color: string;
  flag: TakeFlag | null;
  onSwipe: (range: { from: number; to: number } | null) => void;
}) {
  const { connection, edit, canEditSong, userId, origin } = useStudio();
  const step = useEditStep();
  const { view, ui } = useArrangementContext();
  // The whole take, where it was recorded: that is where a comp plays it, so every part of it can be swiped.
  const startTick = take.startTick;
  const offset = 0;
  const frames = Math.max(1, take.frames);
  const lengthTicks = useSpanTicks(startTick, frames, take.sampleRate);
  const canFlag = connection.canWrite("comments");
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
  /** A swipe across the take comps it over the swiped range (snapped; Shift for anywhere); a click picks it. */
  const press = (e: ReactPointerEvent<HTMLElement>) => {
    if (e.button !== 0 || !canEditSong) return;
    e.stopPropagation();
    const left = e.currentTarget.parentElement!.getBoundingClientRect().left;
    const tickAt = (x: number) => Math.max(0, (x - left) / view.get().pxPerTick);
    const tempo = connection.arrangement.get().tempoMap;
    const from0 = tickAt(e.clientX);
    let range: { from: number; to: number } | null = null;
    beginDrag(e, {
      move: (_dx, _dy, ev) => {
        const grid = ui.get().snap;
        const snap = (t: number) => (ev.shiftKey || grid === "off" ? Math.round(t) : snapTicks(t, grid, tempo));
        const a = snap(Math.min(from0, tickAt(ev.clientX)));
        const b = snap(Math.max(from0, tickAt(ev.clientX)));
        range = b > a ? { from: a, to: b } : null;
        onSwipe(range);
      },
      end: () => {
        onSwipe(null);
        const r = range;
        if (r) step((doc, origin) => compTake(doc, { takeId: take.id, startTick: r.from, endTick: r.to }, origin));
      },
      cancel: () => onSwipe(null),
      click: choose,
    });
  };
  const who = take.createdBy || "Take";
  const name = `${who}, take ${index + 1}`;
  const title = active
    ? `${name} — playing`
    : !canEditSong
      ? name
      : clip
        ? `${name} — click to play this take, swipe to comp it`
        : `${name} — not on the timeline; click to put it back`;
  return (
    <div
      role="button"
      tabIndex={canEditSong ? 0 : -1}
      className={`${timeline.clip} ${styles.take} ${active ? styles.active : ""} ${clip ? "" : styles.offTimeline}`}
      style={{ ...tickSpan(startTick, lengthTicks), ["--clip-color" as string]: color }}
      aria-pressed={active}
      aria-label={title}
      title={title}
      data-testid="take-lane-take"
      data-take-id={take.id}
      data-pass-index={take.passIndex}
      data-active={active ? "true" : "false"}
      data-flagged={flag ? "true" : "false"}
      onMouseDown={(e) => e.stopPropagation()}
      onPointerDown={press}
      onKeyDown={(e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          e.stopPropagation();
          choose();
        }
      }}
    >
      <span className={styles.inner}>
        <span className={`${timeline.clipName} ${styles.name}`}>
          {active && <Icon name="play" size={9} />} {who}
        </span>
        <TakeWaveform
          takeId={take.id}
          offsetFrames={offset}
          frames={frames}
          startTick={startTick}
          lengthTicks={lengthTicks}
          color={active ? "rgba(233,235,238,0.85)" : "rgba(233,235,238,0.5)"}
        />
      </span>
      <button
        type="button"
        className={styles.star}
        aria-pressed={!!flag}
        aria-label={flag ? `Unstar take ${index + 1} (starred by ${flag.byName})` : `Star take ${index + 1}`}
        title={flag ? `Starred by ${flag.byName}` : canFlag ? "Star this take" : "Not starred"}
        disabled={!canFlag}
        data-testid="take-star"
        onPointerDown={(e) => e.stopPropagation()}
        onClick={(e) => {
          e.stopPropagation();
          if (!canFlag) return;
          try {
            flagTake(connection.commentsDoc, take.id, !flag, { userId, name: connection.localUser.name }, origin);
          } catch (err) {
            console.error("Flag failed", err);
          }
        }}
      >
        <Icon name="star" size={11} />
      </button>
    </div>
  );
}
