"use client";

import { useEffect, useRef, useState } from "react";
import { abMatchGains } from "@bandspace/dsp";
import type { SavedExportView } from "@bandspace/protocol";
import { savedExportUrl } from "../../lib/api";
import { Icon } from "../common/Icon";
import { fmtDb } from "./format";
import styles from "./Exports.module.css";

/**
 * A/B of two saved exports: both load side by side, one plays at a time, and switching carries the position over,
 * so the ear compares the same bar. Loudness-matched: the louder one is turned down by the difference of their
 * integrated loudness (abMatchGains), so the comparison is of the masters, not of the level.
 */
export function AbCompare({
  a,
  b,
  sessionId,
  token,
}: {
  a: SavedExportView;
  b: SavedExportView;
  sessionId: string;
  token: string;
}) {
  const refs = { A: useRef<HTMLAudioElement>(null), B: useRef<HTMLAudioElement>(null) };
  const [active, setActive] = useState<"A" | "B">("A");
  const [playing, setPlaying] = useState(false);
  const follow = { onPlay: () => setPlaying(true), onPause: () => setPlaying(false), onEnded: () => setPlaying(false) };
  const gains = abMatchGains(a.report.integrated, b.report.integrated);

  useEffect(() => {
    if (refs.A.current) refs.A.current.volume = gains.a;
    if (refs.B.current) refs.B.current.volume = gains.b;
  });

  const [error, setError] = useState<string | null>(null);
  const play = (el: HTMLAudioElement) =>
    el.play().then(
      () => setError(null),
      (err: unknown) => setError(`Could not play: ${(err as Error).message}`),
    );

  const switchTo = (slot: "A" | "B") => {
    const from = refs[active].current;
    const to = refs[slot].current;
    setActive(slot);
    if (!from || !to || slot === active) return;
    const wasPlaying = !from.paused;
    // Paused first, so the position handed over is where the listener stopped hearing the other one.
    if (wasPlaying) from.pause();
    to.currentTime = Math.min(from.currentTime, Number.isFinite(to.duration) ? to.duration : Infinity);
    if (wasPlaying) void play(to);
  };
  // The media elements are the truth about playing (an ended file, a failed start), not a flag kept beside them.
  const toggle = () => {
    const el = refs[active].current;
    if (!el) return;
    if (el.paused) void play(el);
    else el.pause();
  };
  const db = (g: number) => fmtDb(20 * Math.log10(g), "dB");

  return (
    <section className={styles.ab} data-testid="ab-compare" aria-label="Compare two exports">
      <audio
        ref={refs.A}
        data-testid="ab-audio-A"
        src={savedExportUrl(sessionId, token, a.id)}
        preload="auto"
        {...follow}
      />
      <audio
        ref={refs.B}
        data-testid="ab-audio-B"
        src={savedExportUrl(sessionId, token, b.id)}
        preload="auto"
        {...follow}
      />
      <button type="button" className="btn btn-sm" onClick={toggle} data-testid="ab-play">
        <Icon name={playing ? "stop" : "play"} size={12} /> {playing ? "Pause" : "Play"}
      </button>
      {(["A", "B"] as const).map((slot) => (
        <button
          key={slot}
          type="button"
          className={`btn btn-sm ${active === slot ? "btn-primary" : ""}`}
          aria-pressed={active === slot}
          onClick={() => switchTo(slot)}
          data-testid={`ab-${slot}`}
        >
          {slot}: {(slot === "A" ? a : b).name}
        </button>
      ))}
      <span className={styles.hint} data-testid="ab-gains">
        loudness-matched: A {db(gains.a)}, B {db(gains.b)}
      </span>
      {error && (
        <span className={styles.error} role="alert" data-testid="ab-error">
          {error}
        </span>
      )}
    </section>
  );
}
