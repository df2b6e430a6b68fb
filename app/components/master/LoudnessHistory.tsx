"use client";

import { useRef } from "react";
import type { MasterLoudness } from "@bandspace/audio-engine";
import { useFrameLoop } from "../../lib/engine/useFrameLoop";
import styles from "./Master.module.css";

/** The graph's window (it grows with what was measured, from 30 s up to 3 min) and scale. */
const MIN_WINDOW_SECONDS = 30;
const MAX_WINDOW_SECONDS = 180;
const TOP_LUFS = 0;
const FLOOR_LUFS = -48;

/**
 * Short-term (bold) and momentary (thin) loudness over the last minutes (up to three), scrolling left as the song
 * plays, with the target's loudness as a dashed line. Drawn on a canvas only when a new reading arrived; its
 * colours come from the theme's tokens, read from CSS.
 */
export function LoudnessHistory({
  meter,
  target,
}: {
  meter: MasterLoudness;
  target: { lufs: number; ceilingDbtp: number } | null;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawn = useRef("");
  useFrameLoop(true, () => {
    const c = canvas.current;
    if (!c) return;
    const key = `${meter.changes}/${target?.lufs}/${c.clientWidth}x${c.clientHeight}`;
    if (key === drawn.current) return;
    drawn.current = key;
    draw(c, meter, target?.lufs ?? null);
  });
  return (
    <div className={styles.history}>
      <canvas
        ref={canvas}
        className={styles.historyCanvas}
        data-testid="loudness-history"
        aria-label="Loudness history: short-term and momentary over the last minutes"
        role="img"
      />
      <div className={styles.legend} aria-hidden>
        <span className={styles.legendShort}>short-term</span>
        <span className={styles.legendMomentary}>momentary</span>
        {target !== null && <span className={styles.legendTarget}>target</span>}
      </div>
    </div>
  );
}

function draw(c: HTMLCanvasElement, meter: MasterLoudness, targetLufs: number | null): void {
  const dpr = window.devicePixelRatio || 1;
  const w = c.clientWidth;
  const h = c.clientHeight;
  if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
    c.width = Math.round(w * dpr);
    c.height = Math.round(h * dpr);
  }
  const g = c.getContext("2d");
  if (!g) return;
  const css = getComputedStyle(c);
  const token = (name: string) => css.getPropertyValue(name).trim();
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, h);
  const y = (lufs: number) =>
    ((TOP_LUFS - Math.max(FLOOR_LUFS, Math.min(TOP_LUFS, lufs))) / (TOP_LUFS - FLOOR_LUFS)) * h;
  // Grid every 6 LU, labelled.
  g.font = `10px ${token("--font-mono") || "monospace"}`;
  g.textBaseline = "middle";
  for (let l = TOP_LUFS - 6; l > FLOOR_LUFS; l -= 6) {
    g.fillStyle = token("--border-subtle");
    g.fillRect(0, Math.round(y(l)), w, 1);
    g.fillStyle = token("--text-3");
    g.fillText(String(l).replace("-", "−"), 4, y(l) - 6);
  }
  if (targetLufs !== null) {
    g.strokeStyle = token("--success");
    g.setLineDash([6, 4]);
    g.lineWidth = 1.5;
    g.beginPath();
    g.moveTo(0, y(targetLufs));
    g.lineTo(w, y(targetLufs));
    g.stroke();
    g.setLineDash([]);
  }
  const points = meter.history;
  if (points.length === 0) {
    // An empty state, not a blank box: say what will appear here.
    g.fillStyle = token("--text-3");
    g.textAlign = "center";
    g.fillText("Play: short-term and momentary loudness scroll here.", w / 2, h / 2);
    g.textAlign = "left";
    return;
  }
  const now = points.at(-1)?.t ?? 0;
  const span = Math.min(MAX_WINDOW_SECONDS, Math.max(MIN_WINDOW_SECONDS, now - (points[0]?.t ?? now)));
  const x = (t: number) => w - ((now - t) / span) * w;
  g.fillStyle = token("--text-3");
  g.textBaseline = "bottom";
  g.fillText(`−${Math.round(span)} s`, 4, h - 2);
  g.textAlign = "right";
  g.fillText("now", w - 4, h - 2);
  g.textAlign = "left";
  const line = (pick: (p: (typeof points)[number]) => number | null, color: string, width: number) => {
    g.strokeStyle = color;
    g.lineWidth = width;
    g.beginPath();
    let pen = false;
    for (const p of points) {
      const v = pick(p);
      if (p.t < now - span || v === null) {
        pen = false; // silence breaks the line
        continue;
      }
      if (pen) g.lineTo(x(p.t), y(v));
      else g.moveTo(x(p.t), y(v));
      pen = true;
    }
    g.stroke();
  };
  line((p) => p.momentary, token("--text-3"), 1);
  line((p) => p.shortTerm, token("--accent"), 2);
}
