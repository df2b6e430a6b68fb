"use client";

import { memo, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from "react";
import {
  DRUM_MAP,
  addNotes,
  deleteNotes,
  gridTicks,
  updateNotes,
  type MidiClip,
  type Note,
  type NoteInit,
  type SnapGrid,
  type TempoMap,
} from "@bandspace/model";
import type { AudioEngine } from "@bandspace/audio-engine";
import { usePlayhead } from "../pianoroll/usePlayhead";
import { pitchName } from "../pianoroll/geometry";
import type { Commit } from "../pianoroll/PianoRoll";
import styles from "./StepSequencer.module.css";

/** Step resolutions a drum grid offers; anything else the editor's snap says falls back to 1/16. */
export type StepGrid = "beat" | "1/8" | "1/16";
export function stepGridFor(snap: SnapGrid): StepGrid {
  return snap === "beat" || snap === "1/8" || snap === "1/16" ? snap : "1/16";
}

/** Row order: the kit as a drummer reads it (kick, snare, hats, toms high to low, cymbals), then the rest. */
const KIT_ORDER = [36, 38, 37, 39, 42, 44, 46, 50, 48, 47, 45, 43, 41, 49, 57, 55, 52, 51, 59, 53, 54, 56, 35, 40];
/** Shown by default; the other mapped drums appear when used or with "All drums". */
const CORE_KIT: ReadonlySet<number> = new Set([36, 38, 39, 42, 46, 48, 45, 41, 49, 51]);

const HEAD_W = 150;

export const VELOCITY = { normal: 100, accent: 127, ghost: 45 } as const;

function velocityFor(e: { shiftKey: boolean; altKey: boolean }): number {
  return e.shiftKey ? VELOCITY.accent : e.altKey ? VELOCITY.ghost : VELOCITY.normal;
}

interface Row {
  pitch: number;
  name: string;
  mapped: boolean;
}

type Paint = {
  mode: "draw" | "erase";
  velocity: number;
  /** "pitch:step" cells touched so far, in order. */
  cells: Map<string, { pitch: number; step: number }>;
  /** The cell under the pointer at the last move. */
  last: { pitch: number; step: number } | null;
};

/**
 * The drum step sequencer: one row per drum of DRUM_MAP (plus any other pitch the clip uses), one column per
 * step across the clip. Click toggles a hit (Shift = accent, Alt = ghost; on a lit step they set its
 * velocity); drag paints or erases a run — one model operation per gesture.
 */
export function StepSequencer({
  clip,
  notes,
  map,
  color,
  engine,
  readOnly,
  grid,
  commit,
  audition,
}: {
  clip: MidiClip;
  notes: Note[];
  map: TempoMap;
  color: string;
  engine: AudioEngine | null;
  readOnly: boolean;
  grid: StepGrid;
  commit: Commit;
  audition: (pitch: number, velocity?: number) => void;
}) {
  // Steps follow the meter where the clip starts.
  const clipMeter = map.meterAt(clip.startTick);
  const stepTicks = gridTicks(grid, map, clip.startTick);
  const steps = Math.max(1, Math.ceil(clip.lengthTicks / stepTicks));
  const stepsPerBeat = Math.max(1, Math.round(clipMeter.ticksPerBeat / stepTicks));
  const stepsPerBar = Math.max(1, Math.round(clipMeter.ticksPerBar / stepTicks));
  const playRef = useRef<HTMLDivElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [cellW, setCellW] = useState(30);
  // Steps share the width (a 1-bar loop gets big pads), within limits; long clips scroll.
  useLayoutEffect(() => {
    const el = rootRef.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor((el.clientWidth - HEAD_W - 12) / steps);
      setCellW(Math.max(22, Math.min(44, w)));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [steps]);
  const [paint, setPaintState] = useState<Paint | null>(null);
  const paintRef = useRef<Paint | null>(null);
  const setPaint = (p: Paint | null) => {
    paintRef.current = p;
    setPaintState(p);
  };

  // Hits by cell. A note counts for the step its start falls in (off-grid hits still show).
  const cells = useMemo(() => {
    const m = new Map<string, Note[]>();
    for (const n of notes) {
      if (n.startTick >= steps * stepTicks) continue;
      const key = `${n.pitch}:${Math.floor(n.startTick / stepTicks)}`;
      const list = m.get(key);
      if (list) list.push(n);
      else m.set(key, [n]);
    }
    return m;
  }, [notes, stepTicks, steps]);

  const [allDrums, setAllDrums] = useState(false);
  const rows = useMemo<Row[]>(() => {
    const used = new Set(notes.map((n) => n.pitch));
    const rank = (pitch: number) => {
      const i = KIT_ORDER.indexOf(pitch);
      return i < 0 ? KIT_ORDER.length + pitch : i;
    };
    const list: Row[] = DRUM_MAP.filter((d) => allDrums || CORE_KIT.has(d.pitch) || used.has(d.pitch))
      .map((d) => ({ pitch: d.pitch, name: d.name, mapped: true }))
      .sort((a, b) => rank(a.pitch) - rank(b.pitch));
    const mapped = new Set(DRUM_MAP.map((d) => d.pitch));
    const extra = [...used].filter((p) => !mapped.has(p)).sort((a, b) => a - b);
    for (const p of extra) list.push({ pitch: p, name: pitchName(p), mapped: false });
    return list;
  }, [notes, allDrums]);
  const hiddenCount = allDrums ? 0 : DRUM_MAP.length - rows.filter((r) => r.mapped).length;

  usePlayhead(engine, (tick, playing) => {
    const el = playRef.current;
    if (!el) return;
    const rel = tick === null ? -1 : tick - clip.startTick;
    const show = playing && rel >= 0 && rel < steps * stepTicks;
    el.style.display = show ? "block" : "none";
    if (!show) return;
    const step = Math.floor(rel / stepTicks);
    el.style.setProperty("--step", String(step));
    // Page along with the playhead on long patterns.
    const scroller = scrollerRef.current;
    if (scroller && !paintRef.current) {
      const x = step * cellW;
      const visible = scroller.clientWidth - HEAD_W;
      if (x < scroller.scrollLeft || x + cellW > scroller.scrollLeft + visible)
        scroller.scrollLeft = Math.max(0, x - cellW);
    }
  });

  const cellFromEvent = (e: React.PointerEvent): { pitch: number; step: number } | null => {
    const el = (document.elementFromPoint(e.clientX, e.clientY) as HTMLElement | null)?.closest<HTMLElement>(
      "[data-step]",
    );
    if (!el || !el.dataset.pitch) return null;
    return { pitch: Number(el.dataset.pitch), step: Number(el.dataset.step) };
  };

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    const cell = cellFromEvent(e);
    if (!cell) return;
    e.preventDefault();
    const hits = cells.get(`${cell.pitch}:${cell.step}`) ?? [];
    if (readOnly) {
      audition(cell.pitch, hits[0]?.velocity ?? VELOCITY.normal);
      return;
    }
    const velocity = velocityFor(e);
    if (hits.length > 0 && (e.shiftKey || e.altKey)) {
      // A modifier on a lit step changes its velocity instead of clearing it.
      commit((doc, origin) =>
        updateNotes(
          doc,
          clip.id,
          hits.map((n) => ({ id: n.id, velocity })),
          origin,
        ),
      );
      audition(cell.pitch, velocity);
      return;
    }
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    const mode = hits.length > 0 ? "erase" : "draw";
    if (mode === "draw") audition(cell.pitch, velocity);
    setPaint({ mode, velocity, cells: new Map([[`${cell.pitch}:${cell.step}`, cell]]), last: cell });
  };

  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const p = paintRef.current;
    if (!p) return;
    const cell = cellFromEvent(e);
    if (!cell) return;
    if (p.last && p.last.pitch === cell.pitch && p.last.step === cell.step) return;
    // A fast drag skips cells between two pointer events: fill the run along the row.
    const run: { pitch: number; step: number }[] = [];
    if (p.last && p.last.pitch === cell.pitch) {
      const dir = cell.step > p.last.step ? 1 : -1;
      for (let s = p.last.step + dir; s !== cell.step + dir; s += dir) run.push({ pitch: cell.pitch, step: s });
    } else {
      run.push(cell);
    }
    const next = new Map(p.cells);
    for (const c of run) {
      const key = `${c.pitch}:${c.step}`;
      const lit = cells.has(key);
      if ((p.mode === "draw" && lit) || (p.mode === "erase" && !lit)) continue;
      next.set(key, c);
    }
    setPaint({ ...p, cells: next, last: cell });
  };

  const finish = (e: React.PointerEvent<HTMLDivElement>, cancelled: boolean) => {
    const p = paintRef.current;
    const target = e.currentTarget as HTMLElement;
    if (target.hasPointerCapture(e.pointerId)) target.releasePointerCapture(e.pointerId);
    setPaint(null);
    if (!p || cancelled || p.cells.size === 0) return;
    if (p.mode === "draw") {
      const inits: NoteInit[] = [...p.cells.values()]
        .filter((c) => !cells.has(`${c.pitch}:${c.step}`))
        .map((c) => ({
          pitch: c.pitch,
          startTick: c.step * stepTicks,
          durationTicks: Math.min(stepTicks, Math.max(1, clip.lengthTicks - c.step * stepTicks)),
          velocity: p.velocity,
        }));
      if (inits.length > 0) commit((doc, origin) => addNotes(doc, clip.id, inits, origin));
    } else {
      const ids = [...p.cells.keys()].flatMap((k) => (cells.get(k) ?? []).map((n) => n.id));
      if (ids.length > 0) commit((doc, origin) => deleteNotes(doc, clip.id, ids, origin));
    }
  };

  const firstBar = Math.floor(map.ticksToBar(clip.startTick));
  const header = [];
  for (let s = 0; s < steps; s++) {
    const atBar = s % stepsPerBar === 0;
    const atBeat = s % stepsPerBeat === 0;
    header.push(
      <div key={s} className={`${styles.stepHead} ${atBar ? styles.barStart : atBeat ? styles.beatStart : ""}`}>
        {atBar ? firstBar + s / stepsPerBar : atBeat ? (s % stepsPerBar) / stepsPerBeat + 1 : ""}
      </div>,
    );
  }

  return (
    <div
      ref={rootRef}
      className={styles.seq}
      style={
        { "--note": color, "--steps": steps, "--cell-w": `${cellW}px`, "--head-w": `${HEAD_W}px` } as CSSProperties
      }
      data-testid="step-sequencer"
      data-step-ticks={stepTicks}
      data-steps={steps}
    >
      <div ref={scrollerRef} className={styles.scroller}>
        <div className={styles.table}>
          <div className={styles.headRow}>
            <div className={styles.corner}>Drums</div>
            <div className={styles.stepHeads}>{header}</div>
          </div>
          <div
            className={styles.body}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={(e) => finish(e, false)}
            onPointerCancel={(e) => finish(e, true)}
            onContextMenu={(e) => e.preventDefault()}
          >
            {rows.map((row) => (
              <StepRow
                key={row.pitch}
                row={row}
                steps={steps}
                stepsPerBeat={stepsPerBeat}
                stepsPerBar={stepsPerBar}
                cells={cells}
                paint={paint}
                readOnly={readOnly}
                onAudition={() => audition(row.pitch, VELOCITY.normal)}
              />
            ))}
            <div ref={playRef} className={styles.playColumn} style={{ display: "none" }} data-testid="step-playhead" />
          </div>
          {(allDrums || hiddenCount > 0) && (
            <div className={styles.moreRow}>
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => setAllDrums((v) => !v)}
                data-testid="step-all-drums"
              >
                {allDrums ? "Fewer drums" : `All drums (+${hiddenCount})`}
              </button>
            </div>
          )}
        </div>
      </div>
      {rows.length === 0 && <p className={styles.empty}>No drum map is available.</p>}
    </div>
  );
}

const StepRow = memo(function StepRow({
  row,
  steps,
  stepsPerBeat,
  stepsPerBar,
  cells,
  paint,
  readOnly,
  onAudition,
}: {
  row: Row;
  steps: number;
  stepsPerBeat: number;
  stepsPerBar: number;
  cells: Map<string, Note[]>;
  paint: Paint | null;
  readOnly: boolean;
  onAudition: () => void;
}) {
  const out = [];
  let count = 0;
  for (let s = 0; s < steps; s++) {
    const key = `${row.pitch}:${s}`;
    const hits = cells.get(key);
    const painted = paint?.cells.has(key) ?? false;
    const on = painted ? paint!.mode === "draw" : !!hits;
    const velocity = painted && paint!.mode === "draw" ? paint!.velocity : (hits?.[0]?.velocity ?? 0);
    if (on) count++;
    const beatIndex = Math.floor(s / stepsPerBeat);
    out.push(
      <div
        key={s}
        className={`${styles.cell} ${on ? styles.on : ""} ${beatIndex % 2 === 1 ? styles.altBeat : ""} ${
          s % stepsPerBar === 0 ? styles.barStart : s % stepsPerBeat === 0 ? styles.beatStart : ""
        } ${velocity >= VELOCITY.accent ? styles.accent : ""} ${painted ? styles.painted : ""}`}
        style={on ? ({ "--v": velocity / 127 } as CSSProperties) : undefined}
        data-testid="step-cell"
        data-pitch={row.pitch}
        data-step={s}
        data-on={on ? "true" : "false"}
        data-velocity={on ? velocity : undefined}
        role="gridcell"
        aria-label={`${row.name}, step ${s + 1}${on ? `, on, velocity ${velocity}` : ""}`}
        aria-selected={on}
      >
        <span className={styles.pad} />
      </div>,
    );
  }
  return (
    <div className={styles.row} data-testid="step-row" data-pitch={row.pitch} data-name={row.name} role="row">
      <button
        type="button"
        className={`${styles.rowHead} ${row.mapped ? "" : styles.unmapped}`}
        onPointerDown={(e) => {
          e.stopPropagation();
          onAudition();
        }}
        title={`Hear ${row.name} (${pitchName(row.pitch)})`}
        data-testid="step-row-audition"
      >
        <span className={styles.rowName}>{row.name}</span>
        <span className={styles.rowPitch}>{count > 0 ? count : ""}</span>
      </button>
      <div className={`${styles.cells} ${readOnly ? styles.readOnly : ""}`}>{out}</div>
    </div>
  );
});
