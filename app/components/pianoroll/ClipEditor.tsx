"use client";

import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from "react";
import type * as Y from "yjs";
import {
  DRUM_MAP,
  INSTRUMENTS,
  SNAP_GRIDS,
  gridTicks,
  isModelError,
  quantizeNotes,
  setTrackInstrument,
  type InstrumentId,
  type Origin,
  type SnapGrid,
} from "@bandspace/model";
import type { AudioEngine } from "@bandspace/audio-engine";
import { Icon } from "../common/Icon";
import { useToast } from "../common/Toast";
import { StepSequencer, stepGridFor } from "../stepseq/StepSequencer";
import { ZOOM_X, ZOOM_Y, clamp } from "./geometry";
import { PianoRoll, type Commit, type Tool } from "./PianoRoll";
import { ClipName } from "./ClipName";
import { useClip } from "./useClip";
import styles from "./ClipEditor.module.css";

const SNAP_LABELS: Record<SnapGrid, string> = { bar: "Bar", beat: "Beat", "1/8": "1/8", "1/16": "1/16", off: "Off" };
const NO_SELECTION: ReadonlySet<string> = new Set();

/**
 * The MIDI clip editor: a piano roll for melodic instruments, a step sequencer for drums (which can also be
 * shown as a piano roll). Every edit is one model operation per gesture, made with this person's origin.
 * Viewers and commenters (`readOnly`) can look, select and listen, not change anything.
 */
export function ClipEditor(props: {
  doc: Y.Doc;
  clipId: string;
  engine: AudioEngine | null;
  readOnly: boolean;
  /** This person's origin — the very object their undo manager tracks. */
  origin: Origin;
  /** Told the selected note ids whenever they change (for presence). */
  onSelectionChange?: (ids: readonly string[]) => void;
  /** Notes bandmates have selected in this clip, with who. */
  remoteNotes?: ReadonlyMap<string, { name: string; color: string }>;
  onClose: () => void;
}) {
  const { doc, clipId, engine, readOnly, origin, onSelectionChange, remoteNotes, onClose } = props;
  const { clip, track, notes, map } = useClip(doc, clipId);
  const toast = useToast();

  const isDrums = track?.instrument === "drums";
  const [drumView, setDrumView] = useState<"steps" | "roll">("steps");
  const mode = isDrums && drumView === "steps" ? "steps" : "roll";
  const [snap, setSnap] = useState<SnapGrid>("1/16");
  const [tool, setTool] = useState<Tool>("draw");
  const [showVelocity, setShowVelocity] = useState(true);
  const [zoomX, setZoomX] = useState(ZOOM_X.default);
  const [zoomY, setZoomY] = useState(ZOOM_Y.default);
  const [selected, setSelectedState] = useState<ReadonlySet<string>>(NO_SELECTION);
  const setSelected = useCallback((ids: ReadonlySet<string>) => setSelectedState(ids.size ? ids : NO_SELECTION), []);

  useEffect(() => onSelectionChange?.([...selected]), [selected, onSelectionChange]);

  // A note someone else deleted leaves the selection.
  useEffect(() => {
    if (selected.size === 0) return;
    const present = new Set(notes.map((n) => n.id));
    if ([...selected].some((id) => !present.has(id))) {
      setSelected(new Set([...selected].filter((id) => present.has(id))));
    }
  }, [notes, selected, setSelected]);

  const commit = useCallback<Commit>(
    (op) => {
      if (readOnly) return undefined;
      try {
        return op(doc, origin);
      } catch (err) {
        if (isModelError(err)) toast.show(err.message, "error");
        else {
          console.error("Clip edit failed", err);
          toast.show("That change could not be applied.", "error");
        }
        return undefined;
      }
    },
    [doc, origin, readOnly, toast],
  );

  const trackId = clip?.trackId ?? null;
  const audition = useCallback(
    (pitch: number, velocity = 100) => {
      if (trackId) engine?.audition(trackId, pitch, velocity);
    },
    [engine, trackId],
  );

  const drumNames = useMemo(() => (isDrums ? new Map(DRUM_MAP.map((d) => [d.pitch, d.name])) : null), [isDrums]);

  const quantizeGrid: SnapGrid = snap === "off" ? "1/16" : mode === "steps" ? stepGridFor(snap) : snap;
  const quantize = () => {
    if (!clip || notes.length === 0) return;
    const ids = selected.size > 0 && mode === "roll" ? [...selected] : null;
    commit((d, o) => quantizeNotes(d, clip.id, ids, gridTicks(quantizeGrid, map), o));
  };

  const rootRef = useRef<HTMLDivElement>(null);
  // Q quantizes, B toggles draw/select, V the velocity lane — when focus is in the editor but not a field.
  const onKeyDown = (e: React.KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest("input, textarea, select") || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "q" || e.key === "Q") {
      e.preventDefault();
      if (!readOnly) quantize();
    } else if ((e.key === "b" || e.key === "B") && mode === "roll") {
      e.preventDefault();
      setTool((t) => (t === "draw" ? "select" : "draw"));
    } else if ((e.key === "v" || e.key === "V") && mode === "roll") {
      e.preventDefault();
      setShowVelocity((v) => !v);
    }
  };

  if (!clip) {
    return (
      <div className={styles.editor} data-testid="clip-editor" data-clip-id={clipId} data-state="missing">
        <div className={styles.header}>
          <span className={styles.missingTitle}>Clip editor</span>
          <span className={styles.spacer} />
          <button
            type="button"
            className="icon-btn"
            aria-label="Close editor"
            onClick={onClose}
            data-testid="clip-editor-close"
          >
            <Icon name="close" />
          </button>
        </div>
        <div className={styles.missing} data-testid="clip-editor-missing">
          <Icon name="info" size={20} />
          <p>This clip no longer exists — someone may have deleted it.</p>
          <button type="button" className="btn" onClick={onClose}>
            Close editor
          </button>
        </div>
      </div>
    );
  }

  const color = track?.color ?? "#f2a23a";
  const instrument = track?.instrument ?? null;
  const selectedCount = mode === "roll" ? selected.size : 0;

  return (
    <div
      ref={rootRef}
      className={styles.editor}
      style={{ "--note": color } as CSSProperties}
      data-testid="clip-editor"
      data-clip-id={clip.id}
      data-mode={mode === "steps" ? "steps" : "pianoroll"}
      onKeyDown={onKeyDown}
    >
      <div className={styles.header} role="toolbar" aria-label="Clip editor">
        <span className={styles.swatch} aria-hidden="true" />
        <ClipName doc={doc} clip={clip} readOnly={readOnly} commit={commit} />
        <span className={styles.trackInfo} data-testid="clip-editor-track">
          <Icon name={isDrums ? "metronome" : "instrument"} size={14} />
          <span className={styles.trackName}>{track?.name ?? "Unknown track"}</span>
          {instrument && (
            <select
              className={`select ${styles.compactSelect}`}
              value={instrument}
              disabled={readOnly || !track}
              aria-label="Instrument"
              data-testid="clip-editor-instrument"
              onChange={(e) =>
                track && commit((d, o) => setTrackInstrument(d, track.id, e.target.value as InstrumentId, o))
              }
            >
              {INSTRUMENTS.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          )}
        </span>

        <span className={styles.divider} />

        {isDrums && (
          <div className={styles.segmented} role="group" aria-label="Drum view">
            <button
              type="button"
              aria-pressed={drumView === "steps"}
              onClick={() => setDrumView("steps")}
              data-testid="clip-editor-view-steps"
            >
              Steps
            </button>
            <button
              type="button"
              aria-pressed={drumView === "roll"}
              onClick={() => setDrumView("roll")}
              data-testid="clip-editor-view-roll"
            >
              Piano roll
            </button>
          </div>
        )}

        {mode === "roll" && !readOnly && (
          <div className={styles.segmented} role="group" aria-label="Tool">
            <button
              type="button"
              aria-pressed={tool === "draw"}
              onClick={() => setTool("draw")}
              title="Draw (B): click or drag on the grid to add notes; Shift/Ctrl-drag selects"
              data-testid="clip-editor-tool-draw"
            >
              <Icon name="pencil" size={13} /> Draw
            </button>
            <button
              type="button"
              aria-pressed={tool === "select"}
              onClick={() => setTool("select")}
              title="Select (B): drag to select; double-click adds a note"
              data-testid="clip-editor-tool-select"
            >
              <SelectIcon /> Select
            </button>
          </div>
        )}

        <label className={styles.field}>
          <span className={styles.fieldLabel}>{mode === "steps" ? "Step" : "Snap"}</span>
          <select
            className={`select ${styles.compactSelect}`}
            value={mode === "steps" ? stepGridFor(snap) : snap}
            onChange={(e) => setSnap(e.target.value as SnapGrid)}
            data-testid="clip-editor-snap"
          >
            {(mode === "steps" ? (["beat", "1/8", "1/16"] as SnapGrid[]) : SNAP_GRIDS).map((g) => (
              <option key={g} value={g}>
                {SNAP_LABELS[g]}
              </option>
            ))}
          </select>
        </label>

        {!readOnly && (
          <button
            type="button"
            className="btn btn-sm"
            onClick={quantize}
            disabled={notes.length === 0}
            title={`Quantize ${selectedCount > 0 ? "selected notes" : "all notes"} to ${SNAP_LABELS[quantizeGrid]} (Q)`}
            data-testid="clip-editor-quantize"
          >
            <QuantizeIcon /> Quantize{selectedCount > 0 ? ` ${selectedCount}` : ""}
          </button>
        )}

        {mode === "roll" && (
          <button
            type="button"
            className="icon-btn"
            aria-pressed={showVelocity}
            onClick={() => setShowVelocity((v) => !v)}
            title="Velocity lane (V)"
            aria-label="Velocity lane"
            data-testid="clip-editor-velocity-toggle"
          >
            <VelocityIcon />
          </button>
        )}

        <span className={styles.spacer} />

        {mode === "roll" && (
          <div className={styles.zoom} role="group" aria-label="Zoom">
            <button
              type="button"
              className="icon-btn icon-btn-sm"
              aria-label="Zoom out"
              title="Zoom out (Ctrl+wheel)"
              onClick={() => setZoomX((z) => clamp(z / 1.4, ZOOM_X.min, ZOOM_X.max))}
              data-testid="clip-editor-zoom-out"
            >
              <MinusIcon />
            </button>
            <input
              type="range"
              className={styles.zoomRange}
              min={Math.log(ZOOM_X.min)}
              max={Math.log(ZOOM_X.max)}
              step={0.01}
              value={Math.log(zoomX)}
              onChange={(e) => setZoomX(Math.exp(Number(e.target.value)))}
              aria-label="Horizontal zoom"
              data-testid="clip-editor-zoom"
            />
            <button
              type="button"
              className="icon-btn icon-btn-sm"
              aria-label="Zoom in"
              title="Zoom in (Ctrl+wheel)"
              onClick={() => setZoomX((z) => clamp(z * 1.4, ZOOM_X.min, ZOOM_X.max))}
              data-testid="clip-editor-zoom-in"
            >
              <Icon name="plus" size={12} />
            </button>
            <button
              type="button"
              className="icon-btn icon-btn-sm"
              aria-label="Taller rows"
              title="Row height (Alt+wheel)"
              onClick={() => setZoomY((z) => (z >= ZOOM_Y.max ? ZOOM_Y.min : clamp(z + 4, ZOOM_Y.min, ZOOM_Y.max)))}
              data-testid="clip-editor-zoom-y"
            >
              <RowsIcon />
            </button>
          </div>
        )}

        <button
          type="button"
          className="icon-btn"
          aria-label="Close editor"
          title="Close the editor"
          onClick={onClose}
          data-testid="clip-editor-close"
        >
          <Icon name="close" />
        </button>
      </div>

      <div className={styles.body}>
        {mode === "steps" ? (
          <StepSequencer
            clip={clip}
            notes={notes}
            map={map}
            color={color}
            engine={engine}
            readOnly={readOnly}
            grid={stepGridFor(snap)}
            commit={commit}
            audition={audition}
          />
        ) : (
          <PianoRoll
            clip={clip}
            notes={notes}
            map={map}
            color={color}
            engine={engine}
            readOnly={readOnly}
            snap={snap}
            tool={tool}
            showVelocity={showVelocity}
            zoomX={zoomX}
            zoomY={zoomY}
            setZoomX={setZoomX}
            setZoomY={setZoomY}
            selected={selected}
            setSelected={setSelected}
            commit={commit}
            audition={audition}
            drumNames={drumNames}
            remoteNotes={remoteNotes}
          />
        )}
      </div>

      <div className={styles.footer} data-testid="clip-editor-status">
        <span className="tabular">
          {notes.length} {notes.length === 1 ? "note" : "notes"}
          {selectedCount > 0 && <> · {selectedCount} selected</>}
        </span>
        <span className={styles.footerSep} />
        <span className="tabular">
          {map.formatPosition(clip.startTick)} · {Math.round((clip.lengthTicks / map.ticksPerBar) * 100) / 100} bars
        </span>
        <span className={styles.spacer} />
        {readOnly ? (
          <span className={styles.hint}>
            <Icon name="eye" size={12} /> View only — click keys or notes to listen
          </span>
        ) : mode === "roll" ? (
          <span className={styles.hint}>
            <kbd>Del</kbd> delete · <kbd>↑↓</kbd> semitone · <kbd>⇧↑↓</kbd> octave · <kbd>←→</kbd> grid ·{" "}
            <kbd>Ctrl D</kbd> duplicate · <kbd>Alt</kbd> no snap · right-click deletes
          </span>
        ) : (
          <span className={styles.hint}>
            Click a step to toggle · drag to paint · <kbd>⇧</kbd> accent · <kbd>Alt</kbd> ghost · click a drum to hear
            it
          </span>
        )}
      </div>
    </div>
  );
}

function SelectIcon() {
  return (
    <svg
      width="13"
      height="13"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d="M3.5 2.5v10l3-3 2 4.5 1.8-.8-2-4.4h4.2z" />
    </svg>
  );
}

function QuantizeIcon() {
  return (
    <svg
      width="13"
      height="13"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      aria-hidden="true"
    >
      <path d="M2.5 2.5v11M8 2.5v11M13.5 2.5v11" opacity="0.45" />
      <rect x="2.5" y="5" width="5.5" height="2.5" rx="0.8" fill="currentColor" stroke="none" />
      <rect x="8" y="9" width="5.5" height="2.5" rx="0.8" fill="currentColor" stroke="none" />
    </svg>
  );
}

function VelocityIcon() {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      aria-hidden="true"
    >
      <path d="M3.5 13.5V8M8 13.5V3.5M12.5 13.5V6" />
      <circle cx="3.5" cy="7" r="1.2" fill="currentColor" />
      <circle cx="8" cy="2.8" r="1.2" fill="currentColor" />
      <circle cx="12.5" cy="5" r="1.2" fill="currentColor" />
    </svg>
  );
}

function MinusIcon() {
  return (
    <svg
      width="12"
      height="12"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      aria-hidden="true"
    >
      <path d="M3 8h10" />
    </svg>
  );
}

function RowsIcon() {
  return (
    <svg
      width="13"
      height="13"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      aria-hidden="true"
    >
      <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />
    </svg>
  );
}
