"use client";

import {
  EFFECTS,
  MASTER_STRIP_ID,
  addInsert,
  effectSpec,
  moveInsert,
  removeInsert,
  setInsertBypass,
  type EffectId,
  type MixState,
} from "@bandspace/model";
import { useStudio } from "../studio/StudioContext";
import styles from "./Master.module.css";

/** The effects a master chain is usually built from, offered first (the rest follow in the mixer's order). */
const MASTERING_FIRST: EffectId[] = ["eq", "multiband", "compressor", "utility", "truePeakLimiter"];
const MENU: EffectId[] = [
  ...MASTERING_FIRST,
  ...EFFECTS.map((e) => e.id as EffectId).filter((id) => !MASTERING_FIRST.includes(id)),
];

/**
 * The master strip's inserts in signal order: add (mastering effects first), select to edit, bypass, move,
 * remove. They are the mixer's master inserts — the same document entries — so a change here is a change
 * there, live for the whole band.
 */
export function MasterChain({
  mix,
  selected,
  onSelect,
}: {
  mix: MixState;
  selected: string | null;
  onSelect: (insertId: string | null) => void;
}) {
  const { canEditSong: can, edit } = useStudio();
  const inserts = mix.inserts.get(MASTER_STRIP_ID) ?? [];
  return (
    <div className={styles.chain} data-testid="master-chain">
      <div className={styles.chainHead}>
        <strong>Master chain</strong>
        <select
          className="select"
          aria-label="Add an effect to the master"
          data-testid="master-add-effect"
          disabled={!can}
          value=""
          onChange={(e) => {
            const effect = e.target.value as EffectId;
            if (!effect) return;
            const id = edit((doc, origin) => addInsert(doc, MASTER_STRIP_ID, effect, {}, origin));
            if (typeof id === "string") onSelect(id);
          }}
        >
          <option value="">+ Effect…</option>
          {MENU.map((id) => (
            <option key={id} value={id}>
              {effectSpec(id).name}
              {id === "utility" ? " (stereo width)" : ""}
            </option>
          ))}
        </select>
      </div>
      {inserts.length === 0 ? (
        <p className={styles.empty} data-testid="master-chain-empty">
          No effects on the master yet. A typical chain: EQ → multiband compressor → utility (stereo width) → true-peak
          limiter.
        </p>
      ) : (
        <ol className={styles.slots}>
          {inserts.map((ins, i) => (
            <li
              key={ins.id}
              className={styles.slot}
              data-testid="master-insert"
              data-effect={ins.effect}
              data-bypassed={ins.bypass}
              aria-current={selected === ins.id || undefined}
            >
              <button type="button" className={styles.slotName} onClick={() => onSelect(ins.id)}>
                {i + 1}. {effectSpec(ins.effect).name}
              </button>
              <label className={styles.slotBypass} title="Bypass: the signal skips this effect">
                <input
                  type="checkbox"
                  checked={!ins.bypass}
                  disabled={!can}
                  aria-label={`${effectSpec(ins.effect).name} on`}
                  onChange={(e) => edit((doc, origin) => setInsertBypass(doc, ins.id, !e.target.checked, origin))}
                />
                on
              </label>
              <button
                type="button"
                className="icon-btn icon-btn-sm"
                aria-label="Move up"
                disabled={!can || i === 0}
                onClick={() => edit((doc, origin) => moveInsert(doc, ins.id, i - 1, origin))}
              >
                ↑
              </button>
              <button
                type="button"
                className="icon-btn icon-btn-sm"
                aria-label={`Remove ${effectSpec(ins.effect).name}`}
                disabled={!can}
                onClick={() => {
                  edit((doc, origin) => removeInsert(doc, ins.id, origin));
                  if (selected === ins.id) onSelect(null);
                }}
              >
                ✕
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
