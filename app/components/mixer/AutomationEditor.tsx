"use client";

import { useState, type PointerEvent as ReactPointerEvent } from "react";
import {
  PPQ,
  addAutomationPoint,
  deleteAutomationPoints,
  effectSpec,
  ensureAutomationLane,
  laneKey,
  setAutomationLaneEnabled,
  targetRange,
  updateAutomationPoints,
  type MixState,
} from "@bandspace/model";
import { useStudio } from "../studio/StudioContext";
import styles from "./Mixer.module.css";
// An automation curve is drawn like an effect's curve (grid, path, points).
import curveStyles from "../inserts/Inserts.module.css";

const W = 640;
const H = 140;
const SNAP = PPQ / 4;
const BAR = 4 * PPQ;

/**
 * A strip's automation: pick what to automate (volume, pan, mute, a send, any effect parameter or bypass),
 * click to add a breakpoint, drag to move, Shift-drag to box-select, Delete to remove; each segment is linear,
 * curved (with tension) or a step, set on the selected points. Positions snap to sixteenths (ticks, so they
 * follow tempo changes). The lane's switch turns it off (the knob then holds its own value).
 */
export function AutomationEditor({ stripId, mix, onClose }: { stripId: string; mix: MixState; onClose: () => void }) {
  const { canEditSong: can, edit } = useStudio();
  const [target, setTarget] = useState("volume");
  const [selected, setSelected] = useState<string[]>([]);
  const [box, setBox] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const strip = mix.strips.find((s) => s.id === stripId);
  const inserts = mix.inserts.get(stripId) ?? [];
  const sends = mix.sends.get(stripId) ?? [];
  const targets: { id: string; label: string }[] = [
    { id: "volume", label: "Volume (dB)" },
    { id: "pan", label: "Pan" },
    { id: "mute", label: "Mute" },
    ...sends.map((s) => ({
      id: `send:${s.id}`,
      label: `Send to ${mix.strips.find((b) => b.id === s.to)?.name ?? "bus"}`,
    })),
    ...inserts.flatMap((ins) => [
      { id: `bypass:${ins.id}`, label: `${effectSpec(ins.effect).name}: bypass` },
      ...effectSpec(ins.effect)
        .params.filter((p) => p.automatable)
        .map((p) => ({ id: `param:${ins.id}:${p.id}`, label: `${effectSpec(ins.effect).name}: ${p.label}` })),
    ]),
  ];
  const range = targetRange(target, new Map(inserts.map((i) => [i.id, i])), new Map(sends.map((s) => [s.id, s])));
  const lane = mix.lanes.find((l) => l.key === laneKey(stripId, target));
  const points = lane?.points ?? [];
  const endTick = Math.max(8 * BAR, (points[points.length - 1]?.tick ?? 0) + 4 * BAR);
  if (!strip || !range) return <p className={styles.empty}>Nothing to automate here.</p>;
  const px = (tick: number) => (tick / endTick) * W;
  const py = (v: number) => H - ((v - range.min) / (range.max - range.min)) * H;
  const tickAt = (x: number) => Math.max(0, Math.round(((x / W) * endTick) / SNAP) * SNAP);
  const valueAt = (y: number) => range.min + (1 - Math.min(1, Math.max(0, y / H))) * (range.max - range.min);
  const local = (e: { clientX: number; clientY: number }, svg: SVGSVGElement) => {
    const r = svg.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * W, y: ((e.clientY - r.top) / r.height) * H };
  };

  const onBackground = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (!can || e.button !== 0 || e.target !== e.currentTarget) return;
    const svg = e.currentTarget;
    const p = local(e, svg);
    if (e.shiftKey) {
      const start = { x0: p.x, y0: p.y, x1: p.x, y1: p.y };
      setBox(start);
      const move = (ev: PointerEvent) => setBox({ ...start, x1: local(ev, svg).x, y1: local(ev, svg).y });
      const up = (ev: PointerEvent) => {
        const q = local(ev, svg);
        const [xa, xb] = [Math.min(p.x, q.x), Math.max(p.x, q.x)];
        const [ya, yb] = [Math.min(p.y, q.y), Math.max(p.y, q.y)];
        setSelected(
          points
            .filter((pt) => px(pt.tick) >= xa && px(pt.tick) <= xb && py(pt.value) >= ya && py(pt.value) <= yb)
            .map((pt) => pt.id),
        );
        setBox(null);
        window.removeEventListener("pointermove", move);
        window.removeEventListener("pointerup", up);
      };
      window.addEventListener("pointermove", move);
      window.addEventListener("pointerup", up);
      return;
    }
    const id = edit((doc, origin) => {
      const key = ensureAutomationLane(doc, stripId, target, origin);
      return addAutomationPoint(doc, key, { tick: tickAt(p.x), value: valueAt(p.y) }, origin);
    });
    if (id) setSelected([id]);
  };

  const onPoint = (id: string) => (e: ReactPointerEvent<SVGCircleElement>) => {
    if (e.button !== 0) return;
    e.stopPropagation();
    setSelected((s) =>
      e.shiftKey ? (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]) : s.includes(id) ? s : [id],
    );
    if (!can || !lane) return;
    const svg = e.currentTarget.ownerSVGElement!;
    const move = (ev: PointerEvent) => {
      const q = local(ev, svg);
      edit((doc, origin) =>
        updateAutomationPoints(doc, lane.key, [{ id, tick: tickAt(q.x), value: valueAt(q.y) }], origin),
      );
    };
    const up = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  };

  const path = points.map((p, i) => {
    const next = points[i + 1];
    if (!next) return `${i ? "L" : "M"}${px(p.tick)},${py(p.value)} L${W},${py(p.value)}`;
    const start = `${i ? "L" : "M"}${px(p.tick)},${py(p.value)}`;
    if (p.shape === "step") return `${start} L${px(next.tick)},${py(p.value)}`;
    if (p.shape === "curve") {
      const k = p.tension * 0.8;
      const cx = px(p.tick) + (px(next.tick) - px(p.tick)) * (0.5 + k / 2);
      const cy = py(p.value) + (py(next.value) - py(p.value)) * (0.5 - k / 2);
      return `${start} Q${cx},${cy} ${px(next.tick)},${py(next.value)}`;
    }
    return start;
  });
  const shapeOf = points.find((p) => selected.includes(p.id));

  return (
    <div
      className={curveStyles.panel}
      data-testid="automation-editor"
      data-strip={stripId}
      tabIndex={0}
      onKeyDown={(e) => {
        if ((e.key === "Delete" || e.key === "Backspace") && lane && can && selected.length) {
          e.preventDefault();
          edit((doc, origin) => deleteAutomationPoints(doc, lane.key, selected, origin));
          setSelected([]);
        }
      }}
    >
      <div className={curveStyles.panelHead}>
        <strong>Automation · {strip.name}</strong>
        <select
          aria-label="Automate"
          data-testid="automation-target"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
        >
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
        {lane && (
          <label title="Off: the knob holds its own value">
            <input
              type="checkbox"
              checked={lane.enabled}
              disabled={!can}
              onChange={(e) => edit((doc, origin) => setAutomationLaneEnabled(doc, lane.key, e.target.checked, origin))}
            />{" "}
            On
          </label>
        )}
        {shapeOf && (
          <>
            <select
              aria-label="Segment shape"
              disabled={!can}
              value={shapeOf.shape}
              onChange={(e) =>
                lane &&
                edit((doc, origin) =>
                  updateAutomationPoints(
                    doc,
                    lane.key,
                    selected.map((id) => ({ id, shape: e.target.value as "linear" | "curve" | "step" })),
                    origin,
                  ),
                )
              }
            >
              <option value="linear">Linear</option>
              <option value="curve">Curve</option>
              <option value="step">Step</option>
            </select>
            {shapeOf.shape === "curve" && (
              <input
                type="range"
                min={-1}
                max={1}
                step={0.05}
                value={shapeOf.tension}
                aria-label="Tension"
                disabled={!can}
                onChange={(e) =>
                  lane &&
                  edit((doc, origin) =>
                    updateAutomationPoints(
                      doc,
                      lane.key,
                      selected.map((id) => ({ id, tension: Number(e.target.value) })),
                      origin,
                    ),
                  )
                }
              />
            )}
          </>
        )}
        <button type="button" className="btn btn-sm" aria-label="Close" onClick={onClose}>
          ✕
        </button>
      </div>
      <svg
        className={styles.lane}
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        data-testid="automation-lane"
        data-points={points.length}
        onPointerDown={onBackground}
      >
        {Array.from({ length: Math.ceil(endTick / BAR) }, (_, i) => (
          <line key={i} x1={px(i * BAR)} x2={px(i * BAR)} y1={0} y2={H} className={curveStyles.eqGrid} />
        ))}
        {points.length > 0 && <path d={path.join(" ")} className={curveStyles.eqPath} />}
        {points.map((p) => (
          <circle
            key={p.id}
            cx={px(p.tick)}
            cy={py(p.value)}
            r={5}
            className={`${curveStyles.eqPoint} ${selected.includes(p.id) ? styles.selectedPoint : ""}`}
            data-testid="automation-point"
            onPointerDown={onPoint(p.id)}
          />
        ))}
        {box && (
          <rect
            x={Math.min(box.x0, box.x1)}
            y={Math.min(box.y0, box.y1)}
            width={Math.abs(box.x1 - box.x0)}
            height={Math.abs(box.y1 - box.y0)}
            className={styles.box}
          />
        )}
      </svg>
      {points.length === 0 && <p className={styles.hint}>Click in the lane to add a breakpoint.</p>}
    </div>
  );
}
