"use client";

import { useSyncExternalStore } from "react";
import type { MarqueeStore } from "./editPreview";
import styles from "./Timeline.module.css";

/** The selection rectangle being dragged over the lanes (px relative to the track rows). */
export function Marquee({ store }: { store: MarqueeStore }) {
  const rect = useSyncExternalStore(store.subscribe, store.get, store.get);
  if (!rect) return null;
  return (
    <div
      className={styles.marquee}
      data-testid="marquee"
      aria-hidden="true"
      style={{ left: rect.left, top: rect.top, width: rect.width, height: rect.height }}
    />
  );
}
