"use client";

import { useSyncExternalStore } from "react";
import type { RecordingState } from "../../lib/takes/RecordingController";
import type { UploadStatus } from "../../lib/takes/TakeUploader";
import { useArrangementContext } from "../studio/ArrangementContext";

export function useRecordingState(): RecordingState {
  const { recording } = useArrangementContext();
  return useSyncExternalStore(recording.state.subscribe, recording.state.get, recording.state.get);
}

export function useUploadStatus(): UploadStatus {
  const { recording } = useArrangementContext();
  return useSyncExternalStore(recording.uploadStatus.subscribe, recording.uploadStatus.get, recording.uploadStatus.get);
}

/** Re-renders when a live take starts, grows or ends. */
export function useLiveTakesVersion(): number {
  const { recording } = useArrangementContext();
  return useSyncExternalStore(recording.live.version.subscribe, recording.live.version.get, recording.live.version.get);
}
