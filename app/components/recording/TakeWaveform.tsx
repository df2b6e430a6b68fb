"use client";

import { useEffect, useState } from "react";
import { TAKE_SAMPLES_PER_PEAK, type TakePeaks } from "@bandspace/protocol";
import { useArrangementContext } from "../studio/ArrangementContext";
import { Waveform } from "./Waveform";

/**
 * A stored take's waveform over the frames a clip plays (`offsetFrames` … `+ frames`), from the server's peaks
 * (fetched once per take and cached by the recording controller). `data-peaks` on the host says when it is drawn.
 */
export function TakeWaveform({
  takeId,
  offsetFrames,
  frames,
  color,
  onState,
}: {
  takeId: string;
  offsetFrames: number;
  frames: number;
  color: string;
  onState?: (loaded: boolean) => void;
}) {
  const { recording } = useArrangementContext();
  const [peaks, setPeaks] = useState<ReturnType<typeof monoPeaks> | null>(null);
  useEffect(() => {
    let live = true;
    setPeaks(null);
    void recording.peaks(takeId).then((p) => {
      if (!live || !p) return;
      setPeaks(monoPeaks(p));
    });
    return () => {
      live = false;
    };
  }, [recording, takeId]);
  useEffect(() => onState?.(peaks !== null), [peaks, onState]);
  if (!peaks) return null;
  return (
    <Waveform
      peaks={peaks.peaks}
      count={peaks.count}
      from={Math.floor(offsetFrames / peaks.spp)}
      to={Math.min(peaks.count, Math.ceil((offsetFrames + frames) / peaks.spp))}
      color={color}
    />
  );
}

/** The server's peaks as one mono min/max series (channels merged). */
function monoPeaks(p: TakePeaks): { peaks: Float32Array; count: number; spp: number } {
  const count = Math.floor((p.peaks[0]?.length ?? 0) / 2);
  const out = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const ch of p.peaks) {
      lo = Math.min(lo, ch[i * 2]);
      hi = Math.max(hi, ch[i * 2 + 1]);
    }
    out[i * 2] = lo;
    out[i * 2 + 1] = hi;
  }
  return { peaks: out, count, spp: p.samplesPerPeak || TAKE_SAMPLES_PER_PEAK };
}
