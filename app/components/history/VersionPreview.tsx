"use client";

import type * as Y from "yjs";
import { PPQ, formatKey, listClips, listSections, listTracks, readSong } from "@bandspace/model";
import styles from "./History.module.css";

/**
 * A read-only picture of a version's arrangement: song sheet line, sections strip, and every track's
 * clips on one time axis. Drawn from the version's own doc (never the live one), so nothing here can edit.
 */
export function VersionPreview({ doc }: { doc: Y.Doc }) {
  const song = readSong(doc);
  const tracks = listTracks(doc);
  const clips = listClips(doc);
  const sections = listSections(doc);
  const ticksPerBar = ((PPQ * 4) / song.timeSignature.denominator) * song.timeSignature.numerator;
  const end = Math.max(
    16 * ticksPerBar,
    ...clips.map((c) => c.startTick + c.lengthTicks),
    ...sections.map((s) => s.startTick + s.lengthTicks),
  );
  const pct = (tick: number) => `${(tick / end) * 100}%`;

  return (
    <div className={styles.preview} data-testid="version-preview">
      <div className={styles.previewSheet}>
        <strong data-testid="preview-title">{song.title}</strong>
        <span data-testid="preview-tempo">{song.tempoBpm} BPM</span>
        <span>
          {song.timeSignature.numerator}/{song.timeSignature.denominator}
        </span>
        <span>{formatKey(song.key)}</span>
        <span className={styles.previewReadOnly}>read-only</span>
      </div>
      <div className={styles.previewGrid}>
        <div className={styles.previewName}>Sections</div>
        <div className={styles.previewLane}>
          {sections.length === 0 && <span className={styles.previewNone}>No sections</span>}
          {sections.map((s) => (
            <span
              key={s.id}
              className={styles.previewSection}
              style={{ left: pct(s.startTick), width: pct(s.lengthTicks), background: s.color }}
              title={s.name}
            >
              {s.name}
            </span>
          ))}
        </div>
        {tracks.length === 0 && <div className={styles.previewEmpty}>No tracks in this version.</div>}
        {tracks.map((t) => (
          <div key={t.id} className={styles.previewRow} data-testid="preview-track" data-name={t.name}>
            <div className={styles.previewName} title={t.name}>
              <span className={styles.swatch} style={{ background: t.color }} />
              {t.name}
            </div>
            <div className={styles.previewLane}>
              {clips
                .filter((c) => c.trackId === t.id)
                .map((c) => (
                  <span
                    key={c.id}
                    className={styles.previewClip}
                    style={{ left: pct(c.startTick), width: pct(c.lengthTicks), borderColor: t.color }}
                    title={c.name}
                  />
                ))}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
