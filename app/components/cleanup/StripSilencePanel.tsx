"use client";

import { useEffect, useRef, useState } from "react";
import { SILENCE_DEFAULTS, SilenceDetector, type SoundRegion } from "@bandspace/dsp";
import { getAudioClip, stripSilence, type AudioClip, type KeptRange } from "@bandspace/model";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { useEditStep } from "../timeline/useEditStep";
import { CleanupFooter, CleanupNumberField, CleanupPanel } from "./CleanupPanel";
import { cleanupStore } from "./cleanupStore";
import { useClipAudio } from "./useClipAudio";
import styles from "./Cleanup.module.css";

/** The panel's settings, in the units people think in (dBFS and milliseconds). */
const DEFAULTS = {
  thresholdDb: SILENCE_DEFAULTS.thresholdDb,
  minSilenceMs: SILENCE_DEFAULTS.minSilenceSeconds * 1000,
  minKeepMs: SILENCE_DEFAULTS.minKeepSeconds * 1000,
  preRollMs: SILENCE_DEFAULTS.preRollSeconds * 1000,
  postRollMs: SILENCE_DEFAULTS.postRollSeconds * 1000,
};
type Settings = typeof DEFAULTS;

const FIELDS: { key: keyof Settings; label: string; min: number; max: number; step: number }[] = [
  { key: "thresholdDb", label: "Threshold (dBFS)", min: -96, max: 0, step: 1 },
  { key: "minSilenceMs", label: "Minimum silence (ms)", min: 1, max: 10_000, step: 10 },
  { key: "minKeepMs", label: "Minimum clip length (ms)", min: 0, max: 10_000, step: 10 },
  { key: "preRollMs", label: "Pre-roll (ms)", min: 0, max: 2_000, step: 5 },
  { key: "postRollMs", label: "Post-roll (ms)", min: 0, max: 5_000, step: 5 },
];

/** Found regions are in take order; a reversed clip plays them mirrored. */
function toTimeline(regions: SoundRegion[], frames: number, reversed: boolean): KeptRange[] {
  if (!reversed) return regions;
  return regions.map((r) => ({ startFrame: frames - r.endFrame, endFrame: frames - r.startFrame })).reverse();
}

type Analysis =
  | { state: "reading"; fraction: number }
  | { state: "done"; kept: KeptRange[]; frames: number; sampleRate: number }
  | { state: "stopped" }
  | { state: "failed"; message: string };

/**
 * Strip silence: settings, a live preview of the regions that would be kept (drawn over the clip while the take
 * is read, refreshed as settings change), and Apply — the clip becomes one clip per kept region, one undo step.
 */
export function StripSilencePanel({ clipId }: { clipId: string }) {
  const { connection, canEditSong } = useStudio();
  const { ui } = useArrangementContext();
  const step = useEditStep();
  const read = useClipAudio();
  const [settings, setSettings] = useState<Settings>(DEFAULTS);
  const [analysis, setAnalysis] = useState<Analysis>({ state: "reading", fraction: 0 });
  const abort = useRef<AbortController | null>(null);
  const clip = getAudioClip(connection.songDoc, clipId);
  // What the analysis depends on: the settings and the clip's window (a bandmate may trim it meanwhile).
  const windowKey = clip ? `${clip.takeId}:${clip.offsetFrames}:${clip.lengthFrames}:${clip.reversed}` : "";

  useEffect(() => {
    const target = getAudioClip(connection.songDoc, clipId);
    if (!target) return;
    const controller = new AbortController();
    abort.current = controller;
    const timer = setTimeout(() => void analyse(target, settings, controller), 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- windowKey stands for the clip's fields read here
  }, [clipId, settings, windowKey, connection]);

  async function analyse(target: AudioClip, s: Settings, controller: AbortController) {
    setAnalysis({ state: "reading", fraction: 0 });
    let detector: SilenceDetector | null = null;
    let lastDraw = 0;
    const draw = (frames: number) => {
      if (!detector) return;
      cleanupStore.set({
        preview: { clipId, kept: toTimeline(detector.regions(), frames, target.reversed), frames },
      });
    };
    try {
      const done = await read(
        target,
        (planar, frames) => {
          if (!detector) return;
          detector.push(planar, frames);
          // Forward clips preview as the take is read; a reversed one once read (it is drawn mirrored).
          if (!target.reversed && performance.now() - lastDraw > 100) {
            lastDraw = performance.now();
            draw(target.lengthFrames);
          }
        },
        {
          signal: controller.signal,
          onProgress: (fraction) => setAnalysis({ state: "reading", fraction }),
          onHeader: (sampleRate) => {
            detector = new SilenceDetector({
              sampleRate,
              thresholdDb: s.thresholdDb,
              minSilenceSeconds: s.minSilenceMs / 1000,
              minKeepSeconds: s.minKeepMs / 1000,
              preRollSeconds: s.preRollMs / 1000,
              postRollSeconds: s.postRollMs / 1000,
            });
          },
        },
      );
      const d = detector as SilenceDetector | null;
      const kept = d ? toTimeline(d.regions(), done.frames, target.reversed) : [];
      cleanupStore.set({ preview: { clipId, kept, frames: done.frames } });
      setAnalysis({ state: "done", kept, frames: done.frames, sampleRate: done.sampleRate });
    } catch (err) {
      if (controller.signal.aborted) return;
      setAnalysis({
        state: "failed",
        message: err instanceof Error ? err.message : "The recording could not be read.",
      });
    }
  }

  const close = () => cleanupStore.close();
  const apply = () => {
    if (analysis.state !== "done") return;
    const pieces = step((doc, origin) => stripSilence(doc, clipId, analysis.kept, origin));
    if (pieces) ui.select({ kind: "clip", ids: pieces.map((p) => p.id) });
    close();
  };
  if (!clip) {
    return (
      <CleanupPanel title="Strip silence" testId="strip-silence-panel" onClose={close}>
        <p className={styles.status}>This clip is not in the session any more (a bandmate may have deleted it).</p>
      </CleanupPanel>
    );
  }
  const keptSeconds =
    analysis.state === "done"
      ? analysis.kept.reduce((s, r) => s + r.endFrame - r.startFrame, 0) / analysis.sampleRate
      : 0;
  return (
    <CleanupPanel title="Strip silence" testId="strip-silence-panel" onClose={close}>
      <div className={styles.fields}>
        {FIELDS.map((f) => (
          <CleanupNumberField
            key={f.key}
            label={f.label}
            min={f.min}
            max={f.max}
            step={f.step}
            value={settings[f.key]}
            testId={`strip-${f.key}`}
            onChange={(v) => setSettings((s) => ({ ...s, [f.key]: v }))}
          />
        ))}
      </div>
      <CleanupFooter
        testId="strip-silence"
        analysis={analysis}
        onStop={() => {
          abort.current?.abort();
          setAnalysis({ state: "stopped" });
        }}
        stoppedText="Stopped. Change a setting to read the recording again."
        result={
          analysis.state === "done" &&
          (analysis.kept.length === 0
            ? "Nothing in this clip reaches the threshold: lower it to keep something."
            : `${analysis.kept.length} clip${analysis.kept.length === 1 ? "" : "s"} would be kept (${keptSeconds.toFixed(2)} s of ${(analysis.frames / analysis.sampleRate).toFixed(2)} s).`)
        }
        onCancel={close}
        apply={{
          label: "Strip silence",
          disabled: !canEditSong || analysis.state !== "done" || analysis.kept.length === 0,
          title: canEditSong ? undefined : "Your link is read-only",
          onClick: apply,
        }}
      />
    </CleanupPanel>
  );
}
