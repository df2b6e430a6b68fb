"use client";

import { useCallback } from "react";
import { takeAudioPath } from "@bandspace/protocol";
import type { AudioClip } from "@bandspace/model";
import { useStudio } from "../studio/StudioContext";
import { readClipSamples } from "./readClipSamples";

/** Streams a clip's window of its take through `onBlock` (see readClipSamples), with this link's token. */
export function useClipAudio() {
  const { sessionId, token } = useStudio();
  return useCallback(
    (
      clip: AudioClip,
      onBlock: (planar: Float32Array[], frames: number) => void,
      options: Parameters<typeof readClipSamples>[3],
    ) =>
      readClipSamples(
        `${takeAudioPath(sessionId, clip.takeId)}?token=${encodeURIComponent(token)}`,
        clip,
        onBlock,
        options,
      ),
    [sessionId, token],
  );
}
