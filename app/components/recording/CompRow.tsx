"use client";

import { useRef, useState, type PointerEvent as ReactPointerEvent } from "react";
import { COMP_LIMITS, flattenComp, getTake, setCompCrossfade, type CompSegment, type Track } from "@bandspace/model";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { beginDrag } from "../timeline/drag";
import { useEditStep } from "../timeline/useEditStep";
import { tickSpan, useScrollLayer } from "../timeline/useScrollLayer";
import timeline from "../timeline/Timeline.module.css";
import styles from "./TakeLanes.module.css";

/**
 * The comp row above a track's take lanes: which take plays where (one block per comp segment, named by its
 * pass), a handle on every boundary whose drag lengthens or shortens its crossfade, and Flatten comp, which turns
 * the comp into ordinary clips. Swipes on the lanes below make the segments.
 */
export function CompRow({ track, segments }: { track: Track; segments: readonly CompSegment[] }) {
  const { connection, canEditSong } = useStudio();
  const step = useEditStep();
  const { view } = useArrangementContext();
  const layerRef = useRef<HTMLDivElement>(null);
  useScrollLayer(view, layerRef);
  const [draft, setDraft] = useState<{ id: string; ticks: number } | null>(null);
  const groups = [...new Set(segments.map((s) => s.groupId))];

  const dragCrossfade = (e: ReactPointerEvent<HTMLElement>, s: CompSegment) => {
    if (!canEditSong || e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    const ticksPerPx = 1 / Math.max(1e-9, view.get().pxPerTick);
    let ticks = s.crossfadeTicks;
    beginDrag(e, {
      move: (dx) => {
        // The handle is centred on the boundary: dragging its side out by n ticks widens it by 2n.
        ticks = Math.round(
          Math.min(COMP_LIMITS.maxCrossfadeTicks, Math.max(0, s.crossfadeTicks + 2 * dx * ticksPerPx)),
        );
        setDraft({ id: s.id, ticks });
      },
      end: () => {
        setDraft(null);
        if (ticks !== s.crossfadeTicks) step((doc, origin) => setCompCrossfade(doc, s.id, ticks, origin));
      },
      cancel: () => setDraft(null),
    });
  };

  return (
    <div className={styles.lane} data-testid="comp-row" data-segment-count={segments.length}>
      <div className={styles.header}>
        <span className={styles.title}>Comp</span>
        {canEditSong && groups.length > 0 && (
          <button
            type="button"
            className={`btn btn-sm ${styles.flatten}`}
            data-testid="flatten-comp"
            title="Turn the comp into ordinary clips"
            onClick={() => step((doc, origin) => groups.forEach((g) => flattenComp(doc, track.id, g, origin)))}
          >
            Flatten comp
          </button>
        )}
      </div>
      <div className={styles.body}>
        {segments.length === 0 && <div className={styles.empty}>Swipe across a take below to make it play there.</div>}
        <div ref={layerRef} className={timeline.layer}>
          {segments.map((s, i) => {
            const take = getTake(connection.songDoc, s.takeId);
            const meets = i > 0 && segments[i - 1].endTick === s.startTick && segments[i - 1].groupId === s.groupId;
            const xf = draft?.id === s.id ? draft.ticks : s.crossfadeTicks;
            return (
              <div key={s.id}>
                <div
                  className={`${timeline.clip} ${styles.segment}`}
                  style={{ ...tickSpan(s.startTick, s.endTick - s.startTick), ["--clip-color" as string]: track.color }}
                  data-testid="comp-segment"
                  data-take-id={s.takeId}
                  data-start-tick={s.startTick}
                  data-end-tick={s.endTick}
                >
                  <span className={timeline.clipName}>Take {(take?.passIndex ?? 0) + 1}</span>
                </div>
                {meets && (
                  <span
                    className={styles.compXfade}
                    style={tickSpan(s.startTick - xf / 2, Math.max(1, xf))}
                    data-testid="comp-crossfade"
                    data-segment-id={s.id}
                    data-ticks={xf}
                    title={`Crossfade ${xf} ticks${canEditSong ? " — drag to lengthen" : ""}`}
                    onPointerDown={(e) => dragCrossfade(e, s)}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
