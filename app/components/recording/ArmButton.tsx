"use client";

import { useArrangementContext } from "../studio/ArrangementContext";
import { useRecordingState } from "./useRecording";
import styles from "./Recording.module.css";

/** Record-arm for an audio track header: the armed track is where R records (one armed track at a time). */
export function ArmButton({ trackId, trackName, disabled }: { trackId: string; trackName: string; disabled: boolean }) {
  const { recording } = useArrangementContext();
  const armed = useRecordingState().armedTrackId === trackId;
  return (
    <button
      type="button"
      className={`${styles.arm} ${armed ? styles.armed : ""}`}
      aria-pressed={armed}
      aria-label={`${armed ? "Disarm" : "Arm"} ${trackName} for recording`}
      title={disabled ? "Your link can't record" : armed ? "Armed — R records here" : "Arm for recording"}
      disabled={disabled}
      data-testid="track-arm"
      onMouseDown={(e) => e.stopPropagation()}
      onClick={() => recording.arm(trackId)}
    >
      <span className={styles.armDot} />
    </button>
  );
}
