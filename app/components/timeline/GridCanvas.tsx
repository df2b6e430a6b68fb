"use client";

import { useEffect, useRef } from "react";
import { PPQ } from "@bandspace/model";
import { useArrangementSelector } from "../../lib/collab/useArrangement";
import { useTransportState } from "../../lib/engine/useAudioEngine";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { visibleBars } from "./bars";
import { readTokens, useCanvasPainter } from "./canvas";
import styles from "./Timeline.module.css";

const TOKENS = ["grid-bar", "grid-beat", "accent"] as const;

/**
 * The bar/beat grid behind every lane, painted once per frame on one viewport-sized canvas (not per lane):
 * bar lines, beat lines, sixteenths when zoomed in, every other 4-bar phrase shaded, the loop range tinted.
 */
export function GridCanvas() {
  const { connection } = useStudio();
  const { view, transport } = useArrangementContext();
  const tempoMap = useArrangementSelector(connection, (a) => a.tempoMap);
  const loop = useArrangementSelector(connection, (a) => a.loop);
  const { loop: loopOn } = useTransportState(transport);
  const canvasRef = useRef<HTMLCanvasElement>(null);

  const painter = useCanvasPainter(
    canvasRef,
    (ctx, width, height, origin) => {
      const el = canvasRef.current;
      if (!el) return;
      const c = readTokens(el, TOKENS);
      const { pxPerTick, scrollX } = origin;
      const fromTick = Math.max(0, scrollX / pxPerTick);
      const toTick = (scrollX + width) / pxPerTick;
      const bars = visibleBars(tempoMap, fromTick, toTick, pxPerTick, 8);

      // every other 4-bar phrase (counted in each meter from its first bar), a shade lighter
      ctx.fillStyle = "rgba(255,255,255,0.012)";
      for (const vb of bars) {
        const phrase = 4 * vb.step;
        const k = vb.bar - vb.meter.bar;
        if (k % (phrase * 2) !== phrase) continue;
        const x0 = vb.tick * pxPerTick - scrollX;
        const end = Math.min(vb.tick + phrase * vb.meter.ticksPerBar, nextMeterStart(vb.meter.startTick));
        ctx.fillRect(x0, 0, end * pxPerTick - scrollX - x0, height);
      }

      if (loopOn) {
        const x0 = loop.startTick * pxPerTick - scrollX;
        const x1 = loop.endTick * pxPerTick - scrollX;
        ctx.fillStyle = "rgba(242,162,58,0.045)";
        ctx.fillRect(x0, 0, x1 - x0, height);
        ctx.fillStyle = "rgba(242,162,58,0.35)";
        ctx.fillRect(Math.round(x0), 0, 1, height);
        ctx.fillRect(Math.round(x1) - 1, 0, 1, height);
      }

      const sixteenthPx = (PPQ / 4) * pxPerTick;
      for (const { tick, meter, step } of bars) {
        const x = Math.round(tick * pxPerTick - scrollX);
        const beatPx = meter.ticksPerBeat * pxPerTick;
        ctx.fillStyle = c["grid-bar"];
        ctx.fillRect(x, 0, 1, height);
        if (step > 1 || beatPx < 7) continue;
        ctx.fillStyle = c["grid-beat"];
        for (let b = 1; b < meter.numerator; b++) ctx.fillRect(Math.round(x + b * beatPx), 0, 1, height);
        if (sixteenthPx >= 14) {
          ctx.fillStyle = "rgba(255,255,255,0.018)";
          for (let t = PPQ / 4; t < meter.ticksPerBar; t += PPQ / 4) {
            if (t % meter.ticksPerBeat !== 0) ctx.fillRect(Math.round(x + t * pxPerTick), 0, 1, height);
          }
        }
      }
    },
    view,
  );

  function nextMeterStart(startTick: number): number {
    return tempoMap.meters().find((m) => m.startTick > startTick)?.startTick ?? Infinity;
  }

  useEffect(() => painter.invalidate(), [painter, tempoMap, loop, loopOn]);

  return (
    <div className={styles.gridCanvas} aria-hidden="true">
      <canvas ref={canvasRef} />
    </div>
  );
}
