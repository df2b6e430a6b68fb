"use client";

import { useMemo, useRef, type CSSProperties, type Dispatch, type SetStateAction } from "react";
import { PPQ, gridTicks, snapTicks, type MidiClip, type Note, type SnapGrid, type TempoMap } from "@bandspace/model";
import type { AudioEngine } from "@bandspace/audio-engine";
import { Keyboard } from "./Keyboard";
import { VelocityLane } from "./VelocityLane";
import { NoteView } from "./NoteView";
import { RollRuler } from "./RollRuler";
import { usePlayhead } from "./usePlayhead";
import { useRollGestures } from "./useRollGestures";
import { RULER_H, useRollViewport } from "./useRollViewport";
import { rollBackground } from "./rollBackground";
import { DEFAULT_VELOCITY, boxSelection, gesturePreview, ghostCopies } from "./gesture";
import { pitchName, pitchToY, renderWindow, rollLengthTicks, rollScale, visibleNotes, type SongSnap } from "./geometry";
import type { Commit, Tool } from "./editorTypes";
import styles from "./PianoRoll.module.css";

export type { Commit, Tool } from "./editorTypes";

export interface PianoRollProps {
  clip: MidiClip;
  notes: Note[];
  map: TempoMap;
  color: string;
  engine: AudioEngine | null;
  readOnly: boolean;
  snap: SnapGrid;
  tool: Tool;
  showVelocity: boolean;
  zoomX: number;
  zoomY: number;
  setZoomX: Dispatch<SetStateAction<number>>;
  setZoomY: Dispatch<SetStateAction<number>>;
  selected: ReadonlySet<string>;
  setSelected: (ids: ReadonlySet<string>) => void;
  commit: Commit;
  audition: (pitch: number, velocity?: number) => void;
  /** Drum clips shown as a piano roll name their rows. */
  drumNames: ReadonlyMap<number, string> | null;
  /** Notes bandmates have selected, outlined in their colour. */
  remoteNotes?: ReadonlyMap<string, { name: string; color: string }>;
}

/**
 * The piano roll: keyboard, bar/beat grid from the TempoMap (shaded black keys, clip bounds), notes as
 * rectangles (velocity as brightness), and every editing gesture — each committed as one model operation on
 * pointer-up, with a local preview meanwhile. Only notes in view are rendered. The gesture rules live in the
 * pure `gesture.ts`, the keys in `shortcuts.ts`, zoom and scroll in `useRollViewport`; this file wires them to
 * the DOM.
 */
export function PianoRoll(props: PianoRollProps) {
  const { clip, notes, map, readOnly, snap, tool, zoomX, zoomY, selected, setSelected, commit, drumNames } = props;

  const rootRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const playheadRef = useRef<HTMLDivElement>(null);
  const velInnerRef = useRef<HTMLDivElement>(null);
  const rulerHeadRef = useRef<HTMLDivElement>(null);
  const keyW = drumNames ? 128 : 64;
  const scale = rollScale(zoomX, zoomY);
  const { ppt, rowH } = scale;
  // The meter where the clip starts draws its grid (a meter change inside a clip keeps its bar numbers right).
  const clipMeter = map.meterAt(clip.startTick);
  const gridStep = gridTicks(snap, map, clip.startTick);
  const stepTicks = snap === "off" ? PPQ / 4 : gridStep;
  const snapSong = useMemo<SongSnap | null>(
    () => (snap === "off" ? null : (tick, mode) => snapTicks(tick, snap, map, mode)),
    [snap, map],
  );

  const vp = useRollViewport({
    scrollerRef,
    velInnerRef,
    notes,
    clipLengthTicks: clip.lengthTicks,
    drums: !!drumNames,
    keyW,
    zoomX,
    zoomY,
    setZoomX: props.setZoomX,
    setZoomY: props.setZoomY,
  });

  const byId = useMemo(() => new Map(notes.map((n) => [n.id, n])), [notes]);
  const lastNoteEnd = useMemo(() => notes.reduce((m, n) => Math.max(m, n.startTick + n.durationTicks), 0), [notes]);
  const totalTicks = rollLengthTicks({
    clipStartTick: clip.startTick,
    clipLengthTicks: clip.lengthTicks,
    lastNoteEnd,
    ticksPerBar: clipMeter.ticksPerBar,
    viewWidthPx: vp.width - keyW,
    ppt,
  });
  const gridW = Math.round(totalTicks * ppt);

  const { gesture, gestureRef, hoverPitch, hoverEdge, hear, gridHandlers, onKeyDown } = useRollGestures({
    clipId: clip.id,
    clipStartTick: clip.startTick,
    notes,
    notesById: byId,
    selected,
    setSelected,
    readOnly,
    tool,
    scale,
    snapSong,
    gridStep,
    stepTicks,
    commit,
    audition: props.audition,
    rootRef,
    gridRef,
  });

  usePlayhead(props.engine, (tick, playing) => {
    const rel = tick === null ? null : tick - clip.startTick;
    const show = rel !== null && rel >= 0 && rel <= totalTicks;
    for (const el of [playheadRef.current, rulerHeadRef.current]) {
      if (!el) continue;
      el.style.display = show ? "block" : "none";
      if (show) el.style.transform = `translateX(${rel * ppt}px)`;
      el.dataset.playing = String(playing);
    }
    // While playing, page along with the playhead when it leaves the view (unless the person is dragging).
    const scroller = scrollerRef.current;
    if (playing && show && scroller && !gestureRef.current) {
      const x = rel * ppt;
      const visible = scroller.clientWidth - keyW;
      if (x < scroller.scrollLeft || x > scroller.scrollLeft + visible - 16) scroller.scrollLeft = Math.max(0, x - 24);
    }
  });

  // ---------- render ----------
  const preview = useMemo(() => gesturePreview(gesture, byId, stepTicks), [gesture, byId, stepTicks]);
  const ghosts = useMemo(() => ghostCopies(gesture, byId), [gesture, byId]);
  const shownSelection = gesture?.kind === "box" ? boxSelection(gesture, notes) : selected;
  const viewport = renderWindow(vp, scale);
  const shown = visibleNotes(notes, viewport);
  const drawn: Note[] = shown.map((n) => preview?.get(n.id) ?? n);
  if (preview) {
    // A note dragged in from outside the view is still drawn.
    const shownIds = new Set(shown.map((n) => n.id));
    for (const n of preview.values()) if (!shownIds.has(n.id)) drawn.push(n);
  }
  const g = gesture;
  const createNote =
    g?.kind === "create"
      ? {
          id: "new",
          pitch: g.pitch,
          startTick: g.startTick,
          durationTicks: g.durationTicks,
          velocity: DEFAULT_VELOCITY,
        }
      : null;
  const boxRect =
    g?.kind === "box"
      ? {
          left: Math.min(g.t0, g.t1) * ppt,
          width: Math.abs(g.t1 - g.t0) * ppt,
          top: pitchToY(Math.max(g.p0, g.p1), scale),
          height: (Math.abs(g.p1 - g.p0) + 1) * rowH,
        }
      : null;
  const cursor =
    g?.kind === "resize-end" || g?.kind === "resize-start" || (!g && hoverEdge)
      ? styles.cursorResize
      : g?.kind === "move"
        ? styles.cursorMove
        : readOnly || tool === "select"
          ? styles.cursorSelect
          : styles.cursorDraw;
  const label = (pitch: number) => drumNames?.get(pitch) ?? pitchName(pitch);

  return (
    <div
      ref={rootRef}
      className={styles.roll}
      tabIndex={0}
      onKeyDown={onKeyDown}
      style={{ "--note": props.color, "--key-w": `${keyW}px`, "--ruler-h": `${RULER_H}px` } as CSSProperties}
      data-testid="piano-roll"
      aria-label="Piano roll"
      role="application"
    >
      <div ref={scrollerRef} className={styles.scroller}>
        <div
          className={styles.content}
          style={{ gridTemplateColumns: `${keyW}px ${gridW}px`, gridTemplateRows: `${RULER_H}px ${128 * rowH}px` }}
        >
          <div className={styles.corner} data-testid="piano-roll-hover-pitch">
            {hoverPitch !== null ? label(hoverPitch) : ""}
          </div>
          <RollRuler
            map={map}
            clipStartTick={clip.startTick}
            clipLengthTicks={clip.lengthTicks}
            totalTicks={totalTicks}
            scale={scale}
            headRef={rulerHeadRef}
          />
          <Keyboard rowH={rowH} width={keyW} hoverPitch={hoverPitch} drumNames={drumNames} onAudition={hear} />
          <div
            ref={gridRef}
            className={`${styles.grid} ${cursor}`}
            style={{
              width: gridW,
              height: 128 * rowH,
              ...rollBackground({
                scale,
                ticksPerBar: clipMeter.ticksPerBar,
                ticksPerBeat: clipMeter.ticksPerBeat,
                stepTicks,
                clipStartTick: clip.startTick,
              }),
            }}
            data-testid="piano-roll-grid"
            data-px-per-tick={ppt}
            data-row-height={rowH}
            data-clip-start-tick={clip.startTick}
            {...gridHandlers}
          >
            <div className={styles.outside} style={{ left: clip.lengthTicks * ppt }} />
            {hoverPitch !== null && (
              <div className={styles.hoverRow} style={{ top: pitchToY(hoverPitch, scale), height: rowH }} />
            )}
            {drawn.map((n) => (
              <NoteView
                key={n.id}
                note={n}
                scale={scale}
                selected={shownSelection.has(n.id)}
                dragging={!!preview?.has(n.id)}
                label={label(n.pitch)}
                remote={props.remoteNotes?.get(n.id)}
              />
            ))}
            {ghosts.map((n) => (
              <NoteView key={n.id} note={n} scale={scale} selected dragging ghost label={pitchName(n.pitch)} />
            ))}
            {createNote && (
              <NoteView note={createNote} scale={scale} selected dragging ghost label={pitchName(createNote.pitch)} />
            )}
            {boxRect && <div className={styles.box} style={boxRect} data-testid="rubber-band" />}
            <div ref={playheadRef} className={styles.playhead} style={{ display: "none" }} />
          </div>
        </div>
      </div>
      {props.showVelocity && (
        <VelocityLane
          notes={notes}
          viewport={viewport}
          innerRef={velInnerRef}
          scrollLeft={() => scrollerRef.current?.scrollLeft ?? 0}
          keyW={keyW}
          ppt={ppt}
          selected={shownSelection}
          readOnly={readOnly}
          clipId={clip.id}
          commit={commit}
        />
      )}
    </div>
  );
}
