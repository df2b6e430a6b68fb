"use client";

import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { Icon } from "../common/Icon";
import { useTrackAudio } from "./useAudioClips";
import styles from "./Recording.module.css";

/** An audio track header's take-lanes button: how many takes the track has; opens the lanes under the row. */
export function TakeLanesToggle({ trackId, trackName }: { trackId: string; trackName: string }) {
  const { ui } = useArrangementContext();
  const open = useUI((s) => s.takeLanesOpen.includes(trackId));
  const { lanes } = useTrackAudio(trackId);
  const count = lanes.reduce((n, l) => n + l.takes.length, 0);
  return (
    <button
      type="button"
      className={`${styles.lanesToggle} ${open ? styles.lanesOpen : ""}`}
      aria-expanded={open}
      aria-label={`${open ? "Hide" : "Show"} the take lanes of ${trackName} (${count} ${count === 1 ? "take" : "takes"})`}
      title={`Take lanes — ${count} ${count === 1 ? "take" : "takes"} (Alt+T)`}
      data-testid="take-lanes-toggle"
      data-count={count}
      onMouseDown={(e) => e.stopPropagation()}
      onClick={() => ui.toggleTakeLanes(trackId)}
    >
      <Icon name="lanes" size={10} />
      {count}
    </button>
  );
}
