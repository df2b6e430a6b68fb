"use client";

import { useState } from "react";
import { Icon } from "../common/Icon";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { effectiveLatencyMs } from "../../lib/takes/latency";
import { CalibrationDialog } from "./CalibrationDialog";
import { InputMeter } from "./InputMeter";
import { useRecordingState, useUploadStatus } from "./useRecording";
import styles from "./Recording.module.css";

/** The record button (R) for the transport bar. */
export function RecordButton({ tipClass, buttonClass }: { tipClass: string; buttonClass: string }) {
  const { recording } = useArrangementContext();
  const { canEditSong } = useStudio();
  const st = useRecordingState();
  const hint = !canEditSong
    ? "Your link can't record"
    : st.recording
      ? "Stop recording (R)"
      : st.armedTrackId
        ? "Record on the armed track (R)"
        : "Arm an audio track to record (R)";
  return (
    <span data-tooltip={hint} className={tipClass}>
      <button
        type="button"
        className={`${buttonClass} ${st.recording ? styles.recordingNow : ""}`}
        aria-label={st.recording ? "Stop recording" : "Record"}
        aria-pressed={st.recording}
        aria-keyshortcuts="R"
        disabled={!canEditSong}
        data-testid="transport-record"
        data-recording={st.recording ? "true" : "false"}
        onClick={() => void recording.record()}
      >
        <Icon name="record" size={15} />
      </button>
    </span>
  );
}

/** Input device, level meter, monitor, punch, listen live, latency and upload state. */
export function RecordControls() {
  const { recording } = useArrangementContext();
  const { canEditSong } = useStudio();
  const st = useRecordingState();
  const upload = useUploadStatus();
  const [calOpen, setCalOpen] = useState(false);
  const pending = upload.takes.reduce((n, t) => n + t.pending, 0);
  const active = upload.takes.filter((t) => t.phase !== "done");
  const failed = upload.takes.find((t) => t.phase === "error");
  // The server has not started a take yet (no answer in time, or it could not): asked again, every chunk kept.
  const reconnecting = upload.takes.some((t) => t.phase === "reconnecting");
  // Saved, but not whole (the server finished it while this browser was away for too long).
  const shortened = upload.takes.find((t) => t.phase === "done" && t.error);
  const message = st.error ?? shortened?.error ?? null;
  return (
    <div
      className={styles.controls}
      data-testid="record-controls"
      data-input={st.input}
      data-recording={st.recording ? "true" : "false"}
      data-input-channels={st.inputChannels}
      data-anchor-ctx={st.lastAnchorCtx ?? undefined}
      data-latency-ms={effectiveLatencyMs(st.latency)}
    >
      {canEditSong && (
        <>
          <label className={styles.device}>
            <Icon name="mic" size={13} />
            <select
              className={styles.select}
              aria-label="Input device"
              data-testid="input-device"
              value={st.deviceId}
              onChange={(e) => void recording.openInput(e.target.value)}
              onFocus={() => st.input === "closed" && void recording.openInput()}
            >
              {st.devices.length === 0 && (
                <option value="">{st.input === "opening" ? "Opening input…" : "Choose input…"}</option>
              )}
              {st.devices.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
          <InputMeter active={st.input === "open"} />
          <button
            type="button"
            className={`${styles.toggle} ${st.monitor ? styles.on : ""}`}
            aria-pressed={st.monitor}
            data-testid="input-monitor"
            title="Hear the input while recording (use headphones)"
            onClick={() => recording.setMonitor(!st.monitor)}
          >
            Monitor
          </button>
          <button
            type="button"
            className={`${styles.toggle} ${st.punch ? styles.on : ""}`}
            aria-pressed={st.punch}
            data-testid="punch-toggle"
            title="Punch in/out: record only between the loop locators"
            onClick={() => recording.setPunch(!st.punch)}
          >
            Punch
          </button>
          <button
            type="button"
            className={styles.toggle}
            data-testid="latency-button"
            title="Latency calibration"
            onClick={() => setCalOpen(true)}
          >
            {st.latency.roundTripMs === null ? "Calibrate" : `${effectiveLatencyMs(st.latency).toFixed(1)} ms`}
          </button>
        </>
      )}
      <button
        type="button"
        className={`${styles.toggle} ${st.listenLive ? styles.on : ""}`}
        aria-pressed={st.listenLive}
        data-testid="listen-live"
        title="Listen to bandmates' takes live while they record (≈0.3 s behind)"
        onClick={() => recording.setListenLive(!st.listenLive)}
      >
        Listen live
      </button>
      {(active.length > 0 || failed) && (
        <span
          className={`${styles.upload} ${failed ? styles.uploadError : ""}`}
          data-testid="upload-status"
          data-pending={pending}
          data-online={upload.online ? "true" : "false"}
          data-reconnecting={reconnecting ? "true" : "false"}
          title={
            failed?.error ??
            (!upload.online
              ? "Offline: takes are kept in this browser and sent on reconnect"
              : reconnecting
                ? "The server has not started the take yet: asking again; everything recorded is kept in this browser"
                : "Sending takes to the server")
          }
        >
          {failed
            ? "Upload problem"
            : !upload.online
              ? `Offline · ${pending} chunks kept`
              : reconnecting
                ? "Reconnecting…"
                : pending > 0
                  ? `Uploading · ${pending}`
                  : "Finishing…"}
        </span>
      )}
      {st.stereoFallback && (
        <span className={styles.errorInline} role="status" data-testid="stereo-fallback">
          This input gives one channel: the stereo track records mono. Pick a stereo input (two channels) to record
          stereo.
        </span>
      )}
      {message && (
        <span className={styles.errorInline} role="alert" data-testid="recording-error">
          {message}
        </span>
      )}
      <CalibrationDialog open={calOpen} onClose={() => setCalOpen(false)} />
    </div>
  );
}
