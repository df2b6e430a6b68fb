"use client";

import { useRef, useSyncExternalStore } from "react";
import { useArrangementContext } from "../studio/ArrangementContext";
import type { GhostStore } from "./ghosts";
import { tickSpan, useScrollLayer } from "./useScrollLayer";
import styles from "./Timeline.module.css";

/** Previews of the clip drag in progress, over the lanes (each at its row's measured top). */
export function DragGhosts({ ghosts }: { ghosts: GhostStore }) {
  const { view } = useArrangementContext();
  const list = useSyncExternalStore(ghosts.subscribe, ghosts.get, ghosts.get);
  const layerRef = useRef<HTMLDivElement>(null);
  useScrollLayer(view, layerRef);
  return (
    <div className={styles.ghostClip} aria-hidden="true">
      <div ref={layerRef} className={styles.layer}>
        {list?.map((g) => (
          <div
            key={g.key}
            className={styles.ghost}
            data-testid="clip-ghost"
            style={{
              ...tickSpan(g.startTick, g.lengthTicks),
              ["--top" as string]: `${g.top}px`,
              ["--c" as string]: g.color,
            }}
          >
            {g.label}
          </div>
        ))}
      </div>
    </div>
  );
}
