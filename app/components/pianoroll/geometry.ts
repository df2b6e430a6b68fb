/** Pure helpers for the clip editors: pitch names, grid sizes, note rectangles, gesture maths. */

import { PPQ } from "@bandspace/model";

export const MIN_PITCH = 0;
export const MAX_PITCH = 127;
export const PITCH_COUNT = 128;

const NAMES = ["C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B"];
const BLACK = new Set([1, 3, 6, 8, 10]);

/** MIDI 60 → "C4" (middle C), 61 → "C♯4". */
export function pitchName(pitch: number): string {
  return `${NAMES[((pitch % 12) + 12) % 12]}${Math.floor(pitch / 12) - 1}`;
}

export function isBlackKey(pitch: number): boolean {
  return BLACK.has(((pitch % 12) + 12) % 12);
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Horizontal zoom: pixels per quarter note. */
export const ZOOM_X = { min: 12, max: 480, default: 96 };
/** Vertical zoom: pixels per key row. */
export const ZOOM_Y = { min: 8, max: 30, default: 12 };

export interface NoteLike {
  id: string;
  pitch: number;
  startTick: number;
  durationTicks: number;
  velocity: number;
}

export interface Viewport {
  /** Ticks and pitches visible (with margin); notes outside are not rendered. */
  tickFrom: number;
  tickTo: number;
  pitchLow: number;
  pitchHigh: number;
}

/** Notes intersecting the viewport (an array filter — fast enough for several thousand notes per frame). */
export function visibleNotes<T extends NoteLike>(notes: readonly T[], vp: Viewport): T[] {
  const out: T[] = [];
  for (const n of notes) {
    if (n.pitch < vp.pitchLow || n.pitch > vp.pitchHigh) continue;
    if (n.startTick > vp.tickTo || n.startTick + n.durationTicks < vp.tickFrom) continue;
    out.push(n);
  }
  return out;
}

/** Ids of notes whose rectangle meets the tick/pitch box (rubber-band selection). */
export function notesInBox(
  notes: readonly NoteLike[],
  box: { tick0: number; tick1: number; pitch0: number; pitch1: number },
): string[] {
  const t0 = Math.min(box.tick0, box.tick1);
  const t1 = Math.max(box.tick0, box.tick1);
  const p0 = Math.min(box.pitch0, box.pitch1);
  const p1 = Math.max(box.pitch0, box.pitch1);
  const ids: string[] = [];
  for (const n of notes) {
    if (n.pitch < p0 || n.pitch > p1) continue;
    if (n.startTick >= t1 || n.startTick + n.durationTicks <= t0) continue;
    ids.push(n.id);
  }
  return ids;
}

/**
 * How far a group of notes may move: the tick delta keeps every start ≥ 0, the pitch delta keeps every
 * pitch in 0..127.
 */
export function clampMove(notes: readonly NoteLike[], dt: number, dp: number): { dt: number; dp: number } {
  if (notes.length === 0) return { dt, dp };
  let minStart = Infinity;
  let minPitch = Infinity;
  let maxPitch = -Infinity;
  for (const n of notes) {
    minStart = Math.min(minStart, n.startTick);
    minPitch = Math.min(minPitch, n.pitch);
    maxPitch = Math.max(maxPitch, n.pitch);
  }
  return {
    dt: Math.max(dt, -minStart),
    dp: clamp(dp, MIN_PITCH - minPitch, MAX_PITCH - maxPitch),
  };
}

/** The span a selection covers, for duplicating it right after itself (rounded up to the grid). */
export function selectionSpan(notes: readonly NoteLike[], grid: number): { start: number; length: number } {
  let start = Infinity;
  let end = -Infinity;
  for (const n of notes) {
    start = Math.min(start, n.startTick);
    end = Math.max(end, n.startTick + n.durationTicks);
  }
  if (!Number.isFinite(start)) return { start: 0, length: 0 };
  const g = Math.max(1, grid);
  const length = Math.max(g, Math.ceil((end - start) / g) * g);
  return { start, length };
}

/** Builds the CSS background that shades black-key rows and draws row/octave lines, 12 rows per period from pitch 127 down. */
export function keyRowsBackground(
  rowH: number,
  colors: { black: string; white: string; line: string; octave: string },
): {
  image: string;
  size: string;
} {
  const stops: string[] = [];
  for (let i = 0; i < 12; i++) {
    const pitch = 127 - i;
    const top = i * rowH;
    const bottom = top + rowH;
    const fill = isBlackKey(pitch) ? colors.black : colors.white;
    // The line under a row: the octave line under every C (between C and the B below).
    const line = pitch % 12 === 0 ? colors.octave : colors.line;
    stops.push(`${fill} ${top}px`, `${fill} ${bottom - 1}px`, `${line} ${bottom - 1}px`, `${line} ${bottom}px`);
  }
  return { image: `linear-gradient(to bottom, ${stops.join(", ")})`, size: `100% ${rowH * 12}px` };
}

// ---------- the roll's coordinate system ----------
// x grows with clip-relative ticks from the grid's left edge; y grows downwards from pitch 127's row top.

export interface RollScale {
  /** Pixels per tick (zoomX is pixels per quarter note). */
  ppt: number;
  /** Pixels per key row. */
  rowH: number;
}

export function rollScale(zoomX: number, zoomY: number): RollScale {
  return { ppt: zoomX / PPQ, rowH: zoomY };
}

export function tickToX(tick: number, s: RollScale): number {
  return tick * s.ppt;
}

/** Never before the clip's start. */
export function xToTick(x: number, s: RollScale): number {
  return Math.max(0, x / s.ppt);
}

/** The top edge of a pitch's row. */
export function pitchToY(pitch: number, s: RollScale): number {
  return (MAX_PITCH - pitch) * s.rowH;
}

/** The pitch whose row contains y (anything above or below the keyboard is its highest or lowest key). */
export function yToPitch(y: number, s: RollScale): number {
  return clamp(MAX_PITCH - Math.floor(y / s.rowH), MIN_PITCH, MAX_PITCH);
}

export interface RollPoint {
  x: number;
  y: number;
  tick: number;
  pitch: number;
}

/** A point given relative to the grid's top-left corner, in pixels and in musical units. */
export function rollPoint(x: number, y: number, s: RollScale): RollPoint {
  return { x, y, tick: xToTick(x, s), pitch: yToPitch(y, s) };
}

export type SnapMode = "round" | "floor" | "ceil";

/** Snaps a song tick to the song's grid (the model's snapTicks for the chosen grid, which knows meter changes). */
export type SongSnap = (songTick: number, mode: SnapMode) => number;

/**
 * Snaps a clip-relative tick to the song's grid: the grid belongs to the song (its bars, its meter changes) and
 * a clip may start off it, so the snap happens in song ticks and the result goes back to clip-relative ticks.
 * No snapper (snap off) or `free` (Alt held) rounds to a whole tick.
 */
export function snapClipTick(
  rel: number,
  clipStartTick: number,
  snapSong: SongSnap | null,
  mode: SnapMode = "round",
  free = false,
): number {
  if (free || !snapSong) return Math.round(rel);
  const snapped = snapSong(clipStartTick + rel, mode) - clipStartTick;
  return snapped === 0 ? 0 : snapped;
}

/** Scrolling re-renders the notes only every CHUNK_PX (they are drawn with a margin wider than a chunk). */
export const CHUNK_PX = 256;

/** The rendered window for a scroll position: the visible area rounded down to chunks, plus a chunk's margin. */
export function renderWindow(
  view: { left: number; top: number; width: number; height: number },
  s: RollScale,
  margin = CHUNK_PX,
): Viewport {
  return {
    tickFrom: (view.left - margin) / s.ppt,
    tickTo: (view.left + view.width + 2 * margin) / s.ppt,
    pitchHigh: MAX_PITCH - Math.floor((view.top - margin) / s.rowH),
    pitchLow: MAX_PITCH - Math.ceil((view.top + view.height + 2 * margin) / s.rowH),
  };
}

/** A scroll offset rounded down to the chunk it is in. */
export function chunkOf(scroll: number, chunk = CHUNK_PX): number {
  return Math.floor(scroll / chunk) * chunk;
}

/**
 * How many clip-relative ticks the grid spans: to the end of the bar after the clip or its last note (whichever
 * is later), plus two empty bars to draw into, and at least the width of the view.
 */
export function rollLengthTicks(args: {
  clipStartTick: number;
  clipLengthTicks: number;
  lastNoteEnd: number;
  ticksPerBar: number;
  viewWidthPx: number;
  ppt: number;
}): number {
  const { clipStartTick, clipLengthTicks, lastNoteEnd, ticksPerBar, viewWidthPx, ppt } = args;
  const endBar = Math.ceil((Math.max(clipLengthTicks, lastNoteEnd) + clipStartTick) / ticksPerBar);
  return Math.max(endBar * ticksPerBar - clipStartTick + 2 * ticksPerBar, Math.ceil(viewWidthPx / ppt));
}

/**
 * The first view of a clip: zoomed so its length and its notes' pitch range fit (within limits), centred on
 * the notes (or on middle C, or on the drum kit's middle).
 */
export function initialView(args: {
  notes: readonly { pitch: number }[];
  clipLengthTicks: number;
  viewWidthPx: number;
  viewHeightPx: number;
  drums: boolean;
}): { zoomX: number; zoomY: number; centerPitch: number } {
  const { notes, clipLengthTicks, viewWidthPx, viewHeightPx, drums } = args;
  let lo = MAX_PITCH;
  let hi = MIN_PITCH;
  for (const n of notes) {
    lo = Math.min(lo, n.pitch);
    hi = Math.max(hi, n.pitch);
  }
  const has = notes.length > 0;
  const beats = Math.max(1, clipLengthTicks / PPQ);
  const rows = has ? hi - lo + 5 : 24;
  return {
    zoomX: clamp(viewWidthPx / beats, 24, 160),
    zoomY: clamp(Math.floor(viewHeightPx / rows), has ? 10 : ZOOM_Y.default, 16),
    centerPitch: has ? Math.round((lo + hi) / 2) : drums ? 44 : 60,
  };
}

/** The scrollTop that puts a pitch's row centre in the middle of a view `viewHeightPx` tall. */
export function scrollTopCentring(pitch: number, s: RollScale, viewHeightPx: number): number {
  return Math.max(0, pitchToY(pitch, s) + s.rowH / 2 - viewHeightPx / 2);
}

/** What a zoom keeps in place: the tick and pitch under the cursor, at the cursor's offset in the view. */
export interface ZoomAnchor {
  tick: number;
  x: number;
  pitch: number;
  y: number;
}

/** The anchor under a point of the view (x, y relative to the grid's visible top-left corner). */
export function zoomAnchorAt(x: number, y: number, scroll: { left: number; top: number }, s: RollScale): ZoomAnchor {
  return { tick: (scroll.left + x) / s.ppt, x, pitch: MAX_PITCH - (scroll.top + y) / s.rowH, y };
}

/** The scroll offsets that keep the anchor at the same place at the new scale. */
export function scrollKeeping(anchor: ZoomAnchor, s: RollScale): { left: number; top: number } {
  return {
    left: Math.max(0, anchor.tick * s.ppt - anchor.x),
    top: Math.max(0, (MAX_PITCH - anchor.pitch) * s.rowH - anchor.y),
  };
}

/** Bar numbers are thinned out when zoomed far out: label every n-th bar. */
export function barLabelEvery(barPx: number): number {
  return barPx >= 48 ? 1 : barPx >= 24 ? 2 : barPx >= 12 ? 4 : 8;
}

/** Which resize edge of a note a pointer x is on: the outer 6 px, at most a third of a short note; none under 10 px. */
export function noteEdgeAt(rect: { left: number; right: number; width: number }, x: number): "start" | "end" | null {
  if (rect.width < 10) return null;
  const edge = Math.min(6, rect.width / 3);
  if (x >= rect.right - edge) return "end";
  if (x <= rect.left + edge) return "start";
  return null;
}
