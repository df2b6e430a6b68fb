"use client";

import { useRef } from "react";
import { useFrameLoop } from "../../lib/engine/useFrameLoop";
import { useArrangementContext } from "../studio/ArrangementContext";
import styles from "./Recording.module.css";

/** Peak meter of the open input (dBFS, −60..0), drawn from animation frames; the clip light holds for 1.5 s. */
export function InputMeter({ active }: { active: boolean }) {
  const { recording } = useArrangementContext();
  const barRef = useRef<HTMLDivElement>(null);
  const clipRef = useRef<HTMLSpanElement>(null);
  const held = useRef({ level: 0, clipAt: -Infinity });
  useFrameLoop(active, (now) => {
    const peak = Math.max(0, ...recording.inputPeaks());
    const db = peak > 0 ? 20 * Math.log10(peak) : -Infinity;
    const target = Math.max(0, Math.min(1, (db + 60) / 60));
    const h = held.current;
    h.level = target > h.level ? target : h.level * 0.92 + target * 0.08;
    if (peak >= 0.999) h.clipAt = now;
    if (barRef.current) {
      barRef.current.style.transform = `scaleX(${h.level.toFixed(3)})`;
      barRef.current.parentElement!.dataset.level = db === -Infinity ? "-inf" : db.toFixed(1);
    }
    if (clipRef.current) clipRef.current.dataset.on = now - h.clipAt < 1500 ? "true" : "false";
  });
  return (
    <div className={styles.meter} role="meter" aria-label="Input level" data-testid="input-meter" aria-valuemin={-60} aria-valuemax={0}>
      <div ref={barRef} className={styles.meterBar} />
      <span ref={clipRef} className={styles.meterClip} title="Clipping" />
    </div>
  );
}
