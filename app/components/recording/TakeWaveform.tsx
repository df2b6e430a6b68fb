"use client";

import { useContext, useEffect, useRef, useState } from "react";
import { tilesFor, type PeakTileCache } from "../../lib/peaks/PeakTileCache";
import { peakColumns, planPeaks, type PeakView } from "../../lib/peaks/peakColumns";
import { peakTileCacheFor } from "../../lib/peaks/fetchPeakTile";
import { PaintQueue } from "../../lib/peaks/paintQueue";
import {
  WaveBitmapCache,
  bitmapCovers,
  waveContentKey,
  zoomBucket,
  type WaveBitmap,
} from "../../lib/peaks/waveformBitmaps";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { LaneWaveformsContext } from "./LaneWaveformCanvas";
import styles from "./Recording.module.css";

/** Canvas height in device pixels (the block stretches it vertically). */
const HEIGHT = 64;
/** A clip up to this many screens wide is drawn whole (shareable, never redrawn by scrolling); wider, a window. */
const WHOLE_SCREENS = 3;
/** A wider clip draws what is on screen and this many screens either side, so scrolling a little redraws nothing. */
const MARGIN_SCREENS = 1;
/** Widest canvas drawn (device pixels). */
const MAX_COLUMNS = 8192;
/**
 * The canvas is displayed only while its clip is on screen or within this many screens of it. Chromium makes every
 * displayed canvas a compositor layer, and each frame's compositing update costs about as much per layer: with a
 * screen of clips mounted either side (the culling margin), hidden canvases cut the layers to a third. Drawing
 * ahead still happens (into the hidden canvas), so a clip scrolled to shows its waveform at once.
 */
const DISPLAY_MARGIN_SCREENS = 0.25;

/** Every waveform's paints share one per-frame budget (a settled zoom repaints a hundred of them). */
const queue = new PaintQueue();
/** Bitmaps per (clip content, zoom bucket), shared by every clip of the page (see waveformBitmaps.ts). */
const bitmaps = new WaveBitmapCache<HTMLCanvasElement>();

type Bitmap = WaveBitmap<HTMLCanvasElement>;
/** The canvas's style as rendered: one object, so React never writes it again after mounting. */
const HIDDEN = { visibility: "hidden" } as const;

/**
 * The canvas is positioned from its block's padding edge, inside the border: it is shifted back by the border so
 * pixel x of the canvas is the timeline's tick x (the block's border box starts at its start tick). Every block
 * has the same border: read once per page (a layout read per waveform, between style writes, forced a layout each).
 */
let clipBorder: number | null = null;
function readClipBorder(canvas: HTMLCanvasElement): number | null {
  const host = canvas.offsetParent;
  return host instanceof HTMLElement ? host.clientLeft : null;
}

/**
 * A stored take's waveform over the frames a clip plays (`offsetFrames` … `+ frames`), drawn from the server's peak
 * pyramid: only the part of the clip on screen (plus a margin) is drawn, from the coarsest level with at least one
 * bin per pixel, with the tiles of that level fetched through the page's peak cache — a 30-minute take is never
 * decoded nor fetched whole. Zoom and scroll are followed outside React (the timeline view's store); mid zoom
 * gesture the canvas is stretched with its layer. When the zoom settles the old drawing is stretched to the new
 * zoom at once (a style change), then replaced — from the bitmap cache when the zoom's bucket has one, then crisp
 * at the exact zoom — by paints spread over frames (PaintQueue), never all in one frame.
 *
 * A stereo take in a clip tall enough (`lanes` 2: a clip on its track row) is drawn as DAWs draw it: left above,
 * right below, each its own envelope; in shorter rows (take lanes) its channels are merged into one envelope.
 *
 * Inside an audio lane with a painter (LaneWaveformsContext, a clip on its track row) the drawing is handed to the
 * lane, which draws every clip's waveform on one canvas (laneWaveforms.ts), and the element rendered here is an
 * undisplayed marker carrying the data attributes below; elsewhere (take lanes) it is drawn on a canvas of its own.
 *
 * `data-peaks` on the canvas (or marker): "loading" until every tile under the drawn part has arrived, then "loaded"
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
  lanes = 1,
  fadeIn = 0,
  fadeOut = 0,
  gainLine = null,
  onState,
}: {
  takeId: string;
  offsetFrames: number;
  frames: number;
  /** Where the clip's block lies on the timeline (its left edge and width, in ticks). */
  startTick: number;
  lengthTicks: number;
  color: string;
  /** 2: draw a stereo take's channels in two lanes (the caller knows the take's channels and its row's height). */
  lanes?: 1 | 2;
  /** Fade lengths as fractions of the clip (drawn over the waveform by a lane painter; 0: none). */
  fadeIn?: number;
  fadeOut?: number;
  /** The clip-gain line to draw over the waveform by a lane painter (fraction of the block's height; null: none). */
  gainLine?: number | null;
  onState?: (loaded: boolean) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const markerRef = useRef<HTMLSpanElement>(null);
  const lane = useContext(LaneWaveformsContext);
  /** This clip's key in the lane painter: stable across redraws, so a moved clip keeps its drawing meanwhile. */
  const [laneKey] = useState(() => ({}));
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
  useEffect(() => lane?.update(laneKey, { fadeIn, fadeOut }), [lane, laneKey, fadeIn, fadeOut]);
  useEffect(() => lane?.update(laneKey, { gainLine }), [lane, laneKey, gainLine]);
  useEffect(() => (lane ? () => lane.remove(laneKey) : undefined), [lane, laneKey]);

  useEffect(() => {
    const canvas = ref.current;
    const el: HTMLElement | null = lane ? markerRef.current : canvas;
    if (!el) return;
    // Where the block is now; until a drawing for it is ready the lane keeps the previous one, moved along.
    lane?.update(laneKey, { startTick, lengthTicks });
    const cache = peakTileCacheFor(sessionId, token);
    // The tick length too: the same frames span other ticks where the tempo differs.
    const content = `${waveContentKey(takeId, offsetFrames, frames)}:${lengthTicks}:${color}:${lanes}`;
    const owner = {};
    let disposed = false;
    /** The bitmap on the canvas, and the layout zoom its box is sized for. */
    let shown: Bitmap | null = null;
    let placedAt = Number.NaN;
    let loaded = false;
    let failedMessage: string | null | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    /**
     * Clip-local px (at the layout zoom) on screen now, or null mid zoom gesture with a drawing. A clip mounted in
     * the culling margin, off screen, is drawn ahead (at low priority) from its edge nearest the screen: it is
     * ready when scrolled to.
     */
    const visible = () => {
      const s = view.get();
      if (s.pxPerTick !== s.layoutPxPerTick && shown) return null;
      const ppt = s.layoutPxPerTick;
      const clipWidth = lengthTicks * ppt;
      const clipLeft = startTick * ppt;
      const from = Math.max(0, s.scrollX - clipLeft);
      const to = Math.min(clipWidth, s.scrollX + s.width - clipLeft);
      if (to > from) return { ppt, from, to, clipWidth, screen: s.width, onScreen: true };
      const edge = s.scrollX > clipLeft ? clipWidth : 0;
      return { ppt, from: edge, to: edge, clipWidth, screen: s.width, onScreen: false };
    };

    /** Sizes the canvas's box for `bmp` at layout zoom `ppt` (a drawing at another zoom is stretched). */
    const place = (bmp: Bitmap, ppt: number) => {
      placedAt = ppt;
      // A lane painter places drawings itself, each frame.
      if (!canvas) return;
      const inset = (clipBorder ??= readClipBorder(canvas)) ?? 0;
      const k = ppt / bmp.pxPerTick;
      canvas.style.left = `${bmp.from * k - inset}px`;
      canvas.style.width = `${(bmp.to - bmp.from) * k}px`;
    };

    const show = (bmp: Bitmap, ppt: number) => {
      if (shown !== bmp) {
        if (lane) lane.update(laneKey, { bitmap: bmp });
        else if (canvas) {
          const w = bmp.canvas.width;
          if (canvas.width !== w) canvas.width = w;
          if (canvas.height !== HEIGHT) canvas.height = HEIGHT;
          const g = canvas.getContext("2d");
          if (!g) return;
          g.clearRect(0, 0, w, HEIGHT);
          g.drawImage(bmp.canvas, 0, 0);
        }
        shown = bmp;
        el.dataset.level = bmp.canvas.dataset.level;
        el.dataset.lanes = bmp.canvas.dataset.lanes;
        el.dataset.pxPerTick = String(bmp.pxPerTick);
        el.dataset.peaks = bmp.complete ? "loaded" : "loading";
      }
      place(bmp, ppt);
      if (bmp.complete && !loaded) {
        loaded = true;
        onStateRef.current?.(true);
      }
    };

    /** Whether the canvas needs a paint or a cached bitmap (cheap: run on every view change). */
    const stale = (v: NonNullable<ReturnType<typeof visible>>) =>
      !shown || shown.pxPerTick !== v.ppt || !shown.complete || !bitmapCovers(shown, v.from, v.to, v.ppt);

    const refresh = (crisp: boolean) => {
      if (disposed) return;
      const v = visible();
      if (!v || !stale(v)) return;
      const bucket = zoomBucket(v.ppt);
      const hit = bitmaps.get(content, bucket);
      if (hit && hit.complete && bitmapCovers(hit, v.from, v.to, v.ppt) && (!crisp || hit.pxPerTick === v.ppt)) {
        show(hit, v.ppt);
        // Drawn at a nearby zoom: stretched now, crisp when the queue gets to it.
        if (hit.pxPerTick !== v.ppt) queue.ask(owner, () => refresh(true));
        return;
      }
      const dpr = window.devicePixelRatio || 1;
      const whole = v.clipWidth <= v.screen * WHOLE_SCREENS;
      const from = whole ? 0 : Math.max(0, v.from - v.screen * MARGIN_SCREENS);
      const to = whole ? v.clipWidth : Math.min(v.clipWidth, v.to + v.screen * MARGIN_SCREENS);
      const columns = Math.max(1, Math.min(MAX_COLUMNS, Math.round((to - from) * dpr)));
      const pv: PeakView = {
        fromFrame: offsetFrames + (from / v.clipWidth) * frames,
        toFrame: offsetFrames + (to / v.clipWidth) * frames,
        columns,
      };
      const plan = planPeaks(pv);
      const missing = tilesFor(plan.fromBin, plan.toBin).filter((t) => !cache.get(takeId, plan.level, t));
      const failures = missing.flatMap((t) => cache.failure(takeId, plan.level, t) ?? []);
      const bmp: Bitmap = {
        canvas: paint(pv, plan, cache, takeId, color, lanes),
        pxPerTick: v.ppt,
        from,
        to,
        complete: missing.length === 0,
        pixels: columns * HEIGHT,
      };
      if (bmp.complete) bitmaps.put(content, bucket, bmp);
      show(bmp, v.ppt);
      if (failures.length > 0) el.dataset.peaks = "failed";
      showFailure(failures[0]?.message ?? null, v.from - (clipBorder ?? 0));
      clearTimeout(retryTimer);
      const again = () => {
        if (!disposed) queue.ask(owner, () => refresh(false), true);
      };
      if (failures.length > 0) {
        // Draw again once the first back-off is over, which asks for the tile again.
        const wait = Math.min(...failures.map((f) => f.retryAt)) - Date.now();
        retryTimer = setTimeout(again, Math.max(0, wait));
      }
      for (const t of missing) {
        if (cache.failure(takeId, plan.level, t)) continue;
        cache.load(takeId, plan.level, t).then(again, (err: unknown) => {
          console.warn(`Waveform tile ${takeId}/${plan.level}/${t} failed; retried after a back-off`, err);
          again();
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

    /**
     * Shows the canvas near the screen only (see DISPLAY_MARGIN_SCREENS); a style write only when that flips. By
     * visibility, not display: a hidden canvas paints nothing (no layer) and flipping it needs no layout.
     */
    let displayed = canvas?.style.visibility !== "hidden";
    const displayNearScreen = () => {
      if (!canvas) return;
      const s = view.get();
      // At the target zoom: mid gesture the layer is stretched to it, so this is where the clip is on screen.
      const left = startTick * s.pxPerTick - s.scrollX;
      const right = left + lengthTicks * s.pxPerTick;
      const margin = s.width * DISPLAY_MARGIN_SCREENS;
      const near = right > -margin && left < s.width + margin;
      if (near === displayed) return;
      displayed = near;
      canvas.style.visibility = near ? "visible" : "hidden";
    };

    const follow = () => {
      displayNearScreen();
      const v = visible();
      if (!v) return;
      // The zoom settled: stretch what is drawn to it in this frame (the lanes re-lay out in it too).
      if (shown && placedAt !== v.ppt) place(shown, v.ppt);
      if (stale(v)) queue.ask(owner, () => refresh(false), !shown && v.onScreen);
    };
    follow();
    const off = view.subscribe(follow);
    return () => {
      disposed = true;
      off();
      queue.cancel(owner);
      clearTimeout(retryTimer);
    };
  }, [
    view,
    sessionId,
    token,
    takeId,
    offsetFrames,
    frames,
    startTick,
    lengthTicks,
    color,
    lanes,
    retries,
    lane,
    laneKey,
  ]);

  return (
    <>
      {/* Mounted hidden (the effect shows it when near the screen): a clip mounted in the culling margin off
          screen never becomes a compositor layer, not even for the frame before its effect runs. */}
      {lane ? (
        <span ref={markerRef} hidden data-testid="take-waveform" />
      ) : (
        <canvas ref={ref} className={styles.wave} style={HIDDEN} aria-hidden="true" data-testid="take-waveform" />
      )}
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

/**
 * The waveform's columns painted into a new canvas (`columns` × HEIGHT device pixels): one envelope over the whole
 * height, or with `lanes` 2 a stereo take's left channel in the top half and its right channel in the bottom half.
 * A tile of a mono take has no per-channel lanes: it is drawn as one envelope whatever `lanes` asks.
 */
function paint(
  pv: PeakView,
  plan: ReturnType<typeof planPeaks>,
  cache: PeakTileCache,
  takeId: string,
  color: string,
  lanes: 1 | 2,
): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = pv.columns;
  canvas.height = HEIGHT;
  canvas.dataset.level = String(plan.level);
  const g = canvas.getContext("2d");
  if (!g) return canvas;
  const tileAt = (t: number) => cache.get(takeId, plan.level, t);
  const stereo = lanes === 2 && tilesFor(plan.fromBin, plan.toBin).some((t) => tileAt(t)?.lanes?.length === 2);
  canvas.dataset.lanes = stereo ? "2" : "1";
  g.fillStyle = color;
  const laneHeight = stereo ? HEIGHT / 2 : HEIGHT;
  for (let lane = 0; lane < (stereo ? 2 : 1); lane++) {
    const cols = peakColumns(pv, plan, tileAt, stereo ? lane : undefined);
    const top = lane * laneHeight;
    const half = laneHeight / 2;
    for (let x = 0; x < pv.columns; x++) {
      const lo = cols[x * 2];
      const hi = cols[x * 2 + 1];
      // No tile yet, past the take's end, or digital silence: nothing to draw.
      if (Number.isNaN(lo) || (lo === 0 && hi === 0)) continue;
      const y0 = top + Math.round((1 - Math.min(1, hi)) * half);
      const y1 = top + Math.round((1 - Math.max(-1, lo)) * half);
      g.fillRect(x, y0, 1, Math.max(1, y1 - y0));
    }
  }
  return canvas;
}
