"use client";

import { useRef, useState } from "react";
import { LIMITS, setTimeSignature } from "@bandspace/model";
import { useSong } from "../../lib/collab/useSong";
import { useStudio } from "../studio/StudioContext";
import { Popover } from "../common/Popover";
import { Icon } from "../common/Icon";
import sheet from "./SongSheet.module.css";
import styles from "./TimeSignatureControl.module.css";

const PRESETS: Array<[number, number]> = [
  [2, 4],
  [3, 4],
  [4, 4],
  [5, 4],
  [6, 8],
  [7, 8],
  [9, 8],
  [12, 8],
];
const NUMERATORS = Array.from({ length: LIMITS.timeSignatureMaxNumerator }, (_, i) => i + 1);

/** The meter: a "4/4" button opening common signatures plus any beats-per-bar / beat-unit combination. */
export function TimeSignatureControl() {
  const { connection, canEditSong, edit } = useStudio();
  const { song } = useSong(connection);
  const { numerator, denominator } = song.timeSignature;
  const [open, setOpen] = useState(false);
  const anchor = useRef<HTMLButtonElement>(null);

  const apply = (n: number, d: number) => {
    if (n === numerator && d === denominator) return;
    edit((doc, origin) => setTimeSignature(doc, n, d, origin));
  };

  return (
    <div className={sheet.cell}>
      <button
        ref={anchor}
        type="button"
        className={styles.trigger}
        aria-label={`Time signature ${numerator}/${denominator}`}
        aria-haspopup="dialog"
        aria-expanded={open}
        disabled={!canEditSong}
        data-testid="time-signature"
        data-value={`${numerator}/${denominator}`}
        onClick={() => setOpen((v) => !v)}
      >
        <span className={sheet.value}>
          {numerator}/{denominator}
        </span>
        {canEditSong && <Icon name="caretDown" size={12} className={styles.caret} />}
      </button>
      <Popover
        open={open}
        onClose={() => setOpen(false)}
        anchorRef={anchor}
        label="Time signature"
        placement="bottom"
        testId="time-signature-popover"
      >
        <div className={styles.panel}>
          <p className={styles.heading}>Time signature</p>
          <div className={styles.presets}>
            {PRESETS.map(([n, d]) => {
              const current = n === numerator && d === denominator;
              return (
                <button
                  key={`${n}/${d}`}
                  type="button"
                  className={`${styles.preset} ${current ? styles.current : ""}`}
                  aria-pressed={current}
                  data-testid="time-signature-option"
                  data-value={`${n}/${d}`}
                  data-autofocus={current ? true : undefined}
                  onClick={() => {
                    apply(n, d);
                    setOpen(false);
                  }}
                >
                  {n}/{d}
                </button>
              );
            })}
          </div>
          <div className={styles.custom}>
            <label className={styles.customLabel}>
              <span>Beats per bar</span>
              <select
                className="select"
                value={numerator}
                data-testid="time-signature-numerator"
                onChange={(e) => apply(Number(e.target.value), denominator)}
              >
                {NUMERATORS.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            <span className={styles.slash} aria-hidden="true">
              /
            </span>
            <label className={styles.customLabel}>
              <span>Beat unit</span>
              <select
                className="select"
                value={denominator}
                data-testid="time-signature-denominator"
                onChange={(e) => apply(numerator, Number(e.target.value))}
              >
                {LIMITS.timeSignatureDenominators.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </div>
      </Popover>
    </div>
  );
}
