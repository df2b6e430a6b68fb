"use client";

import { useEffect, useRef, useState } from "react";
import { tilesFor, type PeakTileCache } from "../../lib/peaks/PeakTileCache";
import { peakColumns, planPeaks, type PeakView } from "../../lib/peaks/peakColumns";
import { peakTileCacheFor } from "../../lib/peaks/fetchPeakTile";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import styles from "./Recording.module.css";

/** Canvas height in device pixels (the block stretches it vertically). */
const HEIGHT = 64;
/** Beyond the visible part, draw this many screens either side, so scrolling a little redraws nothing. */
const MARGIN_SCREENS = 0.5;
/** Widest canvas drawn (device pixels). */
const MAX_COLUMNS = 8192;

/**
 * A stored take's waveform over the frames a clip plays (`offsetFrames` … `+ frames`), drawn from the server's peak
 * pyramid: only the part of the clip on screen (plus a margin) is drawn, from the coarsest level with at least one
 * bin per pixel, with the tiles of that level fetched through the page's peak cache — a 30-minute take is never
 * decoded nor fetched whole. Zoom and scroll are followed outside React (the timeline view's store); mid zoom
 * gesture the canvas is stretched with its layer and redrawn when the gesture pauses.
 *
 * `data-peaks` on the canvas: "loading" until every tile under the drawn part has arrived, then "loaded"
 * (`onState(true)`), or "failed" while a tile under it waits out its back-off after a failed load — then the clip
 * says so with a Retry button, and the tile is asked for again on the first draw after the back-off (a timer
 * draws then, so it heals by itself when the server is back); `data-level` the pyramid level drawn,
 * `data-px-per-tick` the zoom it was drawn at.
 */
export function TakeWaveform({
  takeId,
  offsetFrames,
  frames,
  startTick,
  lengthTicks,
  color,
  onState,
}: {
  takeId: string;
  offsetFrames: number;
  frames: number;
  /** Where the clip's block lies on the timeline (its left edge and width, in ticks). */
  startTick: number;
  lengthTicks: number;
  color: string;
  onState?: (loaded: boolean) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { view } = useArrangementContext();
  const { sessionId, token } = useStudio();
  const onStateRef = useRef(onState);
  /** Why the waveform is missing (a tile's last error) and where the visible part starts; null: not failed. */
  const [failure, setFailure] = useState<{ message: string; left: number } | null>(null);
  const retryRef = useRef<HTMLButtonElement>(null);
  /** Bumped by Retry: draws again at once, asking for the failed tiles. */
  const [retries, setRetries] = useState(0);
  useEffect(() => {
    onStateRef.current = onState;
  }, [onState]);

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const cache = peakTileCacheFor(sessionId, token);
    let disposed = false;
    let frame = 0;
    /** What is on the canvas: its window (clip-local px at a zoom) and whether every tile was there. */
    let drawn: { from: number; to: number; ppt: number; complete: boolean } | null = null;
    let loaded = false;
    let failedMessage: string | null | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const redraw = () => {
      frame = 0;
      if (disposed) return;
      const s = view.get();
      // Mid zoom gesture the layer is scaled: keep the stretched canvas until the layout catches up.
      if (s.pxPerTick !== s.layoutPxPerTick && drawn) return;
      const ppt = s.layoutPxPerTick;
      const clipWidth = lengthTicks * ppt;
      const clipLeft = startTick * ppt;
      const visFrom = Math.max(0, s.scrollX - clipLeft);
      const visTo = Math.min(clipWidth, s.scrollX + s.width - clipLeft);
      if (visTo <= visFrom) return; // off screen: nothing to draw until scrolled to
      if (drawn && drawn.complete && drawn.ppt === ppt && drawn.from <= visFrom && drawn.to >= visTo) return;
      const margin = s.width * MARGIN_SCREENS;
      const from = Math.max(0, visFrom - margin);
      const to = Math.min(clipWidth, visTo + margin);
      const dpr = window.devicePixelRatio || 1;
      const columns = Math.max(1, Math.min(MAX_COLUMNS, Math.round((to - from) * dpr)));
      const pv: PeakView = {
        fromFrame: offsetFrames + (from / clipWidth) * frames,
        toFrame: offsetFrames + (to / clipWidth) * frames,
        columns,
      };
      const plan = planPeaks(pv);
      const tiles = tilesFor(plan.fromBin, plan.toBin);
      const missing = tiles.filter((t) => !cache.get(takeId, plan.level, t));
      const failures = missing.flatMap((t) => cache.failure(takeId, plan.level, t) ?? []);
      paint(canvas, pv, plan, cache, takeId, color);
      // Positioned from the block's padding edge, inside its border: shift back by the border so pixel x of the
      // canvas is the timeline's tick x (the block's border box starts at its start tick).
      const host = canvas.offsetParent;
      const inset = host instanceof HTMLElement ? host.clientLeft : 0;
      canvas.style.left = `${from - inset}px`;
      canvas.style.width = `${to - from}px`;
      canvas.dataset.level = String(plan.level);
      canvas.dataset.pxPerTick = String(ppt);
      canvas.dataset.peaks = missing.length === 0 ? "loaded" : failures.length > 0 ? "failed" : "loading";
      drawn = { from, to, ppt, complete: missing.length === 0 };
      if (missing.length === 0 && !loaded) {
        loaded = true;
        onStateRef.current?.(true);
      }
      showFailure(failures[0]?.message ?? null, visFrom - inset);
      clearTimeout(retryTimer);
      if (failures.length > 0) {
        // Draw again once the first back-off is over, which asks for the tile again.
        const wait = Math.min(...failures.map((f) => f.retryAt)) - Date.now();
        retryTimer = setTimeout(schedule, Math.max(0, wait));
      }
      for (const t of missing) {
        if (cache.failure(takeId, plan.level, t)) continue;
        cache.load(takeId, plan.level, t).then(schedule, (err: unknown) => {
          console.warn(`Waveform tile ${takeId}/${plan.level}/${t} failed; retried after a back-off`, err);
          schedule();
        });
      }
    };
    /** The Retry button follows the visible part of the clip; React renders it only when the failure changes. */
    const showFailure = (message: string | null, left: number) => {
      if (retryRef.current) retryRef.current.style.left = `${left}px`;
      if (message === failedMessage) return;
      failedMessage = message;
      setFailure(message === null ? null : { message, left });
    };
    const schedule = () => {
      if (!disposed && frame === 0) frame = requestAnimationFrame(redraw);
    };
    redraw();
    const off = view.subscribe(schedule);
    return () => {
      disposed = true;
      off();
      clearTimeout(retryTimer);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [view, sessionId, token, takeId, offsetFrames, frames, startTick, lengthTicks, color, retries]);

  return (
    <>
      <canvas ref={ref} className={styles.wave} aria-hidden="true" data-testid="take-waveform" />
      {failure && (
        <button
          ref={retryRef}
          type="button"
          className={styles.waveRetry}
          style={{ left: failure.left }}
          title={`${failure.message} Click to try again now.`}
          data-testid="waveform-retry"
          // The clip's own gestures (select, drag, take lanes) are not this button's.
          onPointerDown={(e) => e.stopPropagation()}
          onDoubleClick={(e) => e.stopPropagation()}
          onKeyDown={(e) => {
            if (e.key === "Enter" || e.key === " ") e.stopPropagation();
          }}
          onClick={(e) => {
            e.stopPropagation();
            peakTileCacheFor(sessionId, token).retryTake(takeId);
            setRetries((n) => n + 1);
          }}
        >
          Waveform unavailable — retry
        </button>
      )}
    </>
  );
}

function paint(
  canvas: HTMLCanvasElement,
  pv: PeakView,
  plan: ReturnType<typeof planPeaks>,
  cache: PeakTileCache,
  takeId: string,
  color: string,
): void {
  const cols = peakColumns(pv, plan, (t) => cache.get(takeId, plan.level, t));
  if (canvas.width !== pv.columns) canvas.width = pv.columns;
  if (canvas.height !== HEIGHT) canvas.height = HEIGHT;
  const g = canvas.getContext("2d");
  if (!g) return;
  g.clearRect(0, 0, pv.columns, HEIGHT);
  g.fillStyle = color;
  const half = HEIGHT / 2;
  for (let x = 0; x < pv.columns; x++) {
    const lo = cols[x * 2];
    const hi = cols[x * 2 + 1];
    // No tile yet, past the take's end, or digital silence: nothing to draw.
    if (Number.isNaN(lo) || (lo === 0 && hi === 0)) continue;
    const y0 = Math.round((1 - Math.min(1, hi)) * half);
    const y1 = Math.round((1 - Math.max(-1, lo)) * half);
    g.fillRect(x, y0, 1, Math.max(1, y1 - y0));
  }
}
