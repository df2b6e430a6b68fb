import styles from "./StudioPreview.module.css";

type Lane = { name: string; color: string; kind: "audio" | "instrument"; clips: Array<[number, number]> };

const LANES: Lane[] = [
  { name: "Drums", color: "var(--track-1)", kind: "audio", clips: [[0, 8]] },
  {
    name: "Bass",
    color: "var(--track-6)",
    kind: "audio",
    clips: [
      [2, 4],
      [6.15, 1.85],
    ],
  },
  {
    name: "Keys",
    color: "var(--track-8)",
    kind: "instrument",
    clips: [
      [1, 3],
      [4.15, 3.6],
    ],
  },
  { name: "Vocals", color: "var(--track-4)", kind: "audio", clips: [[4, 4]] },
];

/** A deterministic waveform outline (mirrored envelope) for a clip `len` bars long. */
function wavePath(seed: number, len: number): string {
  const n = Math.max(8, Math.round(len * 18));
  const top: string[] = [];
  const bottom: string[] = [];
  for (let i = 0; i <= n; i++) {
    const beat = (i / n) * len * 4;
    const transient = Math.exp(-((beat % 1) * 5));
    const body = Math.abs(Math.sin(i * 0.9 + seed) * Math.cos(i * 0.31 + seed * 2));
    const h = Math.min(1, 0.12 + 0.55 * transient + 0.35 * body) * 44;
    const x = ((i / n) * 100).toFixed(2);
    top.push(`${x},${(50 - h).toFixed(1)}`);
    bottom.unshift(`${x},${(50 + h).toFixed(1)}`);
  }
  return `M${top.join("L")}L${bottom.join("L")}Z`;
}

/** Note blocks for an instrument clip: [start 0..1, length 0..1, pitch row 0..5]. */
function notes(seed: number): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (let i = 0; i < 8; i++) out.push([i / 8, 0.1, (i * 3 + seed) % 6]);
  return out;
}

/** A decorative, non-interactive sketch of the studio for the landing page. */
export function StudioPreview() {
  return (
    <div className={styles.preview} aria-hidden="true">
      <div className={styles.bar}>
        <span className={styles.dot} />
        <span className={styles.barTitle}>Friday night demo</span>
        <span className={styles.chip}>112 BPM</span>
        <span className={styles.chip}>4/4</span>
        <span className={styles.chip}>A minor</span>
        <span className={styles.avatars}>
          <span style={{ background: "#4fc3f7" }}>MK</span>
          <span style={{ background: "#ffd54f" }}>JO</span>
          <span style={{ background: "#b39dff" }}>S</span>
        </span>
      </div>
      <div className={styles.ruler}>
        {Array.from({ length: 8 }, (_, i) => (
          <span key={i}>{i + 1}</span>
        ))}
      </div>
      {LANES.map((lane, li) => (
        <div key={lane.name} className={styles.lane}>
          <span className={styles.laneHead} style={{ ["--c" as string]: lane.color }}>
            {lane.name}
          </span>
          <span className={styles.laneBody}>
            {lane.clips.map(([start, len], i) => (
              <span
                key={i}
                className={styles.clip}
                style={{ left: `${(start / 8) * 100}%`, width: `${(len / 8) * 100}%`, ["--c" as string]: lane.color }}
              >
                <svg viewBox="0 0 100 100" preserveAspectRatio="none" className={styles.clipArt}>
                  {lane.kind === "audio" ? (
                    <path d={wavePath(li * 3 + i, len)} />
                  ) : (
                    notes(li + i).map(([s, l, p], k) => (
                      <rect key={k} x={s * 100 + 1} y={12 + p * 13} width={l * 100} height={10} rx={1.5} />
                    ))
                  )}
                </svg>
              </span>
            ))}
          </span>
        </div>
      ))}
      <span className={styles.playhead} />
    </div>
  );
}
