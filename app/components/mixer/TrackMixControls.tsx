"use client";

import { useCallback, type KeyboardEvent, type PointerEvent as ReactPointerEvent, type ReactNode } from "react";
import {
  faderDb,
  faderPosition,
  formatPan,
  formatVolumeDb,
  setTrackMute,
  setTrackPan,
  setTrackVolume,
  type Track,
} from "@bandspace/model";
import { useStudio } from "../studio/StudioContext";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useEngineInstance, useTransportState } from "../../lib/engine/useAudioEngine";
import { Meter } from "./Meter";
import styles from "./TrackMixControls.module.css";

const FADER_STEPS = 1000;
const stop = (e: { stopPropagation: () => void }) => e.stopPropagation();

/**
 * A track header's channel controls, as on a DAW track header: mute (shared — everyone hears it), solo (yours
 * alone: it changes what you hear, never the document, so reviewers may solo too), a mini fader and a pan knob.
 * Double-click the fader or the knob to reset them.
 */
export function TrackMixControls({
  track,
  extra,
}: {
  track: Track;
  /** More header buttons (record-arm). */ extra?: ReactNode;
}) {
  const { canEditSong, edit } = useStudio();
  const { transport } = useArrangementContext();
  const soloed = useTransportState(transport).solo.includes(track.id);
  const engine = useEngineInstance(transport);
  const readOnlyTitle = "Your link can't change the mix";

  const setVolume = useCallback(
    (db: number) => edit((doc, origin) => setTrackVolume(doc, track.id, db, origin)),
    [edit, track.id],
  );
  const setPan = useCallback(
    (pan: number) => edit((doc, origin) => setTrackPan(doc, track.id, pan, origin)),
    [edit, track.id],
  );

  return (
    <div className={styles.mix} onMouseDown={stop} data-testid="track-mix">
      <div className={styles.buttons}>
        <button
          type="button"
          className={`${styles.toggle} ${styles.mute}`}
          aria-pressed={track.mute}
          aria-label={`Mute ${track.name}`}
          title={
            canEditSong ? (track.mute ? "Unmute for everyone (Shift+M)" : "Mute for everyone (Shift+M)") : readOnlyTitle
          }
          disabled={!canEditSong}
          data-testid="track-mute"
          onClick={() => edit((doc, origin) => setTrackMute(doc, track.id, !track.mute, origin))}
        >
          M
        </button>
        <button
          type="button"
          className={`${styles.toggle} ${styles.solo}`}
          aria-pressed={soloed}
          aria-label={`Solo ${track.name}`}
          title="Solo — only you hear it (S; Alt-click: solo only this track)"
          data-testid="track-solo"
          onClick={(e) => transport.toggleSolo(track.id, e.altKey)}
        >
          S
        </button>
        {extra}
      </div>
      <div className={styles.sliders}>
        <input
          type="range"
          className={styles.fader}
          min={0}
          max={FADER_STEPS}
          step={1}
          value={Math.round(faderPosition(track.volumeDb) * FADER_STEPS)}
          style={{ ["--fill" as string]: `${faderPosition(track.volumeDb) * 100}%` }}
          disabled={!canEditSong}
          aria-label={`Volume of ${track.name}`}
          aria-valuetext={formatVolumeDb(track.volumeDb)}
          title={`${formatVolumeDb(track.volumeDb)}${canEditSong ? " — double-click for 0 dB" : ""}`}
          data-testid="track-volume"
          data-db={track.volumeDb}
          onKeyDown={stop}
          onChange={(e) => setVolume(faderDb(Number(e.target.value) / FADER_STEPS))}
          onDoubleClick={() => canEditSong && setVolume(0)}
        />
        <PanKnob value={track.pan} trackName={track.name} disabled={!canEditSong} onChange={setPan} />
        <Meter engine={engine} stripId={track.id} slim />
      </div>
    </div>
  );
}

/** A small rotary pan control: drag up/down (Shift: fine), arrow keys, double-click to centre. */
function PanKnob({
  value,
  trackName,
  disabled,
  onChange,
}: {
  value: number;
  trackName: string;
  disabled: boolean;
  onChange: (pan: number) => void;
}) {
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (disabled || e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.focus();
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const startY = e.clientY;
    const startValue = value;
    const move = (ev: PointerEvent) => {
      const perPixel = ev.shiftKey ? 0.002 : 0.01;
      onChange(Math.max(-1, Math.min(1, startValue + (startY - ev.clientY) * perPixel)));
    };
    const up = () => {
      el.removeEventListener("pointermove", move);
      el.removeEventListener("pointerup", up);
      el.removeEventListener("pointercancel", up);
    };
    el.addEventListener("pointermove", move);
    el.addEventListener("pointerup", up);
    el.addEventListener("pointercancel", up);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation();
    if (disabled) return;
    const step = e.shiftKey ? 0.01 : 0.05;
    const next =
      e.key === "ArrowUp" || e.key === "ArrowRight"
        ? value + step
        : e.key === "ArrowDown" || e.key === "ArrowLeft"
          ? value - step
          : e.key === "Home"
            ? -1
            : e.key === "End"
              ? 1
              : e.key === "Delete" || e.key === "Backspace"
                ? 0
                : null;
    if (next === null) return;
    e.preventDefault();
    onChange(Math.max(-1, Math.min(1, next)));
  };
  return (
    <div
      className={styles.knob}
      role="slider"
      tabIndex={disabled ? -1 : 0}
      aria-label={`Pan of ${trackName}`}
      aria-valuemin={-1}
      aria-valuemax={1}
      aria-valuenow={value}
      aria-valuetext={formatPan(value)}
      aria-disabled={disabled}
      title={`Pan ${formatPan(value)}${disabled ? "" : " — drag up/down, double-click to centre"}`}
      data-testid="track-pan"
      data-pan={value}
      style={{ ["--angle" as string]: `${value * 135}deg` }}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      onDoubleClick={() => !disabled && onChange(0)}
    >
      <span className={styles.knobPointer} />
    </div>
  );
}
