"use client";

import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type Dispatch,
  type SetStateAction,
} from "react";
import type * as Y from "yjs";
import {
  PPQ,
  addNotes,
  deleteNotes,
  gridTicks,
  moveNotes,
  snapTicks,
  updateNotes,
  type MidiClip,
  type Note,
  type NoteInit,
  type Origin,
  type SnapGrid,
  type TempoMap,
} from "@bandspace/model";
import type { AudioEngine } from "@bandspace/audio-engine";
import { Keyboard } from "./Keyboard";
import { VelocityLane } from "./VelocityLane";
import { usePlayhead } from "./usePlayhead";
import {
  ZOOM_X,
  ZOOM_Y,
  clamp,
  clampMove,
  keyRowsBackground,
  notesInBox,
  pitchName,
  selectionSpan,
  visibleNotes,
  type Viewport,
} from "./geometry";
import styles from "./PianoRoll.module.css";

export type Tool = "draw" | "select";
export type Commit = <T>(op: (doc: Y.Doc, origin: Origin) => T) => T | undefined;

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

const RULER_H = 26;
/** Scrolling re-renders the notes only every CHUNK_PX (they are drawn with a larger margin). */
const CHUNK_PX = 256;
const EDGE_PX = 6;
const DEFAULT_VELOCITY = 100;

type Gesture =
  | { kind: "create"; pitch: number; startTick: number; durationTicks: number; x0: number; stretched: boolean }
  | {
      kind: "move";
      ids: string[];
      anchor: Note;
      x0: number;
      y0: number;
      dt: number;
      dp: number;
      copy: boolean;
      moved: boolean;
      /** Clicked an already-selected note without Shift: on a plain click (no drag) select just it. */
      narrowTo: string | null;
    }
  | { kind: "resize-end" | "resize-start"; ids: string[]; anchor: Note; x0: number; delta: number }
  | { kind: "box"; t0: number; p0: number; t1: number; p1: number; additive: boolean; base: ReadonlySet<string> };

/**
 * The piano roll: keyboard, bar/beat grid from the TempoMap (shaded black keys, clip bounds), notes as
 * rectangles (velocity as brightness), and every editing gesture — each committed as one model operation on
 * pointer-up, with a local preview meanwhile. Only notes in view are rendered.
 */
export function PianoRoll(props: PianoRollProps) {
  const {
    clip,
    notes,
    map,
    color,
    engine,
    readOnly,
    snap,
    tool,
    showVelocity,
    zoomX,
    zoomY,
    setZoomX,
    setZoomY,
    selected,
    setSelected,
    commit,
    audition,
    drumNames,
  } = props;

  const rootRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const playheadRef = useRef<HTMLDivElement>(null);
  const velInnerRef = useRef<HTMLDivElement>(null);
  const rulerHeadRef = useRef<HTMLDivElement>(null);
  const [vp, setVp] = useState({ left: 0, top: 0, width: 1200, height: 600 });
  const [gesture, setGestureState] = useState<Gesture | null>(null);
  const gestureRef = useRef<Gesture | null>(null);
  const setGesture = (g: Gesture | null) => {
    gestureRef.current = g;
    setGestureState(g);
  };
  const [hoverPitch, setHoverPitch] = useState<number | null>(null);
  const [hoverEdge, setHoverEdge] = useState<"start" | "end" | null>(null);
  const lastLength = useRef<number | null>(null);

  const keyW = drumNames ? 128 : 64;
  const ppt = zoomX / PPQ; // pixels per tick
  const rowH = zoomY;
  // The meter where the clip starts (a meter change inside a clip keeps its bar numbers right, below).
  const clipMeter = map.meterAt(clip.startTick);
  const tpb = clipMeter.ticksPerBeat;
  const tpbar = clipMeter.ticksPerBar;
  const grid = gridTicks(snap, map, clip.startTick);
  const stepTicks = snap === "off" ? PPQ / 4 : grid;

  const byId = useMemo(() => new Map(notes.map((n) => [n.id, n])), [notes]);
  const maxEnd = useMemo(() => notes.reduce((m, n) => Math.max(m, n.startTick + n.durationTicks), 0), [notes]);
  const totalTicks = Math.max(
    Math.ceil((Math.max(clip.lengthTicks, maxEnd) + clip.startTick) / tpbar) * tpbar - clip.startTick + 2 * tpbar,
    Math.ceil((vp.width - keyW) / ppt),
  );
  const gridW = Math.round(totalTicks * ppt);
  const gridH = 128 * rowH;

  // ---------- viewport tracking (scroll + size) ----------
  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    let raf = 0;
    // React re-renders only when the rendered window moves by a chunk (notes are drawn with a margin
    // wider than a chunk); the velocity lane follows every scroll pixel directly.
    let lastH = el.clientHeight;
    const read = () => {
      raf = 0;
      // A taller or shorter editor keeps the pitch in the middle of the view in the middle.
      if (el.clientHeight !== lastH && lastH > 0 && el.clientHeight > 0) {
        const mid = el.scrollTop + (lastH - RULER_H) / 2;
        el.scrollTop = Math.max(0, mid - (el.clientHeight - RULER_H) / 2);
      }
      lastH = el.clientHeight;
      const velInner = velInnerRef.current;
      if (velInner) velInner.style.transform = `translateX(${-el.scrollLeft}px)`;
      const left = Math.floor(el.scrollLeft / CHUNK_PX) * CHUNK_PX;
      const top = Math.floor(el.scrollTop / CHUNK_PX) * CHUNK_PX;
      setVp((p) =>
        p.left === left && p.top === top && p.width === el.clientWidth && p.height === el.clientHeight
          ? p
          : { left, top, width: el.clientWidth, height: el.clientHeight },
      );
    };
    const schedule = () => {
      if (!raf) raf = requestAnimationFrame(read);
    };
    read();
    el.addEventListener("scroll", schedule, { passive: true });
    const ro = new ResizeObserver(schedule);
    ro.observe(el);
    return () => {
      el.removeEventListener("scroll", schedule);
      ro.disconnect();
      if (raf) cancelAnimationFrame(raf);
    };
  }, []);

  // First view: zoomed so the clip's length and its notes' range fit (within limits), centred on the notes
  // (or around middle C / the drum kit).
  const didInitialScroll = useRef(false);
  const didInitialZoom = useRef(false);
  const prevZoom = useRef({ zoomX, zoomY });
  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el || didInitialScroll.current || el.clientHeight === 0) return;
    let lo = 127;
    let hi = 0;
    for (const n of notes) {
      lo = Math.min(lo, n.pitch);
      hi = Math.max(hi, n.pitch);
    }
    const center = notes.length > 0 ? Math.round((lo + hi) / 2) : drumNames ? 44 : 60;
    if (!didInitialZoom.current) {
      didInitialZoom.current = true;
      const beats = Math.max(1, clip.lengthTicks / PPQ);
      const wantX = clamp((el.clientWidth - keyW - 24) / beats, 24, 160);
      const rows = notes.length > 0 ? hi - lo + 5 : 24;
      const wantY = clamp(Math.floor((el.clientHeight - RULER_H) / rows), notes.length > 0 ? 10 : ZOOM_Y.default, 16);
      if (Math.abs(wantX - zoomX) > 0.5 || wantY !== zoomY) {
        setZoomX(wantX);
        setZoomY(wantY);
        return; // centre on the next render, at the new zoom
      }
    }
    didInitialScroll.current = true;
    prevZoom.current = { zoomX, zoomY };
    el.scrollTop = Math.max(0, (127 - center) * rowH + rowH / 2 - (el.clientHeight - RULER_H) / 2);
  });

  // Zoom keeps the point under the cursor (or the view's left edge) in place.
  const zoomAnchor = useRef<{ tick: number; x: number; pitch: number; y: number } | null>(null);
  useLayoutEffect(() => {
    const el = scrollerRef.current;
    const a = zoomAnchor.current;
    const prev = prevZoom.current;
    prevZoom.current = { zoomX, zoomY };
    if (!el || (prev.zoomX === zoomX && prev.zoomY === zoomY)) return;
    if (a) {
      el.scrollLeft = Math.max(0, a.tick * ppt - a.x);
      el.scrollTop = Math.max(0, (127 - a.pitch) * rowH - a.y);
    } else {
      const tick = el.scrollLeft / ((prev.zoomX || zoomX) / PPQ);
      el.scrollLeft = tick * ppt;
      const row = el.scrollTop / (prev.zoomY || zoomY);
      el.scrollTop = row * rowH;
    }
    zoomAnchor.current = null;
  }, [zoomX, zoomY, ppt, rowH]);

  useEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!(e.ctrlKey || e.metaKey || e.altKey)) return;
      e.preventDefault();
      const r = el.getBoundingClientRect();
      const x = e.clientX - r.left - keyW;
      const y = e.clientY - r.top - RULER_H;
      const curX = zoomXRef.current;
      const curY = zoomYRef.current;
      zoomAnchor.current = {
        tick: (el.scrollLeft + x) / (curX / PPQ),
        x,
        pitch: 127 - (el.scrollTop + y) / curY,
        y,
      };
      const factor = Math.exp(-e.deltaY * 0.0025);
      if (e.altKey && !(e.ctrlKey || e.metaKey)) setZoomY((z) => clamp(Math.round(z * factor), ZOOM_Y.min, ZOOM_Y.max));
      else setZoomX((z) => clamp(z * factor, ZOOM_X.min, ZOOM_X.max));
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [keyW, setZoomX, setZoomY]);
  const zoomXRef = useRef(zoomX);
  const zoomYRef = useRef(zoomY);
  useEffect(() => {
    zoomXRef.current = zoomX;
    zoomYRef.current = zoomY;
  });

  // ---------- playhead ----------
  usePlayhead(engine, (tick, playing) => {
    const line = playheadRef.current;
    const head = rulerHeadRef.current;
    const rel = tick === null ? null : tick - clip.startTick;
    const show = rel !== null && rel >= 0 && rel <= totalTicks;
    for (const el of [line, head]) {
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

  // ---------- coordinates ----------
  const pointAt = useCallback(
    (clientX: number, clientY: number) => {
      const r = gridRef.current!.getBoundingClientRect();
      const x = clientX - r.left;
      const y = clientY - r.top;
      return { x, y, tick: Math.max(0, x / ppt), pitch: clamp(127 - Math.floor(y / rowH), 0, 127) };
    },
    [ppt, rowH],
  );

  /** Snaps a clip-relative tick on the song's grid (the clip may start off the grid). */
  const snapRel = useCallback(
    (rel: number, mode: "round" | "floor" | "ceil" = "round", free = false) => {
      if (free || snap === "off") return Math.round(rel);
      return snapTicks(clip.startTick + rel, snap, map, mode) - clip.startTick;
    },
    [clip.startTick, snap, map],
  );

  const hear = useCallback(
    (pitch: number, velocity = DEFAULT_VELOCITY) => {
      audition(pitch, velocity);
    },
    [audition],
  );

  // ---------- preview of the gesture in progress ----------
  const preview = useMemo(() => {
    const g = gesture;
    if (!g || g.kind === "box" || g.kind === "create") return null;
    const ids = new Set(g.ids);
    const out = new Map<string, Note>();
    for (const id of ids) {
      const n = byId.get(id);
      if (!n) continue;
      if (g.kind === "move") {
        if (g.copy) continue;
        out.set(id, { ...n, startTick: n.startTick + g.dt, pitch: n.pitch + g.dp });
      } else if (g.kind === "resize-end") {
        const min = Math.min(stepTicks, n.durationTicks);
        out.set(id, { ...n, durationTicks: Math.max(min, n.durationTicks + g.delta) });
      } else {
        out.set(id, { ...n, startTick: n.startTick + g.delta, durationTicks: n.durationTicks - g.delta });
      }
    }
    return out;
  }, [gesture, byId, stepTicks]);

  const ghostCopies = useMemo(() => {
    const g = gesture;
    if (!g || g.kind !== "move" || !g.copy || !g.moved) return [];
    return g.ids
      .map((id) => byId.get(id))
      .filter((n): n is Note => !!n)
      .map((n) => ({ ...n, id: `copy-${n.id}`, startTick: n.startTick + g.dt, pitch: n.pitch + g.dp }));
  }, [gesture, byId]);

  const boxSelection = useMemo(() => {
    const g = gesture;
    if (!g || g.kind !== "box") return null;
    const ids = notesInBox(notes, { tick0: g.t0, tick1: g.t1, pitch0: g.p0, pitch1: g.p1 });
    const next = new Set(g.additive ? g.base : []);
    for (const id of ids) next.add(id);
    return next;
  }, [gesture, notes]);
  const shownSelection = boxSelection ?? selected;

  // ---------- gestures ----------
  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    rootRef.current?.focus({ preventScroll: true });
    const target = e.target as HTMLElement;
    const noteEl = target.closest<HTMLElement>("[data-note-id]");
    const note = noteEl ? byId.get(noteEl.dataset.noteId!) : undefined;
    const pt = pointAt(e.clientX, e.clientY);

    if (e.button === 2) {
      // Right-click deletes (the whole selection when the note is part of it).
      if (note && !readOnly) {
        const ids = selected.has(note.id) ? [...selected] : [note.id];
        commit((doc, origin) => deleteNotes(doc, clip.id, ids, origin));
        const next = new Set(selected);
        for (const id of ids) next.delete(id);
        setSelected(next);
      }
      return;
    }
    if (e.button !== 0) return;
    e.preventDefault();

    if (note) {
      let sel = selected;
      let narrowTo: string | null = null;
      if (e.shiftKey) {
        const next = new Set(selected);
        if (next.has(note.id)) {
          next.delete(note.id);
          setSelected(next);
          return;
        }
        next.add(note.id);
        sel = next;
      } else if (!selected.has(note.id)) {
        sel = new Set([note.id]);
      } else if (selected.size > 1) {
        narrowTo = note.id;
      }
      if (sel !== selected) setSelected(sel);
      lastLength.current = note.durationTicks;
      hear(note.pitch, note.velocity);
      if (readOnly) return;
      const ids = [...sel];
      const edge = edgeAt(noteEl!, e.clientX);
      gridRef.current!.setPointerCapture(e.pointerId);
      if (edge === "end" || edge === "start") {
        setGesture({ kind: edge === "end" ? "resize-end" : "resize-start", ids, anchor: note, x0: pt.x, delta: 0 });
      } else {
        setGesture({
          kind: "move",
          ids,
          anchor: note,
          x0: pt.x,
          y0: pt.y,
          dt: 0,
          dp: 0,
          copy: e.ctrlKey || e.metaKey,
          moved: false,
          narrowTo,
        });
      }
      return;
    }

    gridRef.current!.setPointerCapture(e.pointerId);
    const wantsBox = readOnly || tool === "select" || e.shiftKey || e.ctrlKey || e.metaKey;
    if (wantsBox) {
      setGesture({
        kind: "box",
        t0: pt.tick,
        p0: pt.pitch,
        t1: pt.tick,
        p1: pt.pitch,
        additive: e.shiftKey || e.ctrlKey || e.metaKey,
        base: selected,
      });
      return;
    }
    const startTick = Math.max(0, snapRel(pt.tick, "floor"));
    const durationTicks = lastLength.current ?? stepTicks;
    hear(pt.pitch);
    setGesture({ kind: "create", pitch: pt.pitch, startTick, durationTicks, x0: pt.x, stretched: false });
  };

  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const pt = pointAt(e.clientX, e.clientY);
    if (pt.pitch !== hoverPitch) setHoverPitch(pt.pitch);
    const g = gestureRef.current;
    if (!g) {
      // Resize cursor over note edges (hit-tested here rather than with two handle elements per note).
      const noteEl = readOnly ? null : (e.target as HTMLElement).closest<HTMLElement>("[data-note-id]");
      const edge = noteEl ? edgeAt(noteEl, e.clientX) : null;
      if (edge !== hoverEdge) setHoverEdge(edge);
      return;
    }
    // Alt while dragging: off the grid.
    const free = e.altKey;
    if (g.kind === "create") {
      const stretched = g.stretched || Math.abs(pt.x - g.x0) > 4;
      if (!stretched) return;
      const end = snapRel(pt.tick, "ceil", e.altKey);
      const min = snap === "off" || e.altKey ? 1 : grid;
      setGesture({ ...g, stretched, durationTicks: Math.max(min, end - g.startTick) });
    } else if (g.kind === "move") {
      const moved = g.moved || Math.abs(pt.x - g.x0) > 3 || Math.abs(pt.y - g.y0) > 3;
      if (!moved) return;
      const rawDt = (pt.x - g.x0) / ppt;
      const newStart = snapRel(g.anchor.startTick + rawDt, "round", free);
      const rawDp = Math.round((g.y0 - pt.y) / rowH);
      const group = g.ids.map((id) => byId.get(id)).filter((n): n is Note => !!n);
      const { dt, dp } = clampMove(group, newStart - g.anchor.startTick, rawDp);
      if (dp !== g.dp) hear(g.anchor.pitch + dp, g.anchor.velocity);
      if (dt !== g.dt || dp !== g.dp || !g.moved) setGesture({ ...g, dt, dp, moved });
    } else if (g.kind === "resize-end") {
      const rawDt = (pt.x - g.x0) / ppt;
      const anchorEnd = g.anchor.startTick + g.anchor.durationTicks;
      const delta = snapRel(anchorEnd + rawDt, "round", free) - anchorEnd;
      if (delta !== g.delta) setGesture({ ...g, delta });
    } else if (g.kind === "resize-start") {
      const rawDt = (pt.x - g.x0) / ppt;
      let delta = snapRel(g.anchor.startTick + rawDt, "round", free) - g.anchor.startTick;
      for (const id of g.ids) {
        const n = byId.get(id);
        if (!n) continue;
        const min = Math.min(free ? 1 : stepTicks, n.durationTicks);
        delta = clamp(delta, -n.startTick, n.durationTicks - min);
      }
      if (delta !== g.delta) setGesture({ ...g, delta });
    } else if (g.kind === "box") {
      setGesture({ ...g, t1: pt.tick, p1: pt.pitch });
    }
  };

  const finish = (e: React.PointerEvent<HTMLDivElement>, cancelled: boolean) => {
    const g = gestureRef.current;
    if (gridRef.current?.hasPointerCapture(e.pointerId)) gridRef.current.releasePointerCapture(e.pointerId);
    setGesture(null);
    if (!g || cancelled) return;
    if (g.kind === "create") {
      if (readOnly) return;
      const init: NoteInit = {
        pitch: g.pitch,
        startTick: g.startTick,
        durationTicks: g.durationTicks,
        velocity: DEFAULT_VELOCITY,
      };
      const added = commit((doc, origin) => addNotes(doc, clip.id, [init], origin));
      if (added) {
        lastLength.current = g.durationTicks;
        setSelected(new Set(added.map((n) => n.id)));
      }
    } else if (g.kind === "move") {
      if (!g.moved) {
        if (g.narrowTo) setSelected(new Set([g.narrowTo]));
        return;
      }
      if (g.dt === 0 && g.dp === 0) return;
      if (g.copy) {
        const copies = g.ids
          .map((id) => byId.get(id))
          .filter((n): n is Note => !!n)
          .map((n) => ({
            pitch: n.pitch + g.dp,
            startTick: n.startTick + g.dt,
            durationTicks: n.durationTicks,
            velocity: n.velocity,
          }));
        const added = commit((doc, origin) => addNotes(doc, clip.id, copies, origin));
        if (added) setSelected(new Set(added.map((n) => n.id)));
      } else {
        commit((doc, origin) => moveNotes(doc, clip.id, g.ids, { ticks: g.dt, pitch: g.dp }, origin));
      }
    } else if (g.kind === "resize-end" || g.kind === "resize-start") {
      if (g.delta === 0 || !preview) return;
      const patches = [...preview.values()].map((n) =>
        g.kind === "resize-end"
          ? { id: n.id, durationTicks: n.durationTicks }
          : { id: n.id, startTick: n.startTick, durationTicks: n.durationTicks },
      );
      if (patches.length > 0) commit((doc, origin) => updateNotes(doc, clip.id, patches, origin));
      if (g.kind === "resize-end") lastLength.current = g.anchor.durationTicks + g.delta;
    } else if (g.kind === "box") {
      const ids = notesInBox(notes, { tick0: g.t0, tick1: g.t1, pitch0: g.p0, pitch1: g.p1 });
      const next = new Set(g.additive ? g.base : []);
      for (const id of ids) next.add(id);
      setSelected(next);
    }
  };

  const onDoubleClick = (e: React.MouseEvent<HTMLDivElement>) => {
    if (readOnly || tool !== "select") return;
    if ((e.target as HTMLElement).closest("[data-note-id]")) return;
    const pt = pointAt(e.clientX, e.clientY);
    const init: NoteInit = {
      pitch: pt.pitch,
      startTick: Math.max(0, snapRel(pt.tick, "floor")),
      durationTicks: lastLength.current ?? stepTicks,
      velocity: DEFAULT_VELOCITY,
    };
    const added = commit((doc, origin) => addNotes(doc, clip.id, [init], origin));
    if (added) setSelected(new Set(added.map((n) => n.id)));
  };

  // ---------- keyboard ----------
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    if (target.closest("input, textarea, select")) return;
    const mod = e.ctrlKey || e.metaKey;
    const handled = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    const sel = notes.filter((n) => selected.has(n.id));
    if (e.key === "Escape") {
      handled();
      if (gestureRef.current) setGesture(null);
      else if (selected.size > 0) setSelected(new Set());
      return;
    }
    if (mod && (e.key === "a" || e.key === "A")) {
      handled();
      setSelected(new Set(notes.map((n) => n.id)));
      return;
    }
    if (e.key.startsWith("Arrow")) {
      handled();
      if (readOnly || sel.length === 0) return;
      let dt = 0;
      let dp = 0;
      if (e.key === "ArrowUp") dp = e.shiftKey ? 12 : 1;
      if (e.key === "ArrowDown") dp = e.shiftKey ? -12 : -1;
      if (e.key === "ArrowRight") dt = stepTicks;
      if (e.key === "ArrowLeft") dt = -stepTicks;
      const c = clampMove(sel, dt, dp);
      if (c.dt === 0 && c.dp === 0) return;
      commit((doc, origin) => moveNotes(doc, clip.id, [...selected], { ticks: c.dt, pitch: c.dp }, origin));
      if (c.dp !== 0 && sel.length === 1) hear(sel[0].pitch + c.dp, sel[0].velocity);
      return;
    }
    if (readOnly) return;
    if (e.key === "Delete" || e.key === "Backspace") {
      handled();
      if (sel.length === 0) return;
      commit((doc, origin) =>
        deleteNotes(
          doc,
          clip.id,
          sel.map((n) => n.id),
          origin,
        ),
      );
      setSelected(new Set());
      return;
    }
    if (mod && (e.key === "d" || e.key === "D")) {
      handled();
      if (sel.length === 0) return;
      const span = selectionSpan(sel, stepTicks);
      const copies = sel.map((n) => ({
        pitch: n.pitch,
        startTick: n.startTick + span.length,
        durationTicks: n.durationTicks,
        velocity: n.velocity,
      }));
      const added = commit((doc, origin) => addNotes(doc, clip.id, copies, origin));
      if (added) setSelected(new Set(added.map((n) => n.id)));
    }
  };

  // ---------- render ----------
  const viewport: Viewport = {
    tickFrom: (vp.left - CHUNK_PX) / ppt,
    tickTo: (vp.left + vp.width + 2 * CHUNK_PX) / ppt,
    pitchHigh: 127 - Math.floor((vp.top - CHUNK_PX) / rowH),
    pitchLow: 127 - Math.ceil((vp.top + vp.height + 2 * CHUNK_PX) / rowH),
  };
  const shown = visibleNotes(notes, viewport);
  const drawn: Note[] = shown.map((n) => preview?.get(n.id) ?? n);
  if (preview) {
    // A note dragged in from outside the view is still drawn.
    const shownIds = new Set(shown.map((n) => n.id));
    for (const n of preview.values()) if (!shownIds.has(n.id)) drawn.push(n);
  }

  const barPx = tpbar * ppt;
  const beatPx = tpb * ppt;
  const subPx = stepTicks * ppt;
  const offset = (period: number) => ((period - (clip.startTick % period)) % period) * ppt;
  const rows = keyRowsBackground(rowH, {
    white: "#191c21",
    black: "#131519",
    line: "rgba(255,255,255,0.028)",
    octave: "rgba(255,255,255,0.10)",
  });
  const layers: { image: string; size: string; pos: string }[] = [
    {
      image: "linear-gradient(to right, rgba(255,255,255,0.16) 1px, transparent 1px)",
      size: `${barPx}px 100%`,
      pos: `${offset(tpbar)}px 0`,
    },
    {
      image: "linear-gradient(to right, rgba(255,255,255,0.075) 1px, transparent 1px)",
      size: `${beatPx}px 100%`,
      pos: `${offset(tpb)}px 0`,
    },
  ];
  if (stepTicks < tpb && subPx >= 6) {
    layers.push({
      image: "linear-gradient(to right, rgba(255,255,255,0.03) 1px, transparent 1px)",
      size: `${subPx}px 100%`,
      pos: `${offset(stepTicks)}px 0`,
    });
  }
  layers.push({ image: rows.image, size: rows.size, pos: "0 0" });
  const gridStyle: CSSProperties = {
    width: gridW,
    height: gridH,
    backgroundImage: layers.map((l) => l.image).join(", "),
    backgroundSize: layers.map((l) => l.size).join(", "),
    backgroundPosition: layers.map((l) => l.pos).join(", "),
  };

  // Bar numbers (song bars) over the clip, thinned out when zoomed far out.
  const firstBar = Math.floor(map.ticksToBar(clip.startTick));
  const lastBar = Math.ceil(map.ticksToBar(clip.startTick + totalTicks));
  const every = barPx >= 48 ? 1 : barPx >= 24 ? 2 : barPx >= 12 ? 4 : 8;
  const barLabels = [];
  for (let bar = firstBar; bar <= lastBar; bar++) {
    if ((bar - 1) % every !== 0) continue;
    const x = (map.barToTicks(bar) - clip.startTick) * ppt;
    if (x < -1 || x > gridW) continue;
    barLabels.push(
      <span key={bar} className={styles.barNumber} style={{ left: x }}>
        {bar}
      </span>,
    );
  }

  const g = gesture;
  const createNote =
    g && g.kind === "create"
      ? {
          id: "new",
          pitch: g.pitch,
          startTick: g.startTick,
          durationTicks: g.durationTicks,
          velocity: DEFAULT_VELOCITY,
        }
      : null;
  const boxRect =
    g && g.kind === "box"
      ? {
          left: Math.min(g.t0, g.t1) * ppt,
          width: Math.abs(g.t1 - g.t0) * ppt,
          top: (127 - Math.max(g.p0, g.p1)) * rowH,
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

  return (
    <div
      ref={rootRef}
      className={styles.roll}
      tabIndex={0}
      onKeyDown={onKeyDown}
      style={{ "--note": color, "--key-w": `${keyW}px`, "--ruler-h": `${RULER_H}px` } as CSSProperties}
      data-testid="piano-roll"
      aria-label="Piano roll"
      role="application"
    >
      <div ref={scrollerRef} className={styles.scroller}>
        <div
          className={styles.content}
          style={{ gridTemplateColumns: `${keyW}px ${gridW}px`, gridTemplateRows: `${RULER_H}px ${gridH}px` }}
        >
          <div className={styles.corner} data-testid="piano-roll-hover-pitch">
            {hoverPitch !== null ? (drumNames?.get(hoverPitch) ?? pitchName(hoverPitch)) : ""}
          </div>
          <div
            className={styles.ruler}
            style={{
              backgroundSize: `${barPx}px 100%, ${beatPx}px 35%`,
              backgroundPosition: `${offset(tpbar)}px 0, ${offset(tpb)}px 100%`,
            }}
          >
            {barLabels}
            <div className={styles.clipEndMarker} style={{ left: clip.lengthTicks * ppt }} title="Clip end" />
            <div ref={rulerHeadRef} className={styles.rulerPlayhead} style={{ display: "none" }} />
          </div>
          <Keyboard rowH={rowH} width={keyW} hoverPitch={hoverPitch} drumNames={drumNames} onAudition={hear} />
          <div
            ref={gridRef}
            className={`${styles.grid} ${cursor}`}
            style={gridStyle}
            data-testid="piano-roll-grid"
            data-px-per-tick={ppt}
            data-row-height={rowH}
            data-clip-start-tick={clip.startTick}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={(e) => finish(e, false)}
            onPointerCancel={(e) => finish(e, true)}
            onPointerLeave={() => {
              setHoverPitch(null);
              setHoverEdge(null);
            }}
            onDoubleClick={onDoubleClick}
            onContextMenu={(e) => e.preventDefault()}
          >
            <div className={styles.outside} style={{ left: clip.lengthTicks * ppt }} />
            {hoverPitch !== null && (
              <div className={styles.hoverRow} style={{ top: (127 - hoverPitch) * rowH, height: rowH }} />
            )}
            {drawn.map((n) => (
              <NoteView
                key={n.id}
                note={n}
                ppt={ppt}
                rowH={rowH}
                selected={shownSelection.has(n.id)}
                dragging={!!preview?.has(n.id)}
                label={drumNames?.get(n.pitch) ?? pitchName(n.pitch)}
                remote={props.remoteNotes?.get(n.id)}
              />
            ))}
            {ghostCopies.map((n) => (
              <NoteView key={n.id} note={n} ppt={ppt} rowH={rowH} selected dragging ghost label={pitchName(n.pitch)} />
            ))}
            {createNote && (
              <NoteView
                note={createNote}
                ppt={ppt}
                rowH={rowH}
                selected
                dragging
                ghost
                label={pitchName(createNote.pitch)}
              />
            )}
            {boxRect && <div className={styles.box} style={boxRect} data-testid="rubber-band" />}
            <div ref={playheadRef} className={styles.playhead} style={{ display: "none" }} />
          </div>
        </div>
      </div>
      {showVelocity && (
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

/** Which resize edge of a note element a pointer x is on (the outer 6 px, at most a third of a short note). */
function edgeAt(noteEl: HTMLElement, clientX: number): "start" | "end" | null {
  const r = noteEl.getBoundingClientRect();
  if (r.width < 10) return null;
  const edge = Math.min(EDGE_PX, r.width / 3);
  if (clientX >= r.right - edge) return "end";
  if (clientX <= r.left + edge) return "start";
  return null;
}

const NoteView = memo(function NoteView({
  note,
  ppt,
  rowH,
  selected,
  dragging,
  ghost,
  label,
  remote,
}: {
  note: Note;
  ppt: number;
  rowH: number;
  selected: boolean;
  dragging: boolean;
  ghost?: boolean;
  label: string;
  remote?: { name: string; color: string };
}) {
  const x = note.startTick * ppt;
  const w = Math.max(3, note.durationTicks * ppt - 1);
  const v = note.velocity / 127;
  return (
    <div
      className={`${styles.note} ${selected ? styles.noteSelected : ""} ${dragging ? styles.noteDragging : ""} ${
        ghost ? styles.noteGhost : ""
      } ${remote ? styles.noteRemote : ""}`}
      style={
        {
          transform: `translate(${x}px, ${(127 - note.pitch) * rowH}px)`,
          width: w,
          height: rowH - 1,
          "--vel": `${Math.round(35 + v * 65)}%`,
          ...(remote ? { "--remote": remote.color } : {}),
        } as CSSProperties
      }
      data-testid={ghost ? "note-preview" : "note"}
      data-note-id={ghost ? undefined : note.id}
      data-pitch={note.pitch}
      data-start-tick={note.startTick}
      data-duration-ticks={note.durationTicks}
      data-velocity={note.velocity}
      data-selected={selected ? "true" : undefined}
      data-remote-selected-by={remote?.name}
      title={ghost ? undefined : `${label} · velocity ${note.velocity}${remote ? ` · selected by ${remote.name}` : ""}`}
    >
      {w > 26 && rowH >= 10 && <span className={styles.noteLabel}>{label}</span>}
    </div>
  );
});
