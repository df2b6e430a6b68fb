import type { CSSProperties } from "react";
import { BAR_COUNT } from "./grid";
import styles from "./TrackArea.module.css";

/** Bar numbers over the arrangement, on the same grid as the lanes. */
export function Ruler({ barPx }: { barPx: number }) {
  return (
    <div className={styles.ruler} aria-hidden="true">
      {Array.from({ length: BAR_COUNT }, (_, i) => (
        <span key={i} className={styles.barNumber} style={{ left: i * barPx } as CSSProperties}>
          {i + 1}
        </span>
      ))}
      <span className={styles.playheadMarker} />
    </div>
  );
}
