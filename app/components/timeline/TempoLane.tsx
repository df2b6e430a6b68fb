"use client";

import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from "react";
import {
  LIMITS,
  moveTempoChange,
  removeTempoChange,
  setTempoChange,
  snapTicks,
  type TempoChange,
  type TempoMap,
} from "@bandspace/model";
import { useArrangementSelector } from "../../lib/collab/useArrangement";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { readTokens, useCanvasPainter } from "./canvas";
import { beginDrag } from "./drag";
import { TempoChangeMenu } from "./TempoChangeMenu";
import { useScrollLayer } from "./useScrollLayer";
import styles from "./Timeline.module.css";

const TOKENS = ["info"] as const;
/** Vertical padding of the curve inside the lane (px). */
const PAD = 6;

/** The BPM range the lane shows: every tempo in the map, with a margin, at least 20 BPM tall. */
function bpmRange(map: TempoMap): { lo: number; hi: number } {
  const all = [map.bpm, ...map.changes().map((c) => c.bpm)];
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  const pad = Math.max(10 - (hi - lo) / 2, (hi - lo) * 0.1);
  lo = Math.max(LIMITS.tempoMinBpm, lo - pad);
  hi = Math.min(LIMITS.tempoMaxBpm, hi + pad);
  return { lo, hi };
}

type Drag = { from: number; tick: number; bpm: number } | null;

/**
 * The tempo lane under the section lane: the tempo curve of the whole map (steps for instant changes, straight
 * lines for ramps — the tempo is linear in ticks, so the line is the ramp exactly) and one handle per change.
 * Editors drag a handle sideways to move the change (snapped) and up/down to change its BPM, double-click the
 * lane to add a change there, double-click a handle to toggle its ramp, press Delete on a focused handle to
 * remove it, and right-click for the full tempo/meter menu.
 */
export function TempoLane() {
  const { connection, canEditSong, edit } = useStudio();
  const { view, ui } = useArrangementContext();
  const tempoMap = useArrangementSelector(connection, (a) => a.tempoMap);
  const changes = useArrangementSelector(connection, (a) => a.tempoChanges);
  const [drag, setDrag] = useState<Drag>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; bar: number; clickTick: number } | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layerRef = useRef<HTMLDivElement>(null);
  useScrollLayer(view, layerRef);
  const range = bpmRange(tempoMap);

  const yOf = (bpm: number, height: number) =>
    PAD + (1 - (bpm - range.lo) / (range.hi - range.lo)) * (height - 2 * PAD);
  const bpmOfY = (y: number, height: number) =>
    Math.round((range.lo + (1 - (y - PAD) / (height - 2 * PAD)) * (range.hi - range.lo)) * 10) / 10;

  const painter = useCanvasPainter(
    canvasRef,
    (ctx, width, height, origin) => {
      const el = rootRef.current;
      if (!el) return;
      const c = readTokens(el, TOKENS);
      const { pxPerTick, scrollX } = origin;
      const x = (tick: number) => tick * pxPerTick - scrollX;
      ctx.strokeStyle = c.info;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      const segs = tempoMap.segments();
      ctx.moveTo(x(0), yOf(segs[0].bpm, height));
      for (const seg of segs) {
        ctx.lineTo(x(seg.startTick), yOf(seg.bpm, height));
        const end = Number.isFinite(seg.endTick) ? seg.endTick : (scrollX + width) / pxPerTick;
        ctx.lineTo(x(end), yOf(seg.endBpm, height));
      }
      ctx.stroke();
    },
    view,
  );
  useEffect(() => painter.invalidate(), [painter, tempoMap]);

  const xToTick = (clientX: number) => view.xToTick(clientX - rootRef.current!.getBoundingClientRect().left);
  const height = () => rootRef.current?.getBoundingClientRect().height ?? 36;
  const snap = (t: number) => Math.max(1, snapTicks(t, ui.get().snap, tempoMap));

  const onHandleDown = (e: ReactPointerEvent<HTMLElement>, change: TempoChange) => {
    if (e.button !== 0 || !canEditSong) return;
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.focus();
    const top = rootRef.current!.getBoundingClientRect().top;
    let next: Drag = null;
    beginDrag(e, {
      autoScroll: {
        bounds: () => rootRef.current!.getBoundingClientRect(),
        scrollBy: (dx: number) => view.scrollBy(dx),
      },
      move: (_dx, dy, ev) => {
        // Mostly sideways: move in time; mostly up/down: change the BPM.
        const vertical = Math.abs(dy) > Math.abs(ev.clientX - e.clientX);
        next = vertical
          ? { from: change.tick, tick: change.tick, bpm: bpmOfY(ev.clientY - top, height()) }
          : { from: change.tick, tick: snap(xToTick(ev.clientX)), bpm: change.bpm };
        setDrag(next);
      },
      end: () => {
        setDrag(null);
        const n = next;
        if (!n) return;
        const bpm = Math.min(LIMITS.tempoMaxBpm, Math.max(LIMITS.tempoMinBpm, n.bpm));
        edit((doc, origin) => {
          if (n.tick !== n.from) moveTempoChange(doc, n.from, n.tick, origin);
          if (bpm !== change.bpm) setTempoChange(doc, { tick: n.tick, bpm, ramp: change.ramp }, origin);
        });
      },
      cancel: () => setDrag(null),
    });
  };

  const onHandleKey = (e: KeyboardEvent<HTMLElement>, change: TempoChange) => {
    if (!canEditSong) return;
    if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      e.stopPropagation();
      edit((doc, origin) => removeTempoChange(doc, { tick: change.tick }, origin));
    }
  };

  const shown = (c: TempoChange) => (drag && drag.from === c.tick ? { ...c, tick: drag.tick, bpm: drag.bpm } : c);

  return (
    <>
      <div
        ref={rootRef}
        className={`${styles.tempoLane} ${canEditSong ? styles.editable : ""}`}
        data-testid="tempo-lane"
        title={
          canEditSong
            ? "Tempo: double-click to add a change · drag a point to move it or change its BPM · double-click a point for a ramp · Delete removes it"
            : "Tempo"
        }
        onDoubleClick={(e) => {
          if (!canEditSong || e.target !== e.currentTarget) return;
          const tick = snap(xToTick(e.clientX));
          const bpm = Math.min(
            LIMITS.tempoMaxBpm,
            Math.max(LIMITS.tempoMinBpm, bpmOfY(e.clientY - e.currentTarget.getBoundingClientRect().top, height())),
          );
          edit((doc, origin) => setTempoChange(doc, { tick, bpm }, origin));
        }}
        onContextMenu={(e) => {
          e.preventDefault();
          if (!canEditSong) return;
          const tick = Math.max(0, xToTick(e.clientX));
          const near = changes.find((c) => Math.abs(c.tick - tick) * view.get().pxPerTick <= 6);
          setMenu({
            x: e.clientX,
            y: e.clientY,
            bar: Math.floor(tempoMap.ticksToBar(near?.tick ?? tick)),
            clickTick: near ? near.tick : snap(tick),
          });
        }}
      >
        <canvas ref={canvasRef} className={styles.canvas} aria-hidden="true" />
        {/* The scale stays put while the canvas scrolls under it (it is moved, not repainted, per frame). */}
        <span className={`${styles.tempoScale} ${styles.tempoScaleHi}`} aria-hidden="true">
          {Math.round(range.hi)}
        </span>
        <span className={`${styles.tempoScale} ${styles.tempoScaleLo}`} aria-hidden="true">
          {Math.round(range.lo)}
        </span>
        <div ref={layerRef} className={styles.layer}>
          {changes.map((raw) => {
            const c = shown(raw);
            return (
              <button
                key={raw.tick}
                type="button"
                className={`${styles.tempoPoint} ${c.ramp ? styles.tempoRamp : ""}`}
                style={{
                  ["--s" as string]: c.tick,
                  top: `${yOf(c.bpm, rootRef.current?.getBoundingClientRect().height ?? 36)}px`,
                }}
                data-testid="tempo-point"
                data-tick={c.tick}
                data-bpm={c.bpm}
                data-ramp={c.ramp ? "true" : "false"}
                aria-label={`Tempo ${c.bpm} BPM at ${tempoMap.formatPosition(c.tick)}${c.ramp ? ", ramped" : ""}`}
                title={`${c.ramp ? "Ramp to" : "Tempo"} ${c.bpm} BPM at ${tempoMap.formatPosition(c.tick)}`}
                disabled={!canEditSong}
                onPointerDown={(e) => onHandleDown(e, raw)}
                onKeyDown={(e) => onHandleKey(e, raw)}
                onDoubleClick={(e) => {
                  e.stopPropagation();
                  if (!canEditSong) return;
                  edit((doc, origin) => setTempoChange(doc, { tick: raw.tick, bpm: raw.bpm, ramp: !raw.ramp }, origin));
                }}
              />
            );
          })}
        </div>
      </div>
      {menu && (
        <TempoChangeMenu
          at={menu}
          bar={menu.bar}
          clickTick={menu.clickTick}
          map={tempoMap}
          changes={changes}
          onClose={() => setMenu(null)}
        />
      )}
    </>
  );
}
