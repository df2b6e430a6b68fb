/** Pure helpers for the clip editors: pitch names, grid sizes, note rectangles, gesture maths. */

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
