"use client";

import { useCallback, useEffect, useMemo, useState, type CSSProperties } from "react";
import type * as Y from "yjs";
import { DRUM_MAP, gridTicks, quantizeNotes, type Origin, type SnapGrid } from "@bandspace/model";
import type { AudioEngine } from "@bandspace/audio-engine";
import { StepSequencer, stepGridFor } from "../stepseq/StepSequencer";
import { ClipEditorStatus } from "./ClipEditorStatus";
import { ClipEditorToolbar } from "./ClipEditorToolbar";
import { ClipMissing } from "./ClipMissing";
import { editorKey } from "./editorKeys";
import type { Tool } from "./editorTypes";
import { ZOOM_X, ZOOM_Y } from "./geometry";
import { PianoRoll } from "./PianoRoll";
import { useClip } from "./useClip";
import { useClipCommit } from "./useClipCommit";
import styles from "./ClipEditor.module.css";

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

  const commit = useClipCommit(doc, origin, readOnly);

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

  // Q, B and V when focus is in the editor but not in a field.
  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.target as HTMLElement).closest("input, textarea, select")) return;
    const action = editorKey(e, mode);
    if (!action) return;
    e.preventDefault();
    if (action === "quantize") {
      if (!readOnly) quantize();
    } else if (action === "toggle-tool") setTool((t) => (t === "draw" ? "select" : "draw"));
    else setShowVelocity((v) => !v);
  };

  if (!clip) return <ClipMissing clipId={clipId} onClose={onClose} />;

  const color = track?.color ?? "#f2a23a";
  const selectedCount = mode === "roll" ? selected.size : 0;

  return (
    <div
      className={styles.editor}
      style={{ "--note": color } as CSSProperties}
      data-testid="clip-editor"
      data-clip-id={clip.id}
      data-mode={mode === "steps" ? "steps" : "pianoroll"}
      onKeyDown={onKeyDown}
    >
      <ClipEditorToolbar
        doc={doc}
        clip={clip}
        track={track}
        readOnly={readOnly}
        commit={commit}
        mode={mode}
        isDrums={isDrums}
        drumView={drumView}
        setDrumView={setDrumView}
        tool={tool}
        setTool={setTool}
        snap={snap}
        setSnap={setSnap}
        quantize={quantize}
        quantizeGrid={quantizeGrid}
        noteCount={notes.length}
        selectedCount={selectedCount}
        showVelocity={showVelocity}
        setShowVelocity={setShowVelocity}
        zoomX={zoomX}
        setZoomX={setZoomX}
        setZoomY={setZoomY}
        onClose={onClose}
      />

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

      <ClipEditorStatus
        clip={clip}
        map={map}
        mode={mode}
        readOnly={readOnly}
        noteCount={notes.length}
        selectedCount={selectedCount}
      />
    </div>
  );
}
