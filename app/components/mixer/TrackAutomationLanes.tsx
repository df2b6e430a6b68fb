"use client";

import { memo, useRef, type PointerEvent as ReactPointerEvent } from "react";
import {
  addAutomationPoint,
  effectSpec,
  targetRange,
  updateAutomationPoints,
  type AutomationLane,
  type MixState,
  type Track,
} from "@bandspace/model";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { useScrollLayer } from "../timeline/useScrollLayer";
import { useMix } from "../../lib/mix/useMix";
import takeStyles from "../recording/TakeLanes.module.css";
import timeline from "../timeline/Timeline.module.css";
import styles from "./Mixer.module.css";
// An automation curve is drawn like an effect's curve (grid, path, points).
import curveStyles from "../inserts/Inserts.module.css";

const SNAP = 240;

/**
 * A track's automation lanes under its row on the timeline, in the timeline's own ticks and zoom: each lane
 * that has breakpoints is drawn as its curve; click to add a breakpoint, drag one to move it (box selection,
 * shapes and deletion live in the mixer's automation editor).
 */
export const TrackAutomationLanes = memo(function TrackAutomationLanes({ track }: { track: Track }) {
  const { connection } = useStudio();
  const mix = useMix(connection.songDoc);
  const lanes = mix.lanes.filter((l) => l.strip === track.id && l.points.length > 0);
  if (lanes.length === 0) return null;
  return (
    <div
      className={takeStyles.lanes}
      style={{ ["--track-color" as string]: track.color }}
      role="group"
      aria-label={`Automation of ${track.name}`}
      data-testid="track-automation"
      data-track-id={track.id}
    >
      {lanes.map((lane) => (
        <LaneRow key={lane.key} lane={lane} mix={mix} />
      ))}
    </div>
  );
});

function label(lane: AutomationLane, mix: MixState): string {
  const [kind, id, param] = lane.target.split(":");
  if (kind === "volume") return "Volume";
  if (kind === "pan") return "Pan";
  if (kind === "mute") return "Mute";
  if (kind === "send") {
    const send = [...mix.sends.values()].flat().find((s) => s.id === id);
    return `Send → ${mix.strips.find((s) => s.id === send?.to)?.name ?? "bus"}`;
  }
  const insert = [...mix.inserts.values()].flat().find((i) => i.id === id);
  const fx = insert ? effectSpec(insert.effect) : undefined;
  if (kind === "bypass") return `${fx?.name ?? "Effect"} bypass`;
  return `${fx?.name ?? "Effect"}: ${fx?.params.find((p) => p.id === param)?.label ?? param}`;
}

function LaneRow({ lane, mix }: { lane: AutomationLane; mix: MixState }) {
  const { canEditSong: can, edit } = useStudio();
  const { view } = useArrangementContext();
  const layerRef = useRef<HTMLDivElement>(null);
  useScrollLayer(view, layerRef);
  const inserts = new Map([...mix.inserts.values()].flat().map((i) => [i.id, i]));
  const sends = new Map([...mix.sends.values()].flat().map((s) => [s.id, s]));
  const range = targetRange(lane.target, inserts, sends);
  if (!range) return null;
  const last = lane.points[lane.points.length - 1];
  const end = last.tick + 4 * 3840;
  const y = (v: number) => 1 - (v - range.min) / (range.max - range.min);
  const pointsAttr = lane.points.map((p) => `${p.tick},${y(p.value)}`).join(" ") + ` ${end},${y(last.value)}`;
  const at = (e: { clientX: number; clientY: number }) => {
    const layer = layerRef.current!.getBoundingClientRect();
    const body = layerRef.current!.parentElement!.getBoundingClientRect();
    const ppt = view.get().pxPerTick;
    const tick = Math.max(0, Math.round((e.clientX - layer.left) / ppt / SNAP) * SNAP);
    const frac = Math.min(1, Math.max(0, (e.clientY - body.top) / body.height));
    return { tick, value: range.min + (1 - frac) * (range.max - range.min) };
  };
  const onBody = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!can || e.button !== 0 || (e.target as HTMLElement).dataset.point) return;
    const p = at(e);
    edit((doc, origin) => addAutomationPoint(doc, lane.key, p, origin));
  };
  const onPoint = (id: string) => (e: ReactPointerEvent<HTMLSpanElement>) => {
    if (!can || e.button !== 0) return;
    e.stopPropagation();
    const move = (ev: PointerEvent) =>
      edit((doc, origin) => updateAutomationPoints(doc, lane.key, [{ id, ...at(ev) }], origin));
    const up = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  };
  return (
    <div className={takeStyles.lane} data-testid="track-automation-lane" data-target={lane.target}>
      <div className={takeStyles.header}>
        <span className={takeStyles.title}>{label(lane, mix)}</span>
        {!lane.enabled && <span className={takeStyles.who}>off</span>}
      </div>
      <div className={takeStyles.body} onPointerDown={onBody}>
        <div ref={layerRef} className={timeline.layer}>
          <svg
            className={styles.trackLane}
            viewBox={`0 0 ${end} 1`}
            preserveAspectRatio="none"
            style={{ width: `calc(${end} * var(--ppt) * 1px)` }}
            aria-hidden
          >
            <polyline points={pointsAttr} className={curveStyles.eqPath} />
          </svg>
          {lane.points.map((p) => (
            <span
              key={p.id}
              className={styles.trackPoint}
              style={{ left: `calc(${p.tick} * var(--ppt) * 1px)`, top: `${y(p.value) * 100}%` }}
              data-point={p.id}
              title={`${p.value.toFixed(1)} at tick ${p.tick}`}
              onPointerDown={onPoint(p.id)}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
