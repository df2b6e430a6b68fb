"use client";

import {
  applyInsertPreset,
  effectSpec,
  formatParam,
  normalToParam,
  paramToNormal,
  setInsertBypass,
  setInsertParam,
  setInsertSidechain,
  type MixState,
  type ParamSpec,
} from "@bandspace/model";
import type { AudioEngine } from "@bandspace/audio-engine";
import { useRef } from "react";
import { useFrameLoop } from "../../lib/engine/useFrameLoop";
import { useStudio } from "../studio/StudioContext";
import { EqCurve } from "./EqCurve";
import styles from "./Inserts.module.css";

const STEPS = 1000;

/** The parameters of one insert: every value with its unit, presets, bypass; the EQ's curve; a GR meter. */
export function InsertPanel({
  insertId,
  mix,
  engine,
  onClose,
}: {
  insertId: string;
  mix: MixState;
  engine: AudioEngine | null;
  onClose: () => void;
}) {
  const { canEditSong: can, edit } = useStudio();
  const insert = [...mix.inserts.values()].flat().find((i) => i.id === insertId);
  if (!insert) {
    return <p className={styles.empty}>That effect was removed.</p>;
  }
  const spec = effectSpec(insert.effect);
  const strip = mix.strips.find((s) => s.id === insert.strip);
  const set = (p: ParamSpec, v: number) => edit((doc, origin) => setInsertParam(doc, insert.id, p.id, v, origin));
  return (
    <div className={styles.panel} data-testid="insert-panel" data-effect={insert.effect}>
      <div className={styles.panelHead}>
        <strong>
          {spec.name} on {strip?.name}
        </strong>
        <select
          aria-label="Preset"
          disabled={!can}
          value=""
          onChange={(e) => edit((doc, origin) => applyInsertPreset(doc, insert.id, e.target.value, origin))}
        >
          <option value="">Presets…</option>
          {spec.presets.map((p) => (
            <option key={p.name}>{p.name}</option>
          ))}
        </select>
        <label>
          <input
            type="checkbox"
            checked={insert.bypass}
            disabled={!can}
            onChange={(e) => edit((doc, origin) => setInsertBypass(doc, insert.id, e.target.checked, origin))}
          />{" "}
          Bypass
        </label>
        <button type="button" className="btn btn-sm" aria-label="Close" onClick={onClose}>
          ✕
        </button>
      </div>
      {insert.effect === "eq" && (
        <EqCurve
          params={insert.params}
          readOnly={!can}
          onChange={(id, v) =>
            set(
              spec.params.find((p) => p.id === id)!,
              v,
            )
          }
        />
      )}
      {insert.effect === "compressor" && (
        <label className={styles.param}>
          <span className={styles.paramLabel}>Side-chain</span>
          <select
            value={insert.sidechain ?? ""}
            disabled={!can}
            aria-label="Side-chain source"
            data-testid="sidechain"
            onChange={(e) => edit((doc, origin) => setInsertSidechain(doc, insert.id, e.target.value || null, origin))}
          >
            <option value="">Own input</option>
            {mix.strips
              .filter((s) => s.kind !== "master" && s.id !== insert.strip)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
          </select>
          <span />
        </label>
      )}
      {["compressor", "limiter", "multiband", "truePeakLimiter"].includes(insert.effect) && (
        <GainReduction engine={engine} stripId={insert.strip} insertId={insert.id} />
      )}
      <div className={styles.params}>
        {spec.params.map((p) => (
          <label key={p.id} className={styles.param} data-param={p.id}>
            <span className={styles.paramLabel}>{p.label}</span>
            {p.curve === "toggle" ? (
              <input
                type="checkbox"
                checked={insert.params[p.id] >= 0.5}
                disabled={!can}
                onChange={(e) => set(p, e.target.checked ? 1 : 0)}
              />
            ) : p.curve === "choice" ? (
              <select value={insert.params[p.id]} disabled={!can} onChange={(e) => set(p, Number(e.target.value))}>
                {p.choices!.map((c, i) => (
                  <option key={c} value={i}>
                    {c}
                  </option>
                ))}
              </select>
            ) : (
              <input
                type="range"
                min={0}
                max={STEPS}
                value={Math.round(paramToNormal(p, insert.params[p.id]) * STEPS)}
                disabled={!can}
                data-testid={`param-${p.id}`}
                onChange={(e) => set(p, normalToParam(p, Number(e.target.value) / STEPS))}
                onDoubleClick={() => can && set(p, p.default)}
              />
            )}
            <span className={styles.paramValue} data-testid={`param-value-${p.id}`}>
              {formatParam(p, insert.params[p.id])}
            </span>
          </label>
        ))}
      </div>
    </div>
  );
}

/** The compressor's or limiter's gain reduction, read from the engine every frame. */
function GainReduction({
  engine,
  stripId,
  insertId,
}: {
  engine: AudioEngine | null;
  stripId: string;
  insertId: string;
}) {
  const bar = useRef<HTMLDivElement>(null);
  useFrameLoop(engine !== null, () => {
    const gr = engine?.internals.graph.channelFor(stripId)?.slot(insertId)?.effect.gainReductionDb ?? 0;
    if (bar.current) {
      bar.current.style.setProperty("--gr", String(Math.min(1, -gr / 24)));
      bar.current.title = `Gain reduction ${gr.toFixed(1)} dB`;
    }
  });
  return (
    <div className={styles.gr} aria-label="Gain reduction">
      <span>GR</span>
      <div ref={bar} className={styles.grBar} data-testid="gain-reduction" />
    </div>
  );
}
