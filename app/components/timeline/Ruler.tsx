"use client";

import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from "react";
import { PPQ, setLoopRange, snapTicks } from "@bandspace/model";
import { useArrangementSelector } from "../../lib/collab/useArrangement";
import { useTransportState } from "../../lib/engine/useAudioEngine";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { visibleBars } from "./bars";
import { barStep, readTokens, useCanvasPainter } from "./canvas";
import { beginDrag } from "./drag";
import { TempoChangeMenu } from "./TempoChangeMenu";
import { tickSpan, useScrollLayer } from "./useScrollLayer";
import styles from "./Timeline.module.css";

/** Height of the loop strip at the top of the ruler (px); the rest seeks. */
export const LOOP_STRIP_H = 12;

const TOKENS = ["text-2", "text-3", "border-strong", "surface-2", "accent", "info"] as const;

type LoopDrag = { startTick: number; endTick: number } | null;

/**
 * The bar/beat ruler: numbered bars, beat ticks and tempo-change flags painted on a canvas; the loop range as
 * a bar in the strip on top (drag its body or edges, or drag on the empty strip to draw a new one); a click
 * or drag anywhere else moves the playhead (snapped). Right-click sets or removes a tempo change (at the bar
 * start, or where clicked; instant or ramped) and a meter change at that bar. Bar lines follow meter changes.
 */
export function Ruler() {
  const { connection, canEditSong, edit } = useStudio();
  const { view, ui, transport } = useArrangementContext();
  const tempoMap = useArrangementSelector(connection, (a) => a.tempoMap);
  const tempoChanges = useArrangementSelector(connection, (a) => a.tempoChanges);
  const loop = useArrangementSelector(connection, (a) => a.loop);
  const { loop: loopOn } = useTransportState(transport);
  const [loopDrag, setLoopDrag] = useState<LoopDrag>(null);
  const [tempoMenu, setTempoMenu] = useState<{ x: number; y: number; bar: number; clickTick: number } | null>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const layerRef = useRef<HTMLDivElement>(null);
  useScrollLayer(view, layerRef);

  const painter = useCanvasPainter(
    canvasRef,
    (ctx, width, height, origin) => {
      const el = rootRef.current;
      if (!el) return;
      const c = readTokens(el, TOKENS);
      const { pxPerTick, scrollX } = origin;
      const top = LOOP_STRIP_H;
      const fromTick = Math.max(0, scrollX / pxPerTick);
      const toTick = (scrollX + width) / pxPerTick;

      ctx.font = `600 10px ${getComputedStyle(el).getPropertyValue("--font-mono")}`;
      ctx.textBaseline = "middle";
      // separation line under the loop strip
      ctx.fillStyle = "rgba(255,255,255,0.06)";
      ctx.fillRect(0, top, width, 1);

      // What the labels at a tick already take (px), so the next label there goes after them on the one row.
      const used = new Map<number, number>();
      // Bars walk the meter segments: bar lengths, beat ticks and numbers follow meter changes.
      for (const vb of visibleBars(tempoMap, fromTick, toTick, pxPerTick, 6)) {
        const { meter } = vb;
        const x = Math.round(vb.tick * pxPerTick - scrollX) + 0.5;
        const labelStep = barStep(meter.ticksPerBar * pxPerTick, 34);
        const labelled = (vb.bar - 1) % labelStep === 0 || vb.tick === meter.startTick;
        ctx.fillStyle = labelled ? c["border-strong"] : "rgba(255,255,255,0.12)";
        ctx.fillRect(x - 0.5, labelled ? top : height - 10, 1, labelled ? height - top : 10);
        if (labelled) {
          ctx.fillStyle = c["text-2"];
          ctx.fillText(String(vb.bar), x + 4, top + 9);
          used.set(vb.tick, ctx.measureText(String(vb.bar)).width + 6);
        }
        const beatPx = meter.ticksPerBeat * pxPerTick;
        if (vb.step === 1 && beatPx >= 6) {
          for (let b = 1; b < meter.numerator; b++) {
            ctx.fillStyle = "rgba(255,255,255,0.16)";
            ctx.fillRect(Math.round(x + b * beatPx), height - 7, 1, 7);
          }
          const sixteenthPx = (PPQ / 4) * pxPerTick;
          if (sixteenthPx >= 9) {
            ctx.fillStyle = "rgba(255,255,255,0.08)";
            for (let t = PPQ / 4; t < meter.ticksPerBar; t += PPQ / 4) {
              if (t % meter.ticksPerBeat === 0) continue;
              ctx.fillRect(Math.round(x + t * pxPerTick), height - 4, 1, 4);
            }
          }
        }
      }

      // meter-change labels after their bar number
      for (const meter of tempoMap.meters().slice(1)) {
        const x = Math.round(meter.startTick * pxPerTick - scrollX) + 0.5;
        if (x < -40 || x > width + 10) continue;
        const label = `${meter.numerator}/${meter.denominator}`;
        const lx = x + 4 + (used.get(meter.startTick) ?? 0);
        ctx.fillStyle = c.accent;
        ctx.fillRect(x - 0.5, top, 1.5, height - top);
        ctx.fillText(label, lx, top + 9);
        used.set(meter.startTick, lx - x - 4 + ctx.measureText(label).width + 6);
      }

      // tempo-change flags at their tick (a ramp's flag says so: the tempo glides into it)
      for (const change of tempoChanges) {
        const x = Math.round(change.tick * pxPerTick - scrollX) + 0.5;
        if (x < -80 || x > width + 10) continue;
        const bpm = Number.isInteger(change.bpm) ? String(change.bpm) : change.bpm.toFixed(1);
        const label = `${change.ramp ? "↗" : "♩"}${bpm}`;
        const labelW = ctx.measureText(label).width + 8;
        const lx = x + 2 + (used.get(change.tick) ?? 0);
        ctx.fillStyle = c.info;
        ctx.fillRect(x - 0.5, top, 1.5, height - top);
        ctx.globalAlpha = 0.18;
        ctx.fillRect(lx, top + 3, labelW, 12);
        ctx.globalAlpha = 1;
        ctx.fillText(label, lx + 4, top + 9);
      }
    },
    view,
  );

  useEffect(() => painter.invalidate(), [painter, tempoMap, tempoChanges]);

  const xToTick = (clientX: number) => {
    const rect = rootRef.current!.getBoundingClientRect();
    return view.xToTick(clientX - rect.left);
  };
  const snap = (tick: number, mode: "round" | "floor" | "ceil" = "round") =>
    snapTicks(tick, ui.get().snap, tempoMap, mode);
  const autoScroll = {
    bounds: () => rootRef.current!.getBoundingClientRect(),
    scrollBy: (dx: number) => view.scrollBy(dx),
  };

  const seekAt = (clientX: number) => transport.seek(Math.max(0, snap(xToTick(clientX))));

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const inStrip = e.clientY - rect.top < LOOP_STRIP_H;
    if (inStrip && canEditSong) {
      // Draw a new loop range from here.
      e.preventDefault();
      const anchor = snap(xToTick(e.clientX), "floor");
      const min = tempoMap.ticksPerBeat;
      let range: LoopDrag = null;
      beginDrag(e, {
        autoScroll,
        move: (_dx, _dy, ev) => {
          const t = snap(xToTick(ev.clientX));
          const a = Math.min(anchor, t);
          const b = Math.max(anchor, t);
          range = { startTick: a, endTick: Math.max(b, a + min) };
          setLoopDrag(range);
        },
        end: () => {
          setLoopDrag(null);
          if (range) edit((doc, origin) => setLoopRange(doc, range!, origin));
        },
        cancel: () => setLoopDrag(null),
        click: (ev) => seekAt(ev.clientX),
      });
      return;
    }
    e.preventDefault();
    seekAt(e.clientX);
    beginDrag(e, { move: (_dx, _dy, ev) => seekAt(ev.clientX) });
  };

  const shown = loopDrag ?? loop;

  const dragLoop = (e: ReactPointerEvent<HTMLElement>, mode: "move" | "start" | "end") => {
    if (e.button !== 0 || !canEditSong) return;
    e.preventDefault();
    e.stopPropagation();
    const orig = loop;
    const origin0 = xToTick(e.clientX);
    const min = tempoMap.ticksPerBeat;
    let range: LoopDrag = null;
    beginDrag(e, {
      autoScroll,
      move: (_dx, _dy, ev) => {
        const delta = xToTick(ev.clientX) - origin0;
        if (mode === "move") {
          const len = orig.endTick - orig.startTick;
          const start = Math.max(0, snap(orig.startTick + delta));
          range = { startTick: start, endTick: start + len };
        } else if (mode === "start") {
          const start = Math.max(0, Math.min(snap(orig.startTick + delta), orig.endTick - min));
          range = { startTick: start, endTick: orig.endTick };
        } else {
          const end = Math.max(snap(orig.endTick + delta), orig.startTick + min);
          range = { startTick: orig.startTick, endTick: end };
        }
        setLoopDrag(range);
      },
      end: () => {
        setLoopDrag(null);
        if (range && (range.startTick !== orig.startTick || range.endTick !== orig.endTick)) {
          edit((doc, origin) => setLoopRange(doc, range!, origin));
        }
      },
      cancel: () => setLoopDrag(null),
    });
  };

  return (
    <>
      <div
        ref={rootRef}
        className={styles.ruler}
        data-testid="timeline-ruler"
        title={`Click to move the playhead · drag in the top strip to set the loop${canEditSong ? " · right-click for a tempo change" : ""}`}
        onPointerDown={onPointerDown}
        onContextMenu={(e) => {
          e.preventDefault();
          if (!canEditSong) return;
          const tick = Math.max(0, xToTick(e.clientX));
          const bar = Math.floor(tempoMap.ticksToBar(tick));
          // An existing tempo change within a few pixels is the one the menu edits.
          const near = tempoChanges.find((c) => Math.abs(c.tick - tick) * view.get().pxPerTick <= 5);
          const clickTick = near ? near.tick : Math.max(0, snap(tick));
          setTempoMenu({ x: e.clientX, y: e.clientY, bar, clickTick });
        }}
        data-tempo-changes={tempoChanges
          .map(
            (c) => `${Number.isInteger(c.bar) ? c.bar : tempoMap.formatPosition(c.tick)}:${c.bpm}${c.ramp ? "~" : ""}`,
          )
          .join(" ")}
        data-meter-changes={tempoMap
          .meters()
          .slice(1)
          .map((m) => `${m.bar}:${m.numerator}/${m.denominator}`)
          .join(" ")}
      >
        <canvas ref={canvasRef} className={styles.canvas} aria-hidden="true" />
        <div ref={layerRef} className={styles.layer}>
          <div
            className={`${styles.loop} ${loopOn ? styles.loopOn : ""} ${canEditSong ? styles.editable : ""}`}
            style={tickSpan(shown.startTick, shown.endTick - shown.startTick)}
            data-testid="loop-range"
            data-start-tick={shown.startTick}
            data-end-tick={shown.endTick}
            data-enabled={loopOn ? "true" : "false"}
            title={`Loop ${tempoMap.formatPosition(shown.startTick)} – ${tempoMap.formatPosition(shown.endTick)}${loopOn ? "" : " (off — press L)"}`}
            onPointerDown={(e) => dragLoop(e, "move")}
            onDoubleClick={() => transport.setLoop(!transport.state.get().loop)}
          >
            {canEditSong && (
              <>
                <span
                  className={`${styles.loopHandle} ${styles.handleStart}`}
                  data-testid="loop-start-handle"
                  onPointerDown={(e) => dragLoop(e, "start")}
                />
                <span
                  className={`${styles.loopHandle} ${styles.handleEnd}`}
                  data-testid="loop-end-handle"
                  onPointerDown={(e) => dragLoop(e, "end")}
                />
              </>
            )}
          </div>
        </div>
      </div>
      {/* Outside the ruler: React events bubble through portals, and a press in the menu must not seek. */}
      {tempoMenu && (
        <TempoChangeMenu
          at={tempoMenu}
          bar={tempoMenu.bar}
          clickTick={tempoMenu.clickTick}
          map={tempoMap}
          changes={tempoChanges}
          onClose={() => setTempoMenu(null)}
        />
      )}
    </>
  );
}
