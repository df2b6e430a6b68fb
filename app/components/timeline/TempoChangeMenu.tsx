"use client";

import { useEffect, useRef, useState } from "react";
import { LIMITS, removeTempoChange, setTempoChange, type TempoChange } from "@bandspace/model";
import { useStudio } from "../studio/StudioContext";
import { ContextMenu } from "../common/ContextMenu";
import menuStyles from "../common/ContextMenu.module.css";
import styles from "./TempoChangeMenu.module.css";

/**
 * Right-click on the ruler: set or remove the tempo change at that bar. Bar 1 is the song tempo (top bar);
 * the model validates the BPM (20–400) and the bar, and a refusal shows as a toast.
 */
export function TempoChangeMenu({
  at,
  bar,
  songBpm,
  changes,
  onClose,
}: {
  at: { x: number; y: number };
  bar: number;
  songBpm: number;
  changes: readonly TempoChange[];
  onClose: () => void;
}) {
  const { edit } = useStudio();
  const existing = changes.find((c) => c.bar === bar) ?? null;
  // The tempo in force at this bar: the last change at or before it, else the song tempo.
  const current = [...changes].filter((c) => c.bar <= bar).sort((a, b) => b.bar - a.bar)[0]?.bpm ?? songBpm;
  const [draft, setDraft] = useState(String(existing?.bpm ?? current));
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // After the menu focuses its first button.
    const id = window.setTimeout(() => inputRef.current?.select(), 30);
    return () => window.clearTimeout(id);
  }, []);

  const bpm = Number(draft);
  const valid = draft.trim() !== "" && Number.isFinite(bpm) && bpm >= LIMITS.tempoMinBpm && bpm <= LIMITS.tempoMaxBpm;
  const apply = () => {
    if (!valid) return;
    onClose();
    edit((doc, origin) => setTempoChange(doc, { bar, bpm }, origin));
  };

  if (bar <= 1) {
    return (
      <ContextMenu
        at={at}
        label="Tempo"
        testId="tempo-change-menu"
        onClose={onClose}
        header={<div className={menuStyles.menuTitle}>Bar 1 plays at the song tempo: set it in the top bar</div>}
        items={[]}
      />
    );
  }

  return (
    <ContextMenu
      at={at}
      label={`Tempo change at bar ${bar}`}
      testId="tempo-change-menu"
      onClose={onClose}
      header={
        <form
          className={styles.form}
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <div className={menuStyles.menuTitle}>
            {existing ? `Tempo change at bar ${bar}` : `New tempo from bar ${bar}`}
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
              aria-label={`Tempo from bar ${bar} (BPM)`}
              aria-invalid={!valid}
              data-testid="tempo-change-input"
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => e.stopPropagation()}
            />
            <span className={styles.unit}>BPM</span>
            <button type="submit" className="btn btn-primary btn-sm" disabled={!valid} data-testid="tempo-change-apply">
              Set
            </button>
          </div>
          {!valid && (
            <div className={styles.hint} role="alert">
              {LIMITS.tempoMinBpm}–{LIMITS.tempoMaxBpm} BPM
            </div>
          )}
        </form>
      }
      items={[
        {
          label: "Remove tempo change",
          danger: true,
          disabled: !existing,
          testId: "tempo-change-remove",
          onSelect: () => edit((doc, origin) => removeTempoChange(doc, bar, origin)),
        },
      ]}
    />
  );
}
