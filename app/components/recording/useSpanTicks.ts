"use client";

import { useArrangementSelector } from "../../lib/collab/useArrangement";
import { useStudio } from "../studio/StudioContext";

/** Ticks spanned by `frames` of audio starting at `startTick` (through the tempo map). */
export function useSpanTicks(startTick: number, frames: number, sampleRate: number): number {
  const { connection } = useStudio();
  const map = useArrangementSelector(connection, (a) => a.tempoMap);
  const start = map.ticksToSeconds(startTick);
  return Math.max(1, Math.round(map.secondsToTicks(start + frames / sampleRate) - startTick));
}
