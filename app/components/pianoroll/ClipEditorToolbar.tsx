"use client";

import type { Dispatch, SetStateAction } from "react";
import type * as Y from "yjs";
import {
  INSTRUMENTS,
  SNAP_GRIDS,
  setTrackInstrument,
  type InstrumentId,
  type MidiClip,
  type SnapGrid,
  type Track,
} from "@bandspace/model";
import { Icon } from "../common/Icon";
import { stepGridFor } from "../stepseq/StepSequencer";
import { ClipName } from "./ClipName";
import type { Commit, Tool } from "./editorTypes";
import { ZOOM_X, ZOOM_Y, clamp } from "./geometry";
import styles from "./ClipEditor.module.css";

export const SNAP_LABELS: Record<SnapGrid, string> = {
  bar: "Bar",
  beat: "Beat",
  "1/8": "1/8",
  "1/16": "1/16",
  off: "Off",
};

type Setter<T> = Dispatch<SetStateAction<T>>;

/**
 * The clip editor's header: name, track and instrument, drum view, tool, snap, quantize, velocity lane, zoom,
 * close. It only shows and sets the editor's state; edits go through `commit`.
 */
export function ClipEditorToolbar(props: {
  doc: Y.Doc;
  clip: MidiClip;
  track: Track | null;
  readOnly: boolean;
  commit: Commit;
  mode: "steps" | "roll";
  isDrums: boolean;
  drumView: "steps" | "roll";
  setDrumView: (v: "steps" | "roll") => void;
  tool: Tool;
  setTool: (t: Tool) => void;
  snap: SnapGrid;
  setSnap: (s: SnapGrid) => void;
  quantize: () => void;
  quantizeGrid: SnapGrid;
  noteCount: number;
  selectedCount: number;
  showVelocity: boolean;
  setShowVelocity: Setter<boolean>;
  zoomX: number;
  setZoomX: Setter<number>;
  setZoomY: Setter<number>;
  onClose: () => void;
}) {
  const { doc, clip, track, readOnly, commit, mode, isDrums, drumView, setDrumView, tool, setTool } = props;
  const { snap, setSnap, quantize, quantizeGrid, noteCount, selectedCount, showVelocity, setShowVelocity } = props;
  const { zoomX, setZoomX, setZoomY, onClose } = props;
  const instrument = track?.instrument ?? null;
  return (
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
            <Icon name="pointer" size={13} /> Select
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
          disabled={noteCount === 0}
          title={`Quantize ${selectedCount > 0 ? "selected notes" : "all notes"} to ${SNAP_LABELS[quantizeGrid]} (Q)`}
          data-testid="clip-editor-quantize"
        >
          <Icon name="quantize" size={13} /> Quantize{selectedCount > 0 ? ` ${selectedCount}` : ""}
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
          <Icon name="velocity" />
        </button>
      )}

      <span className={styles.spacer} />

      {mode === "roll" && <ZoomGroup zoomX={zoomX} setZoomX={setZoomX} setZoomY={setZoomY} />}

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
  );
}

/** Horizontal zoom (buttons and a logarithmic slider) and the row-height cycle. */
function ZoomGroup({
  zoomX,
  setZoomX,
  setZoomY,
}: {
  zoomX: number;
  setZoomX: Setter<number>;
  setZoomY: Setter<number>;
}) {
  return (
    <div className={styles.zoom} role="group" aria-label="Zoom">
      <button
        type="button"
        className="icon-btn icon-btn-sm"
        aria-label="Zoom out"
        title="Zoom out (Ctrl+wheel)"
        onClick={() => setZoomX((z) => clamp(z / 1.4, ZOOM_X.min, ZOOM_X.max))}
        data-testid="clip-editor-zoom-out"
      >
        <Icon name="minus" size={12} />
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
        <Icon name="rows" size={13} />
      </button>
    </div>
  );
}
