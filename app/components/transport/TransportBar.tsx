"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { useSong } from "../../lib/collab/useSong";
import { useTransportState } from "../../lib/engine/useAudioEngine";
import { useFrameLoop } from "../../lib/engine/useFrameLoop";
import type { CountInBars } from "../../lib/engine/TransportController";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { formatTempo } from "../topbar/TempoControl";
import { Icon, type IconName } from "../common/Icon";
import styles from "./TransportBar.module.css";
import { RecordButton, RecordControls } from "../recording/RecordControls";
import { LatencyControl } from "./LatencyControl";

/** "mm:ss.mmm" (minutes keep counting past an hour). */
export function formatClock(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const m = Math.floor(ms / 60000);
  const s = Math.floor((ms % 60000) / 1000);
  const milli = ms % 1000;
  return `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}.${String(milli).padStart(3, "0")}`;
}

function TransportButton({
  icon,
  label,
  shortcut,
  testId,
  onClick,
  pressed,
  disabled,
  tone,
  children,
  hint,
}: {
  icon?: IconName;
  label: string;
  shortcut?: string;
  testId: string;
  onClick?: () => void;
  pressed?: boolean;
  disabled?: boolean;
  tone?: string;
  children?: ReactNode;
  hint?: string;
}) {
  const tip = hint ?? (shortcut ? `${label} (${shortcut})` : label);
  return (
    <span data-tooltip={tip} className={styles.tip}>
      <button
        type="button"
        className={`${styles.button} ${tone ?? ""}`}
        aria-label={label}
        aria-pressed={pressed}
        aria-keyshortcuts={shortcut}
        disabled={disabled}
        data-testid={testId}
        onClick={onClick}
      >
        {children ?? (icon && <Icon name={icon} size={15} />)}
      </button>
    </span>
  );
}

/** How often the position display changes while playing. */
const CLOCK_HZ = 20;

/**
 * Transport: play/pause (Space), stop (back to where play started), return to start (Home), loop (L),
 * metronome (M), count-in, and the live position "bar.beat.sixteenth / mm:ss.mmm" — written straight to the
 * DOM from animation frames while playing, so playback never re-renders React. Everyone can play, whatever
 * their role; the AudioContext starts with the first Play.
 */
export function TransportBar() {
  const { connection } = useStudio();
  const { transport, view } = useArrangementContext();
  const { song } = useSong(connection);
  const state = useTransportState(transport);
  const { numerator, denominator } = song.timeSignature;
  const bbtRef = useRef<HTMLSpanElement>(null);
  const timeRef = useRef<HTMLSpanElement>(null);
  const displayRef = useRef<HTMLDivElement>(null);
  const bpmRef = useRef<HTMLSpanElement>(null);
  /** When the position text was last written while playing (page clock). */
  const wroteAt = useRef(-Infinity);

  const draw = () => {
    const map = connection.arrangement.get().tempoMap;
    const tick = transport.positionTick();
    const bbt = map.formatPosition(Math.max(0, tick));
    const clock = formatClock(map.ticksToSeconds(Math.max(0, tick)));
    const bpm = formatTempo(map.bpmAt(Math.max(0, tick)));
    if (bbtRef.current && bbtRef.current.textContent !== bbt) bbtRef.current.textContent = bbt;
    if (timeRef.current && timeRef.current.textContent !== clock) timeRef.current.textContent = clock;
    if (bpmRef.current && bpmRef.current.textContent !== bpm) bpmRef.current.textContent = bpm;
    if (displayRef.current) {
      displayRef.current.dataset.tick = String(Math.round(tick));
      if (!transport.playing) displayRef.current.setAttribute("aria-label", `Position ${bbt}, ${clock}`);
    }
  };
  // While playing, the text is rewritten (laid out and painted again) at most CLOCK_HZ times a second: at the
  // frame rate it was a paint every frame for digits nobody reads that fast. Stopped, every change is shown.
  useFrameLoop(state.playing, (now) => {
    if (transport.playing && now - wroteAt.current < 1000 / CLOCK_HZ) return;
    wroteAt.current = now;
    draw();
  });
  useEffect(() => {
    const redraw = () => draw();
    const offs = [transport.onPosition(redraw), connection.arrangement.subscribe(redraw)];
    return () => offs.forEach((off) => off());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [transport, connection]);

  const starting = state.engine === "starting";
  return (
    <div
      className={styles.bar}
      role="toolbar"
      aria-label="Transport"
      data-playing={state.playing ? "true" : "false"}
      data-engine={state.engine}
    >
      <div className={styles.group}>
        <TransportButton
          icon="toStart"
          label="Return to start"
          shortcut="Home"
          testId="transport-to-start"
          onClick={() => {
            transport.returnToStart();
            view.reveal(0);
          }}
        />
        <TransportButton
          icon="stop"
          label="Stop"
          hint="Stop — back to where play started"
          testId="transport-stop"
          onClick={() => transport.stop()}
        />
        <TransportButton
          label={state.playing ? "Pause" : "Play"}
          shortcut="Space"
          testId="transport-play"
          pressed={state.playing}
          tone={`${styles.play} ${state.playing ? styles.playing : ""} ${starting ? styles.starting : ""}`}
          onClick={() => transport.toggle()}
        >
          {state.playing ? <Icon name="pause" size={15} /> : <Icon name="play" size={15} />}
        </TransportButton>
        <RecordButton tipClass={styles.tip} buttonClass={`${styles.button} ${styles.record}`} />
      </div>
      <div className={styles.group}>
        <TransportButton
          icon="loop"
          label={state.loop ? "Loop on" : "Loop off"}
          shortcut="L"
          testId="transport-loop"
          pressed={state.loop}
          tone={state.loop ? styles.on : ""}
          onClick={() => transport.setLoop(!state.loop)}
        />
        <TransportButton
          icon="metronome"
          label={state.metronome ? "Metronome on" : "Metronome off"}
          shortcut="M"
          testId="transport-metronome"
          pressed={state.metronome}
          tone={state.metronome ? styles.on : ""}
          onClick={() => transport.setMetronome(!state.metronome)}
        />
        <label className={styles.countIn} data-tooltip="Count-in before playback starts">
          <Icon name="countIn" size={13} />
          <select
            className={styles.countInSelect}
            value={state.countInBars}
            aria-label="Count-in"
            data-testid="transport-count-in"
            onChange={(e) => transport.setCountInBars(Number(e.target.value) as CountInBars)}
          >
            <option value={0}>No count-in</option>
            <option value={1}>1 bar</option>
            <option value={2}>2 bars</option>
          </select>
        </label>
      </div>

      <div
        ref={displayRef}
        className={styles.display}
        data-testid="transport-position"
        aria-label="Position 1.1.1, 00:00.000"
        aria-live="off"
      >
        <span ref={bbtRef} className={styles.bbt} data-testid="transport-bbt">
          1.1.1
        </span>
        <span className={styles.sep}>/</span>
        <span ref={timeRef} className={styles.time} data-testid="transport-time">
          00:00.000
        </span>
      </div>

      <div className={styles.readout} data-testid="transport-tempo" title="Tempo at the playhead and meter">
        <span ref={bpmRef} className={styles.readValue}>
          {formatTempo(song.tempoBpm)}
        </span>
        <span className={styles.readUnit}>BPM</span>
        <span className={styles.readDivider} aria-hidden="true" />
        <span className={styles.readValue}>
          {numerator}/{denominator}
        </span>
      </div>

      <RecordControls />

      <div className={styles.note}>
        <LatencyControl transport={transport} state={state} />
        <p className={styles.status} data-testid="audio-status">
          <span className={`${styles.dot} ${styles[state.engine]}`} aria-hidden="true" />
          {state.engine === "idle" && "Audio starts when you press play"}
          {state.engine === "starting" && "Starting audio…"}
          {state.engine === "ready" && (state.playing ? "Playing" : "Audio ready")}
          {state.engine === "failed" && "Audio unavailable"}
        </p>
      </div>
    </div>
  );
}
