"use client";

import { useState } from "react";
import { LOUDNESS_TARGETS, type LoudnessTargetChoice } from "@bandspace/dsp";
import { useEngineInstance } from "../../lib/engine/useAudioEngine";
import { setLoudnessTarget, useLoudnessTarget } from "../../lib/loudnessTarget";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { InsertPanel } from "../inserts/InsertPanel";
import { useMix } from "../../lib/mix/useMix";
import { LoudnessMeter } from "./LoudnessMeter";
import { MasterChain } from "./MasterChain";
import styles from "./Master.module.css";
import { DockResizeHandle } from "../studio/DockResizeHandle";

/**
 * The master view under the timeline (toolbar "Master" or Alt+M): the master chain on the left (shared: the
 * band's master inserts), the live loudness meter of your own playback in the middle with the target you work
 * to (shared with the Export dialog's Match target), and the selected effect's parameters on the right.
 */
export function MasterDock() {
  const { connection, canEditSong } = useStudio();
  const { ui, transport } = useArrangementContext();
  const height = useUI((s) => s.masterHeight);
  const engine = useEngineInstance(transport);
  const mix = useMix(connection.songDoc);
  const { choice, target } = useLoudnessTarget();
  const [selected, setSelected] = useState<string | null>(null);

  return (
    <section
      className={styles.dock}
      style={{ height }}
      aria-label="Master"
      data-testid="master-dock"
      data-readonly={!canEditSong}
      data-own-shortcuts
    >
      <DockResizeHandle heightKey="masterHeight" label="Resize the master view" className={styles.handle} />
      <div className={styles.toolbar}>
        <strong>Master</strong>
        {!canEditSong && <span className={styles.readonly}>View only — your link can’t change the master chain</span>}
        <span className={styles.spacer} />
        <label className={styles.targetLabel} htmlFor="master-target">
          Target
        </label>
        <select
          id="master-target"
          className="select"
          data-testid="master-target"
          value={choice.id}
          title="The loudness you master to: drawn on the meter, and what the Export dialog's Match target aims at"
          onChange={(e) => setLoudnessTarget({ id: e.target.value as LoudnessTargetChoice["id"] })}
        >
          <option value="none">No target</option>
          {LOUDNESS_TARGETS.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
        {choice.id === "custom" && (
          <>
            <input
              className="input"
              type="number"
              step={0.5}
              aria-label="Target loudness (LUFS)"
              value={choice.customLufs}
              onChange={(e) => setLoudnessTarget({ customLufs: Number(e.target.value) })}
            />
            LUFS
            <input
              className="input"
              type="number"
              step={0.1}
              max={0}
              aria-label="True-peak ceiling (dBTP)"
              value={choice.customCeilingDbtp}
              onChange={(e) => setLoudnessTarget({ customCeilingDbtp: Math.min(0, Number(e.target.value)) })}
            />
            dBTP
          </>
        )}
        <button
          type="button"
          className="btn btn-sm"
          data-testid="loudness-reset"
          disabled={!engine}
          title="Start measuring afresh: integrated loudness, range, peaks and history"
          onClick={() => engine?.masterLoudness()?.reset()}
        >
          Reset
        </button>
        <button
          type="button"
          className="btn btn-sm"
          aria-label="Close the master view"
          onClick={() => ui.set({ masterOpen: false })}
        >
          ✕
        </button>
      </div>
      <div className={styles.body}>
        <MasterChain mix={mix} selected={selected} onSelect={setSelected} />
        <LoudnessMeter engine={engine} target={target} />
        <aside className={styles.detail} data-testid="master-detail">
          {selected ? (
            <InsertPanel insertId={selected} mix={mix} engine={engine} onClose={() => setSelected(null)} />
          ) : (
            <p className={styles.empty}>Select an effect of the chain to set it.</p>
          )}
        </aside>
      </div>
    </section>
  );
}
