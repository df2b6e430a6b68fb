"use client";

import { useSong } from "../../lib/collab/useSong";
import { useStudio } from "../studio/StudioContext";
import { formatTempo } from "../topbar/TempoControl";
import { Icon, type IconName } from "../common/Icon";
import styles from "./TransportBar.module.css";

const NOT_YET = "Playback arrives with the timeline";

function TransportButton({ icon, label, testId, tone }: { icon: IconName; label: string; testId: string; tone?: string }) {
  return (
    <span data-tooltip={NOT_YET} className={styles.tip}>
      <button type="button" className={`${styles.button} ${tone ?? ""}`} disabled aria-label={`${label} — ${NOT_YET}`} data-testid={testId}>
        <Icon name={icon} size={15} />
      </button>
    </span>
  );
}

/**
 * Transport: the real controls, visibly disabled until playback lands (no pretend playing).
 * Position is shown as bars.beats.ticks / minutes:seconds.milliseconds.
 */
export function TransportBar() {
  const { connection } = useStudio();
  const { song } = useSong(connection);
  const { numerator, denominator } = song.timeSignature;

  return (
    <div className={styles.bar} role="toolbar" aria-label="Transport">
      <div className={styles.group}>
        <TransportButton icon="toStart" label="Return to start" testId="transport-to-start" />
        <TransportButton icon="stop" label="Stop" testId="transport-stop" />
        <TransportButton icon="play" label="Play" testId="transport-play" />
        <TransportButton icon="record" label="Record" testId="transport-record" tone={styles.record} />
      </div>
      <div className={styles.group}>
        <TransportButton icon="loop" label="Loop" testId="transport-loop" />
        <TransportButton icon="metronome" label="Metronome" testId="transport-metronome" />
      </div>

      <div className={styles.display} data-testid="transport-position" aria-label="Position 1.1.1, 0 seconds">
        <span className={styles.bbt}>1.1.1</span>
        <span className={styles.sep}>/</span>
        <span className={styles.time}>00:00.000</span>
      </div>

      <div className={styles.readout} data-testid="transport-tempo">
        <span className={styles.readValue}>{formatTempo(song.tempoBpm)}</span>
        <span className={styles.readUnit}>BPM</span>
        <span className={styles.readDivider} aria-hidden="true" />
        <span className={styles.readValue}>
          {numerator}/{denominator}
        </span>
      </div>

      <p className={styles.note}>
        <Icon name="info" size={13} />
        {NOT_YET}
      </p>
    </div>
  );
}
