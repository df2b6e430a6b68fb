"use client";

import { useEffect, useRef, useState } from "react";
import { ClipLevelMeter, normalizeGainDb, type ClipLevels, type NormalizeTarget } from "@bandspace/dsp";
import { getAudioClip, setAudioClipGain, TAKE_LIMITS } from "@bandspace/model";
import { useStudio } from "../studio/StudioContext";
import { useEditStep } from "../timeline/useEditStep";
import { CleanupFooter, CleanupNumberField, CleanupPanel } from "./CleanupPanel";
import { cleanupStore } from "./cleanupStore";
import { useClipAudio } from "./useClipAudio";
import styles from "./Cleanup.module.css";

type Measure =
  | { state: "reading"; fraction: number }
  | { state: "done"; levels: ClipLevels }
  | { state: "stopped" }
  | { state: "failed"; message: string };

const fmt = (v: number | null, unit: string) => (v === null ? "—" : `${v.toFixed(1)} ${unit}`);

/**
 * Normalize: measures the clip's trimmed range once (sample peak and BS.1770 integrated loudness, at 0 dB clip
 * gain), then sets the clip gain that reaches the chosen peak (dBFS) or loudness (LUFS). The audio is not changed.
 */
export function NormalizePanel({ clipId }: { clipId: string }) {
  const { connection, canEditSong } = useStudio();
  const step = useEditStep();
  const read = useClipAudio();
  const [mode, setMode] = useState<NormalizeTarget["mode"]>("peak");
  const [peakDb, setPeakDb] = useState(-1);
  const [lufs, setLufs] = useState(-16);
  const [measure, setMeasure] = useState<Measure>({ state: "reading", fraction: 0 });
  const abort = useRef<AbortController | null>(null);
  const clip = getAudioClip(connection.songDoc, clipId);
  const windowKey = clip ? `${clip.takeId}:${clip.offsetFrames}:${clip.lengthFrames}` : "";

  useEffect(() => {
    const target = getAudioClip(connection.songDoc, clipId);
    if (!target) return;
    const controller = new AbortController();
    abort.current = controller;
    let meter: ClipLevelMeter | null = null;
    setMeasure({ state: "reading", fraction: 0 });
    read(target, (planar, frames) => meter?.push(planar, frames), {
      signal: controller.signal,
      onHeader: (rate, channels) => (meter = new ClipLevelMeter(rate, channels)),
      onProgress: (fraction) => setMeasure({ state: "reading", fraction }),
    }).then(
      () => setMeasure({ state: "done", levels: meter?.read() ?? { samplePeakDbfs: null, integratedLufs: null } }),
      (err: unknown) => {
        if (!controller.signal.aborted)
          setMeasure({
            state: "failed",
            message: err instanceof Error ? err.message : "The recording could not be read.",
          });
      },
    );
    return () => controller.abort();
  }, [clipId, windowKey, connection, read]);

  const close = () => cleanupStore.close();
  const target: NormalizeTarget = mode === "peak" ? { mode, dbfs: peakDb } : { mode, lufs };
  const gain =
    measure.state === "done"
      ? normalizeGainDb(measure.levels, target, { minDb: TAKE_LIMITS.minGainDb, maxDb: TAKE_LIMITS.maxGainDb })
      : null;
  const apply = () => {
    if (!gain) return;
    step((doc, origin) => setAudioClipGain(doc, clipId, gain.gainDb, origin));
    close();
  };
  return (
    <CleanupPanel title="Normalize" testId="normalize-panel" onClose={close}>
      <div className={styles.modes} role="radiogroup" aria-label="Normalize to">
        {(["peak", "loudness"] as const).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name="normalize-mode"
              checked={mode === m}
              data-testid={`normalize-mode-${m}`}
              onChange={() => setMode(m)}
            />{" "}
            {m === "peak" ? "Peak" : "Loudness (BS.1770)"}
          </label>
        ))}
      </div>
      <div className={styles.fields}>
        <CleanupNumberField
          label={mode === "peak" ? "Target peak (dBFS)" : "Target loudness (LUFS)"}
          min={-60}
          max={0}
          step={0.5}
          value={mode === "peak" ? peakDb : lufs}
          testId="normalize-target"
          onChange={mode === "peak" ? setPeakDb : setLufs}
        />
      </div>
      <CleanupFooter
        testId="normalize"
        analysis={measure}
        onStop={() => {
          abort.current?.abort();
          setMeasure({ state: "stopped" });
        }}
        stoppedText="Stopped: close and open Normalize again to measure."
        result={
          measure.state === "done" && (
            <>
              Peak {fmt(measure.levels.samplePeakDbfs, "dBFS")} · loudness {fmt(measure.levels.integratedLufs, "LUFS")}
              <br />
              {gain ? (
                <span data-testid="normalize-gain" data-gain-db={gain.gainDb}>
                  Clip gain {gain.gainDb > 0 ? "+" : ""}
                  {gain.gainDb.toFixed(1)} dB
                  {gain.limited && ` (the most clip gain allows; the target needs more)`}
                </span>
              ) : mode === "loudness" ? (
                "Too short or too quiet to measure loudness: use Peak."
              ) : (
                "The clip is silent: there is nothing to normalize."
              )}
            </>
          )
        }
        onCancel={close}
        apply={{ label: "Set clip gain", disabled: !canEditSong || !gain || !clip, onClick: apply }}
      />
    </CleanupPanel>
  );
}
