"use client";

import { useRef, useState, type DragEvent } from "react";
import {
  EFFECTS,
  addInsert,
  addSend,
  effectSpec,
  faderDb,
  faderPosition,
  formatPan,
  formatVolumeDb,
  moveInsert,
  removeInsert,
  removeSend,
  setBusSoloSafe,
  setInsertBypass,
  setSendLevel,
  setSendPre,
  setStripMute,
  setStripOutput,
  setStripPan,
  setStripPhase,
  setStripTrim,
  setStripVolume,
  laneKey,
  type EffectId,
  type MixState,
  type Strip,
} from "@bandspace/model";
import { laneValueAt, type AudioEngine } from "@bandspace/audio-engine";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { useTransportState } from "../../lib/engine/useAudioEngine";
import { useFrameLoop } from "../../lib/engine/useFrameLoop";
import { Meter } from "./Meter";
import type { MixerFocus } from "./MixerDock";
import styles from "./Mixer.module.css";

const STEPS = 1000;
/** The printed scale beside the fader. */
const SCALE = [6, 0, -6, -12, -24, -40, -60];

/** One channel strip: inserts, sends, output, trim/phase, pan, mute/solo, fader with scale and typed value, meter. */
export function ChannelStrip({
  strip,
  mix,
  engine,
  focus,
  onFocus,
}: {
  strip: Strip;
  mix: MixState;
  engine: AudioEngine | null;
  focus: MixerFocus;
  onFocus: (f: MixerFocus) => void;
}) {
  const { canEditSong: can, edit } = useStudio();
  const { transport } = useArrangementContext();
  const { solo, playing } = useTransportState(transport);
  const soloed = solo.includes(strip.id);
  const faderRef = useRef<HTMLInputElement>(null);
  const readoutRef = useRef<HTMLButtonElement>(null);
  const volumeLane = mix.lanes.find((l) => l.key === laneKey(strip.id, "volume") && l.enabled && l.points.length > 0);
  // A fader with automation shows the automated value as the song plays (written to the DOM every frame).
  useFrameLoop(playing && !!volumeLane && !!engine, () => {
    if (!volumeLane || !engine) return;
    const db = playing ? laneValueAt(volumeLane, engine.positionTick, strip.volumeDb) : strip.volumeDb;
    if (faderRef.current) faderRef.current.value = String(Math.round(faderPosition(db) * STEPS));
    if (readoutRef.current) readoutRef.current.textContent = formatVolumeDb(Math.round(db * 10) / 10);
  });
  const [typing, setTyping] = useState(false);
  const inserts = mix.inserts.get(strip.id) ?? [];
  const sends = mix.sends.get(strip.id) ?? [];
  const buses = mix.strips.filter((s) => s.kind === "bus" && s.id !== strip.id);
  const name = (id: string) => mix.strips.find((s) => s.id === id)?.name ?? "?";
  const setVolume = (db: number) => edit((doc, origin) => setStripVolume(doc, strip.id, db, origin));
  const dragInsert = (e: DragEvent, id: string) => e.dataTransfer.setData("text/x-insert", id);
  const dropInsert = (e: DragEvent, index: number) => {
    const id = e.dataTransfer.getData("text/x-insert");
    if (!id || !inserts.some((i) => i.id === id)) return;
    e.preventDefault();
    edit((doc, origin) => moveInsert(doc, id, Math.min(index, inserts.length - 1), origin));
  };

  return (
    <div
      className={styles.strip}
      style={{ ["--strip" as string]: strip.color }}
      data-testid="channel-strip"
      data-strip={strip.id}
      data-kind={strip.kind}
      aria-label={`${strip.name} channel`}
    >
      <div className={styles.stripName} title={strip.name}>
        {strip.name}
      </div>

      <div className={styles.section} aria-label="Inserts">
        {inserts.map((ins, i) => (
          <div
            key={ins.id}
            className={`${styles.insert} ${focus?.kind === "insert" && focus.insertId === ins.id ? styles.active : ""}`}
            data-testid="insert-slot"
            data-effect={ins.effect}
            data-bypassed={ins.bypass}
            draggable={can}
            onDragStart={(e) => dragInsert(e, ins.id)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => dropInsert(e, i)}
          >
            <button
              type="button"
              className={styles.insertName}
              title={`Edit ${effectSpec(ins.effect).name} (drag to reorder)`}
              onClick={() => onFocus({ kind: "insert", insertId: ins.id })}
            >
              {effectSpec(ins.effect).name}
            </button>
            <button
              type="button"
              className={styles.mini}
              aria-pressed={ins.bypass}
              aria-label={`Bypass ${effectSpec(ins.effect).name}`}
              title="Bypass"
              disabled={!can}
              onClick={() => edit((doc, origin) => setInsertBypass(doc, ins.id, !ins.bypass, origin))}
            >
              B
            </button>
            <button
              type="button"
              className={styles.mini}
              aria-label={`Remove ${effectSpec(ins.effect).name}`}
              title="Remove"
              disabled={!can}
              onClick={() => edit((doc, origin) => removeInsert(doc, ins.id, origin))}
            >
              ✕
            </button>
          </div>
        ))}
        <select
          className={styles.add}
          aria-label={`Add an effect to ${strip.name}`}
          data-testid="add-insert"
          disabled={!can}
          value=""
          onChange={(e) => {
            const effect = e.target.value as EffectId;
            const id = edit((doc, origin) => addInsert(doc, strip.id, effect, {}, origin));
            if (id) onFocus({ kind: "insert", insertId: id });
          }}
        >
          <option value="">+ Effect</option>
          {EFFECTS.map((fx) => (
            <option key={fx.id} value={fx.id}>
              {fx.name}
            </option>
          ))}
        </select>
      </div>

      {strip.kind !== "master" && (
        <div className={styles.section} aria-label="Sends">
          {sends.map((s) => (
            <div key={s.id} className={styles.send} data-testid="send" data-to={s.to}>
              <span className={styles.sendName} title={`Send to ${name(s.to)}`}>
                {name(s.to)}
              </span>
              <input
                type="range"
                min={-60}
                max={6}
                step={0.1}
                value={s.levelDb}
                disabled={!can}
                aria-label={`Send level to ${name(s.to)}`}
                title={formatVolumeDb(s.levelDb)}
                data-testid="send-level"
                onChange={(e) => edit((doc, origin) => setSendLevel(doc, s.id, Number(e.target.value), origin))}
              />
              <button
                type="button"
                className={styles.mini}
                aria-pressed={s.pre}
                title={s.pre ? "Pre-fader (click: post)" : "Post-fader (click: pre)"}
                disabled={!can}
                onClick={() => edit((doc, origin) => setSendPre(doc, s.id, !s.pre, origin))}
              >
                {s.pre ? "pre" : "post"}
              </button>
              <button
                type="button"
                className={styles.mini}
                aria-label={`Remove send to ${name(s.to)}`}
                disabled={!can}
                onClick={() => edit((doc, origin) => removeSend(doc, s.id, origin))}
              >
                ✕
              </button>
            </div>
          ))}
          <select
            className={styles.add}
            aria-label={`Add a send from ${strip.name}`}
            data-testid="add-send"
            disabled={!can || buses.length === 0}
            value=""
            title={buses.length === 0 ? "Add a bus first" : "Send a copy to a bus"}
            onChange={(e) => edit((doc, origin) => addSend(doc, strip.id, e.target.value, { levelDb: -12 }, origin))}
          >
            <option value="">+ Send</option>
            {buses.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
          <select
            className={styles.add}
            aria-label={`Output of ${strip.name}`}
            data-testid="strip-output"
            disabled={!can}
            value={strip.output ?? ""}
            onChange={(e) => edit((doc, origin) => setStripOutput(doc, strip.id, e.target.value || null, origin))}
          >
            <option value="">→ Master</option>
            {buses.map((b) => (
              <option key={b.id} value={b.id}>
                → {b.name}
              </option>
            ))}
          </select>
        </div>
      )}

      <div className={styles.row}>
        <label className={styles.trim} title={`Input trim ${formatVolumeDb(strip.trim)} (double-click: 0 dB)`}>
          <span>Trim</span>
          <input
            type="range"
            min={-24}
            max={24}
            step={0.1}
            value={strip.trim}
            disabled={!can}
            aria-label={`Trim of ${strip.name}`}
            onChange={(e) => edit((doc, origin) => setStripTrim(doc, strip.id, Number(e.target.value), origin))}
            onDoubleClick={() => can && edit((doc, origin) => setStripTrim(doc, strip.id, 0, origin))}
          />
        </label>
        <button
          type="button"
          className={styles.mini}
          aria-pressed={strip.phase}
          title="Invert polarity (phase)"
          aria-label={`Invert phase of ${strip.name}`}
          disabled={!can}
          onClick={() => edit((doc, origin) => setStripPhase(doc, strip.id, !strip.phase, origin))}
        >
          Ø
        </button>
      </div>
      <input
        type="range"
        className={styles.pan}
        min={-1}
        max={1}
        step={0.01}
        value={strip.pan}
        disabled={!can}
        aria-label={`Pan of ${strip.name}`}
        aria-valuetext={formatPan(strip.pan)}
        title={`Pan ${formatPan(strip.pan)} (double-click: centre)`}
        data-testid="strip-pan"
        onChange={(e) => edit((doc, origin) => setStripPan(doc, strip.id, Number(e.target.value), origin))}
        onDoubleClick={() => can && edit((doc, origin) => setStripPan(doc, strip.id, 0, origin))}
      />
      <div className={styles.row}>
        <button
          type="button"
          className={`${styles.toggle} ${styles.mute}`}
          aria-pressed={strip.mute}
          aria-label={`Mute ${strip.name}`}
          disabled={!can}
          data-testid="strip-mute"
          onClick={() => edit((doc, origin) => setStripMute(doc, strip.id, !strip.mute, origin))}
        >
          M
        </button>
        {strip.kind !== "master" && (
          <button
            type="button"
            className={`${styles.toggle} ${styles.solo}`}
            aria-pressed={soloed}
            aria-label={`Solo ${strip.name}`}
            title="Solo — only you hear it"
            data-testid="strip-solo"
            onClick={(e) => transport.toggleSolo(strip.id, e.altKey)}
          >
            S
          </button>
        )}
        {strip.kind === "bus" && (
          <button
            type="button"
            className={styles.mini}
            aria-pressed={strip.soloSafe}
            title="Solo-safe: keeps playing when others are soloed"
            disabled={!can}
            onClick={() => edit((doc, origin) => setBusSoloSafe(doc, strip.id, !strip.soloSafe, origin))}
          >
            safe
          </button>
        )}
        <button
          type="button"
          className={styles.mini}
          title="Automation of this strip"
          aria-label={`Automation of ${strip.name}`}
          data-testid="strip-automation"
          onClick={() => onFocus({ kind: "automation", stripId: strip.id })}
        >
          A
        </button>
      </div>

      <div className={styles.faderArea}>
        <div className={styles.scale} aria-hidden>
          {SCALE.map((db) => (
            <span key={db} style={{ bottom: `${faderPosition(db) * 100}%` }}>
              {db > 0 ? `+${db}` : db}
            </span>
          ))}
        </div>
        <input
          ref={faderRef}
          type="range"
          className={styles.fader}
          min={0}
          max={STEPS}
          step={1}
          value={Math.round(faderPosition(strip.volumeDb) * STEPS)}
          disabled={!can}
          aria-label={`Volume of ${strip.name}`}
          aria-valuetext={formatVolumeDb(strip.volumeDb)}
          title="Double-click or Alt-click: 0 dB"
          data-testid="strip-fader"
          data-db={strip.volumeDb}
          data-automated={!!volumeLane}
          onChange={(e) => setVolume(faderDb(Number(e.target.value) / STEPS))}
          onDoubleClick={() => can && setVolume(0)}
          onPointerDown={(e) => {
            if (e.altKey && can) {
              e.preventDefault();
              setVolume(0);
            }
          }}
        />
        <Meter engine={engine} stripId={strip.id} />
      </div>
      {typing ? (
        <input
          className={styles.readoutInput}
          autoFocus
          defaultValue={strip.volumeDb.toFixed(1)}
          aria-label={`Type a level for ${strip.name} in dB`}
          data-testid="strip-db-input"
          onBlur={() => setTyping(false)}
          onKeyDown={(e) => {
            if (e.key === "Escape") setTyping(false);
            if (e.key !== "Enter") return;
            const v = Number(e.currentTarget.value.replace("−", "-").replace(/dB/i, ""));
            if (Number.isFinite(v)) setVolume(v);
            setTyping(false);
          }}
        />
      ) : (
        <button
          ref={readoutRef}
          type="button"
          className={styles.readout}
          title="Double-click to type a level"
          data-testid="strip-db"
          disabled={!can}
          onDoubleClick={() => can && setTyping(true)}
        >
          {formatVolumeDb(strip.volumeDb)}
        </button>
      )}
    </div>
  );
}
