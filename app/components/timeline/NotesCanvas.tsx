"use client";

import { useEffect, useRef } from "react";
import type { Note, Track } from "@bandspace/model";
import { clipsOf } from "../../lib/collab/arrangementStore";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import type { GhostStore } from "./ghosts";
import { trackRowBoxes, type RowBox } from "./rowBoxes";
import { midiClipHasBlock } from "./lod";
import { VSCROLL_ATTR } from "./useNearViewport";
import styles from "./Timeline.module.css";

/** Clip geometry inside a lane row (px), matching `.clip` / `.clipName` in Timeline.module.css. */
const CLIP_INSET_Y = 3;
const CLIP_HEADER = 14;
const BODY_PAD = 3;

interface PitchRange {
  top: number;
  span: number;
}
const ranges = new WeakMap<readonly Note[], PitchRange>();

function pitchRange(notes: readonly Note[]): PitchRange {
  let r = ranges.get(notes);
  if (r) return r;
  let lo = 127;
  let hi = 0;
  for (const n of notes) {
    if (n.pitch < lo) lo = n.pitch;
    if (n.pitch > hi) hi = n.pitch;
  }
  // At least an octave of height, so one note isn't a full-height bar.
  const pad = Math.max(0, 12 - (hi - lo)) / 2;
  r = { top: hi + 1 + pad, span: hi - lo + 1 + 2 * pad };
  ranges.set(notes, r);
  return r;
}

/** A lighter tint of a #rrggbb track colour, for notes on its clip. */
function noteColor(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  if (!Number.isFinite(n)) return "#dddddd";
  const mix = (c: number) => Math.round(c + (255 - c) * 0.5);
  return `rgb(${mix((n >> 16) & 255)},${mix((n >> 8) & 255)},${mix(n & 255)})`;
}

/**
 * The mini note previews of every visible clip, painted on one canvas over the lanes (under nothing
 * interactive: pointer events pass through to the clip blocks). It spans all rows and scrolls vertically with
 * them natively; horizontal scroll and zoom repaint it in the same frame as the clip blocks move. One canvas
 * instead of an SVG per clip keeps zooming cheap: no per-clip layout or rasterisation.
 */
export function NotesCanvas({ tracks, ghosts }: { tracks: readonly Track[]; ghosts: GhostStore }) {
  const { connection } = useStudio();
  const { view } = useArrangementContext();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const live = useRef({ tracks });
  const invalidateRef = useRef<() => void>(() => {});
  useEffect(() => {
    live.current = { tracks };
    // Track order, colours or count changed: repaint.
    invalidateRef.current();
  }, [tracks]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const host = canvas?.parentElement;
    if (!canvas || !host) return;
    let frame: number | null = null;
    let w = 0;
    let h = 0;
    // Row tops, measured (take lanes make rows uneven); re-read after a resize or a change of tracks.
    let boxes: RowBox[] | null = null;
    /** Nothing drawn since the canvas was last cleared or resized. */
    let blank = true;
    const vscroll = host.closest<HTMLElement>(`[${VSCROLL_ATTR}]`);

    const paint = () => {
      frame = null;
      const ctx = canvas.getContext("2d");
      if (!ctx || w === 0 || h === 0) return;
      const dpr = window.devicePixelRatio || 1;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const a = connection.arrangement.get();
      // A session of audio tracks has nothing for this canvas, which spans every row: clearing it anyway on each
      // scroll frame re-rasterised and re-uploaded megapixels of nothing.
      if (!live.current.tracks.some((t) => clipsOf(a, t.id).length > 0)) {
        if (!blank) ctx.clearRect(0, 0, w, h);
        blank = true;
        return;
      }
      ctx.clearRect(0, 0, w, h);
      blank = false;
      const { pxPerTick: ppt, layoutPxPerTick, scrollX, cullFrom, cullTo } = view.get();
      const from = scrollX / ppt;
      const to = (scrollX + w) / ppt;
      const dragging = new Set((ghosts.get() ?? []).map((g) => g.key));
      const rows = host.parentElement;
      if (!boxes && rows) boxes = trackRowBoxes(rows, host);
      // Only the rows the vertical scroller shows (the canvas spans all of them; a scroll repaints).
      const hostTop = host.getBoundingClientRect().top;
      const port = vscroll?.getBoundingClientRect();
      const visTop = port ? port.top - hostTop : 0;
      const visBottom = port ? visTop + port.height : h;
      live.current.tracks.forEach((track, row) => {
        const clips = clipsOf(a, track.id);
        const box = boxes?.[row];
        if (clips.length === 0 || !box) return;
        if (box.top + box.height < visTop || box.top > visBottom) return;
        const rowTop = box.top;
        const rowH = box.height;
        const bodyTop = rowTop + CLIP_INSET_Y + CLIP_HEADER + BODY_PAD;
        const bodyH = rowH - 2 * CLIP_INSET_Y - CLIP_HEADER - 2 * BODY_PAD;
        if (bodyH <= 2) return;
        const notesFill = noteColor(track.color);
        ctx.fillStyle = notesFill;
        for (const clip of clips) {
          const end = clip.startTick + clip.lengthTicks;
          if (end <= from || clip.startTick >= to || dragging.has(clip.id)) continue;
          const hasBlock = midiClipHasBlock(clip.lengthTicks, layoutPxPerTick);
          if (end <= cullFrom || clip.startTick >= cullTo || !hasBlock) {
            // Not mounted as a block (mid zoom gesture, or too narrow for one): a plain bar in its place.
            const x = clip.startTick * ppt - scrollX;
            ctx.globalAlpha = 0.35;
            ctx.fillStyle = track.color;
            ctx.fillRect(x, rowTop + CLIP_INSET_Y, Math.max(2, clip.lengthTicks * ppt - 1), rowH - 2 * CLIP_INSET_Y);
            ctx.globalAlpha = 1;
            ctx.fillStyle = notesFill;
          }
          const notes = a.notes.get(clip.id);
          // Far out a clip is a few pixels wide: its bar says enough, and skipping its notes keeps the frame short.
          if (!notes || notes.length === 0 || !hasBlock) continue;
          const { top, span } = pitchRange(notes);
          const unit = bodyH / span;
          const noteH = Math.max(1.5, Math.min(unit * 0.8, 5));
          const x0 = clip.startTick * ppt - scrollX;
          const right = Math.min(end * ppt - scrollX - 1.5, w);
          for (const n of notes) {
            const nx = x0 + n.startTick * ppt + 1;
            if (nx >= right) continue;
            const nw = Math.max(1, Math.min(n.durationTicks * ppt - 1, right - nx));
            if (nx + nw < 0) continue;
            ctx.fillRect(nx, bodyTop + (top - n.pitch - 1) * unit + (unit - noteH) / 2, nw, noteH);
          }
        }
      });
    };
    const invalidate = () => {
      if (frame === null) frame = requestAnimationFrame(paint);
    };
    invalidateRef.current = () => {
      boxes = null;
      invalidate();
    };
    const resize = () => {
      const dpr = window.devicePixelRatio || 1;
      w = host.clientWidth;
      h = host.clientHeight;
      canvas.width = Math.max(1, Math.round(w * dpr)); // (clears it)
      blank = true;
      canvas.height = Math.max(1, Math.round(h * dpr));
      canvas.style.width = `${w}px`;
      canvas.style.height = `${h}px`;
      boxes = null;
      invalidate();
    };
    resize();
    const ro = new ResizeObserver(resize);
    ro.observe(host);
    vscroll?.addEventListener("scroll", invalidate, { passive: true });
    const offs = [
      () => vscroll?.removeEventListener("scroll", invalidate),
      view.subscribe(invalidate),
      connection.arrangement.subscribe(invalidate),
      ghosts.subscribe(invalidate),
    ];
    return () => {
      ro.disconnect();
      offs.forEach((off) => off());
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [connection, view, ghosts]);

  return (
    <div className={styles.notesLayer} aria-hidden="true">
      <canvas ref={canvasRef} data-testid="clip-notes-canvas" />
    </div>
  );
}
