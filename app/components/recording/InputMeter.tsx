"use client";

import { useRef } from "react";
import { useFrameLoop } from "../../lib/engine/useFrameLoop";
import { useArrangementContext } from "../studio/ArrangementContext";
import styles from "./Recording.module.css";

/**
 * Peak meter of the open input (dBFS, −60..0), drawn from animation frames: a falling bar, a peak-hold line
 * and a clip light that each hold for 1.5 s (short transients stay readable). `data-level` is the held peak.
 */
export function InputMeter({ active }: { active: boolean }) {
  const { recording } = useArrangementContext();
  const barRef = useRef<HTMLDivElement>(null);
  const clipRef = useRef<HTMLSpanElement>(null);
  const holdRef = useRef<HTMLSpanElement>(null);
  const held = useRef({ level: 0, clipAt: -Infinity, holdDb: -Infinity, holdAt: -Infinity });
  useFrameLoop(active, (now) => {
    const peak = Math.max(0, ...recording.inputPeaks());
    const db = peak > 0 ? 20 * Math.log10(peak) : -Infinity;
    const target = Math.max(0, Math.min(1, (db + 60) / 60));
    const h = held.current;
    h.level = target > h.level ? target : h.level * 0.92 + target * 0.08;
    if (peak >= 0.999) h.clipAt = now;
    if (db >= h.holdDb || now - h.holdAt > 1500) {
      h.holdDb = db;
      h.holdAt = now;
    }
    if (barRef.current) {
      barRef.current.style.transform = `scaleX(${h.level.toFixed(3)})`;
      barRef.current.parentElement!.dataset.level = h.holdDb === -Infinity ? "-inf" : h.holdDb.toFixed(1);
    }
    if (holdRef.current) {
      const x = Math.max(0, Math.min(1, (h.holdDb + 60) / 60));
      holdRef.current.style.left = `calc(${(x * 100).toFixed(1)}% - 1px)`;
      holdRef.current.style.opacity = x > 0 ? "1" : "0";
    }
    if (clipRef.current) clipRef.current.dataset.on = now - h.clipAt < 1500 ? "true" : "false";
  });
  return (
    <div
      className={styles.meter}
      role="meter"
      aria-label="Input level"
      data-testid="input-meter"
      aria-valuemin={-60}
      aria-valuemax={0}
    >
      <div ref={barRef} className={styles.meterBar} />
      <span ref={holdRef} className={styles.meterHold} />
      <span ref={clipRef} className={styles.meterClip} title="Clipping" />
    </div>
  );
}
