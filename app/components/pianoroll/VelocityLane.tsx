"use client";

import { memo, useRef, useState } from "react";
import { updateNotes, type Note } from "@bandspace/model";
import { clamp, visibleNotes, type Viewport } from "./geometry";
import type { Commit } from "./PianoRoll";
import styles from "./PianoRoll.module.css";

const LANE_H = 64;
const PAD = 6;

type VelGesture =
  /** Dragging one stem: it (or the whole selection, by the same amount) follows the pointer. */
  | { kind: "drag"; ids: string[]; anchor: Note; values: Map<string, number> }
  /** Drawing across the lane: every stem the pointer passes is set to the pointer's height. */
  | { kind: "paint"; lastX: number; values: Map<string, number> };

/**
 * Velocity lane under the roll: one stem per note at its start, height = velocity. Drag a stem (the selection
 * moves with it), or draw across stems; committed as one updateNotes on pointer-up.
 */
export function VelocityLane({
  notes,
  viewport,
  scrollLeft,
  innerRef,
  keyW,
  ppt,
  selected,
  readOnly,
  clipId,
  commit,
}: {
  notes: Note[];
  viewport: Viewport;
  /** The roll's horizontal scroll now (the roll moves `innerRef` on every scroll frame). */
  scrollLeft: () => number;
  innerRef: React.RefObject<HTMLDivElement | null>;
  keyW: number;
  ppt: number;
  selected: ReadonlySet<string>;
  readOnly: boolean;
  clipId: string;
  commit: Commit;
}) {
  const laneRef = useRef<HTMLDivElement>(null);
  const [gesture, setGestureState] = useState<VelGesture | null>(null);
  const gestureRef = useRef<VelGesture | null>(null);
  const setGesture = (g: VelGesture | null) => {
    gestureRef.current = g;
    setGestureState(g);
  };

  const shown = visibleNotes(notes, { ...viewport, pitchLow: 0, pitchHigh: 127 });
  // Selected stems drawn last, so they sit on top of unselected ones at the same tick.
  shown.sort((a, b) => Number(selected.has(a.id)) - Number(selected.has(b.id)));

  const pointAt = (clientX: number, clientY: number) => {
    const r = laneRef.current!.getBoundingClientRect();
    const x = clientX - r.left + scrollLeft();
    const y = clientY - r.top;
    const velocity = clamp(Math.round(((LANE_H - PAD - y) / (LANE_H - 2 * PAD)) * 127), 1, 127);
    return { x, velocity };
  };

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    if (readOnly || e.button !== 0) return;
    e.preventDefault();
    const pt = pointAt(e.clientX, e.clientY);
    // The stem under the pointer: selected ones first, then the nearest.
    let hit: Note | null = null;
    let best = Infinity;
    for (const n of shown) {
      const d = Math.abs(n.startTick * ppt - pt.x);
      if (d > 5) continue;
      const score = d - (selected.has(n.id) ? 10 : 0);
      if (score < best) {
        best = score;
        hit = n;
      }
    }
    laneRef.current!.setPointerCapture(e.pointerId);
    if (hit) {
      const ids = selected.has(hit.id) ? notes.filter((n) => selected.has(n.id)).map((n) => n.id) : [hit.id];
      const g: VelGesture = { kind: "drag", ids, anchor: hit, values: new Map() };
      applyDrag(g, pt.velocity);
      setGesture(g);
    } else {
      const g: VelGesture = { kind: "paint", lastX: pt.x, values: new Map() };
      applyPaint(g, pt.x, pt.velocity);
      setGesture(g);
    }
  };

  const applyDrag = (g: Extract<VelGesture, { kind: "drag" }>, velocity: number) => {
    const delta = velocity - g.anchor.velocity;
    const byId = new Map(notes.map((n) => [n.id, n]));
    for (const id of g.ids) {
      const n = byId.get(id);
      if (n) g.values.set(id, clamp(n.velocity + delta, 1, 127));
    }
  };
  const applyPaint = (g: Extract<VelGesture, { kind: "paint" }>, x: number, velocity: number) => {
    const lo = Math.min(g.lastX, x) - 3;
    const hi = Math.max(g.lastX, x) + 3;
    for (const n of shown) {
      const nx = n.startTick * ppt;
      if (nx >= lo && nx <= hi && (selected.size === 0 || selected.has(n.id))) g.values.set(n.id, velocity);
    }
    g.lastX = x;
  };

  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const g = gestureRef.current;
    if (!g) return;
    const pt = pointAt(e.clientX, e.clientY);
    const next = { ...g, values: new Map(g.values) };
    if (next.kind === "drag") applyDrag(next, pt.velocity);
    else applyPaint(next, pt.x, pt.velocity);
    setGesture(next);
  };

  const finish = (e: React.PointerEvent<HTMLDivElement>, cancelled: boolean) => {
    const g = gestureRef.current;
    if (laneRef.current?.hasPointerCapture(e.pointerId)) laneRef.current.releasePointerCapture(e.pointerId);
    setGesture(null);
    if (!g || cancelled) return;
    const byId = new Map(notes.map((n) => [n.id, n]));
    const patches = [...g.values]
      .filter(([id, v]) => byId.has(id) && byId.get(id)!.velocity !== v)
      .map(([id, velocity]) => ({ id, velocity }));
    if (patches.length > 0) commit((doc, origin) => updateNotes(doc, clipId, patches, origin));
  };

  return (
    <div className={styles.velocity} style={{ height: LANE_H }} data-testid="velocity-lane">
      <div className={styles.velocityLabel} style={{ width: keyW }} title="Velocity: drag a stem, or draw across stems">
        <span>Vel</span>
        <span className={styles.velocityScale}>
          <span>127</span>
          <span>1</span>
        </span>
      </div>
      <div
        ref={laneRef}
        className={`${styles.velocityLane} ${readOnly ? "" : styles.velocityEditable}`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={(e) => finish(e, false)}
        onPointerCancel={(e) => finish(e, true)}
      >
        <div className={styles.velocityGuides} />
        <div ref={innerRef} className={styles.velocityInner} style={{ transform: `translateX(${-scrollLeft()}px)` }}>
          {shown.map((n) => (
            <Stem
              key={n.id}
              id={n.id}
              x={n.startTick * ppt}
              velocity={gesture?.values.get(n.id) ?? n.velocity}
              selected={selected.has(n.id)}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

const Stem = memo(function Stem({
  id,
  x,
  velocity,
  selected,
}: {
  id: string;
  x: number;
  velocity: number;
  selected: boolean;
}) {
  return (
    <div
      className={`${styles.stem} ${selected ? styles.stemSelected : ""}`}
      style={{ left: x, height: (velocity / 127) * (LANE_H - 2 * PAD), bottom: PAD }}
      data-testid="velocity-bar"
      data-note-id={id}
      data-velocity={velocity}
    >
      <span className={styles.stemHead} />
    </div>
  );
});
