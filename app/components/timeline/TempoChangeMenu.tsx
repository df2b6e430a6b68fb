"use client";

import { useEffect, useRef, useState } from "react";
import {
  LIMITS,
  removeMeterChange,
  removeTempoChange,
  setMeterChange,
  setTempoChange,
  type TempoChange,
  type TempoMap,
} from "@bandspace/model";
import { useStudio } from "../studio/StudioContext";
import { ContextMenu } from "./ContextMenu";
import menuStyles from "./ContextMenu.module.css";
import styles from "./TempoChangeMenu.module.css";

const DENOMINATORS = LIMITS.timeSignatureDenominators;

/**
 * Right-click on the ruler (or on a tempo-lane point): the tempo change at that bar's start — or, when asked,
 * exactly where you clicked — instant or ramped from the tempo before; and the meter from that bar on. Bar 1
 * plays the song sheet's tempo and meter (top bar). The model validates everything; a refusal shows as a toast.
 */
export function TempoChangeMenu({
  at,
  bar,
  clickTick,
  map,
  changes,
  onClose,
}: {
  at: { x: number; y: number };
  /** The bar clicked (1-based). */
  bar: number;
  /** The clicked position, snapped (may be inside the bar); an existing change there is the one edited. */
  clickTick: number;
  map: TempoMap;
  changes: readonly TempoChange[];
  onClose: () => void;
}) {
  const { edit } = useStudio();
  const barTick = map.barToTicks(bar);
  const atClick = changes.find((c) => c.tick === clickTick) ?? null;
  const [inside, setInside] = useState(atClick !== null && clickTick !== barTick);
  const tick = inside ? clickTick : barTick;
  const existing = changes.find((c) => c.tick === tick) ?? null;
  const meter = map.meterAt(barTick);
  const meterHere = bar > 1 && meter.bar === bar;
  const position = map.formatPosition(tick);

  const [draft, setDraft] = useState(String(existing?.bpm ?? Math.round(map.bpmAt(Math.max(0, tick - 1)) * 100) / 100));
  const [ramp, setRamp] = useState(existing?.ramp ?? false);
  const [num, setNum] = useState(String(meter.numerator));
  const [den, setDen] = useState(meter.denominator);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // After the menu focuses its first button.
    const id = window.setTimeout(() => inputRef.current?.select(), 30);
    return () => window.clearTimeout(id);
  }, []);

  const bpm = Number(draft);
  const valid = draft.trim() !== "" && Number.isFinite(bpm) && bpm >= LIMITS.tempoMinBpm && bpm <= LIMITS.tempoMaxBpm;
  const numerator = Number(num);
  const meterValid = Number.isInteger(numerator) && numerator >= 1 && numerator <= LIMITS.timeSignatureMaxNumerator;
  const apply = () => {
    if (!valid || tick <= 0) return;
    onClose();
    edit((doc, origin) => setTempoChange(doc, { tick, bpm, ramp }, origin));
  };
  const applyMeter = () => {
    if (!meterValid || bar <= 1) return;
    onClose();
    edit((doc, origin) => setMeterChange(doc, { bar, numerator, denominator: den }, origin));
  };

  if (bar <= 1 && clickTick <= 0) {
    return (
      <ContextMenu
        at={at}
        label="Tempo"
        testId="tempo-change-menu"
        onClose={onClose}
        header={
          <div className={menuStyles.menuTitle}>Bar 1 plays at the song tempo and meter: set them in the top bar</div>
        }
        items={[]}
      />
    );
  }

  const stop = (e: { stopPropagation: () => void }) => e.stopPropagation();
  return (
    <ContextMenu
      at={at}
      label={`Tempo change at ${inside ? position : `bar ${bar}`}`}
      testId="tempo-change-menu"
      onClose={onClose}
      header={
        <>
          {tick <= 0 && (
            <div className={styles.form}>
              <div className={menuStyles.menuTitle}>
                Bar 1 plays at the song tempo and meter: set them in the top bar
              </div>
              <label className={styles.check}>
                <input
                  type="checkbox"
                  checked={inside}
                  data-testid="tempo-change-at-click"
                  onChange={(e) => setInside(e.target.checked)}
                  onKeyDown={stop}
                />
                Change the tempo at {map.formatPosition(clickTick)}, where you clicked
              </label>
            </div>
          )}
          {tick > 0 && (
            <form
              className={styles.form}
              onSubmit={(e) => {
                e.preventDefault();
                apply();
              }}
            >
              <div className={menuStyles.menuTitle}>
                {existing
                  ? `Tempo change at ${inside ? position : `bar ${bar}`}`
                  : `New tempo from ${inside ? position : `bar ${bar}`}`}
              </div>
              <div className={styles.row}>
                <input
                  ref={inputRef}
                  className={`input ${styles.input}`}
                  type="number"
                  inputMode="decimal"
                  min={LIMITS.tempoMinBpm}
                  max={LIMITS.tempoMaxBpm}
                  step="any"
                  value={draft}
                  aria-label={`Tempo from ${position} (BPM)`}
                  aria-invalid={!valid}
                  data-testid="tempo-change-input"
                  onChange={(e) => setDraft(e.target.value)}
                  onKeyDown={stop}
                />
                <span className={styles.unit}>BPM</span>
                <button
                  type="submit"
                  className="btn btn-primary btn-sm"
                  disabled={!valid}
                  data-testid="tempo-change-apply"
                >
                  Set
                </button>
              </div>
              <label className={styles.check}>
                <input
                  type="checkbox"
                  checked={ramp}
                  data-testid="tempo-change-ramp"
                  onChange={(e) => setRamp(e.target.checked)}
                  onKeyDown={stop}
                />
                Ramp from the tempo before (accelerando / ritardando)
              </label>
              {clickTick !== barTick && clickTick > 0 && barTick > 0 && (
                <label className={styles.check}>
                  <input
                    type="checkbox"
                    checked={inside}
                    data-testid="tempo-change-at-click"
                    onChange={(e) => setInside(e.target.checked)}
                    onKeyDown={stop}
                  />
                  At {map.formatPosition(clickTick)}, where you clicked
                </label>
              )}
              {!valid && (
                <div className={styles.hint} role="alert">
                  {LIMITS.tempoMinBpm}–{LIMITS.tempoMaxBpm} BPM
                </div>
              )}
            </form>
          )}
          {bar > 1 && (
            <form
              className={styles.form}
              onSubmit={(e) => {
                e.preventDefault();
                applyMeter();
              }}
            >
              <div className={menuStyles.menuTitle}>
                {meterHere ? `Meter change at bar ${bar}` : `New meter from bar ${bar}`}
              </div>
              <div className={styles.row}>
                <input
                  className={`input ${styles.meterInput}`}
                  type="number"
                  min={1}
                  max={LIMITS.timeSignatureMaxNumerator}
                  value={num}
                  aria-label={`Beats per bar from bar ${bar}`}
                  aria-invalid={!meterValid}
                  data-testid="meter-change-numerator"
                  onChange={(e) => setNum(e.target.value)}
                  onKeyDown={stop}
                />
                <span className={styles.unit}>/</span>
                <select
                  className={`input ${styles.meterInput}`}
                  value={den}
                  aria-label={`Beat unit from bar ${bar}`}
                  data-testid="meter-change-denominator"
                  onChange={(e) => setDen(Number(e.target.value))}
                  onKeyDown={stop}
                >
                  {DENOMINATORS.map((d) => (
                    <option key={d} value={d}>
                      {d}
                    </option>
                  ))}
                </select>
                <button type="submit" className="btn btn-sm" disabled={!meterValid} data-testid="meter-change-apply">
                  Set meter
                </button>
              </div>
            </form>
          )}
        </>
      }
      items={[
        {
          label: "Remove tempo change",
          danger: true,
          disabled: !existing,
          testId: "tempo-change-remove",
          onSelect: () => edit((doc, origin) => removeTempoChange(doc, { tick }, origin)),
        },
        ...(bar > 1
          ? [
              {
                label: "Remove meter change",
                danger: true,
                disabled: !meterHere,
                testId: "meter-change-remove",
                onSelect: () => edit((doc, origin) => removeMeterChange(doc, bar, origin)),
              },
            ]
          : []),
      ]}
    />
  );
}
