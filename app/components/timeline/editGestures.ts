/**
 * Pure geometry of the timeline's editing gestures (issue 19): which part of an audio clip a pointer is over (and
 * so what a drag there does, and which cursor says so), snapping to the grid and to other clips' edges and markers,
 * the marquee, and the clip-gain handle's dB. No DOM, no React: unit tested in tests/unit/app/timeline.
 */

/** What a drag does, by where it starts on an audio clip. */
export type AudioClipZone = "fade-in" | "fade-out" | "trim-start" | "trim-end" | "gain" | "slip" | "move";

/** Px of each edge that trims; corners (top strip at an edge) drag fades; the gain line is near the top centre. */
export const ZONE_PX = { edge: 6, corner: 10, gain: 6 } as const;

export interface ZoneInput {
  /** Pointer position relative to the clip's top-left, px. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Where the gain line is drawn, px from the top (null when the clip has no gain handle). */
  gainY: number | null;
  /** The slip modifier (Alt) is held: the body slips the audio instead of moving the clip. */
  slip: boolean;
}

/**
 * The zone under the pointer. Edges shrink on narrow clips so the body stays grabbable; the fade corners take the
 * top strip of each edge, the gain handle a band around its line in the middle half, the rest moves (or slips).
 */
export function audioClipZone({ x, y, width, height, gainY, slip }: ZoneInput): AudioClipZone {
  const edge = Math.min(ZONE_PX.edge, width / 4);
  const corner = Math.min(ZONE_PX.corner, width / 4, height / 3);
  if (y <= corner && x <= corner) return "fade-in";
  if (y <= corner && width - x <= corner) return "fade-out";
  if (x <= edge) return "trim-start";
  if (width - x <= edge) return "trim-end";
  if (gainY !== null && Math.abs(y - gainY) <= ZONE_PX.gain && x > width / 4 && x < (3 * width) / 4) return "gain";
  return slip ? "slip" : "move";
}

/** The cursor that says what a drag in `zone` will do (read-only users get the default). */
export function zoneCursor(zone: AudioClipZone | "split", canEdit: boolean): string {
  if (!canEdit) return "default";
  switch (zone) {
    case "fade-in":
    case "fade-out":
      return "nesw-resize";
    case "trim-start":
    case "trim-end":
      return "ew-resize";
    case "gain":
      return "ns-resize";
    case "slip":
      return "col-resize";
    case "split":
      return "crosshair";
    default:
      return "grab";
  }
}

export interface SnapInput {
  tick: number;
  /** The grid snap (the toolbar's), or null when the grid is off. */
  grid: ((tick: number) => number) | null;
  /** Other clips' edges and markers (section starts, loop points), in ticks. */
  targets: readonly number[];
  /** How near (ticks) a target must be to win over the grid: a few px at the current zoom. */
  thresholdTicks: number;
  /** The bypass key is held: no snapping at all. */
  bypass: boolean;
}

/**
 * Where a dragged point lands: the nearest edge or marker within the threshold, else the grid, else where it is.
 * Edges win over the grid because lining clips up is what a drag near one means.
 */
export function snapPoint({ tick, grid, targets, thresholdTicks, bypass }: SnapInput): number {
  if (bypass) return Math.max(0, Math.round(tick));
  let best: number | null = null;
  for (const t of targets) {
    const d = Math.abs(t - tick);
    if (d <= thresholdTicks && (best === null || d < Math.abs(best - tick))) best = t;
  }
  if (best !== null) return Math.max(0, best);
  return Math.max(0, Math.round(grid ? grid(tick) : tick));
}

/**
 * The shift that snaps a moved selection: whichever of its start or end lands nearer a target decides (so a clip can
 * be butted against the next one by its end), else its start goes to the grid.
 */
export function snapMove(startTick: number, endTick: number, delta: number, opts: Omit<SnapInput, "tick">): number {
  const start = startTick + delta;
  if (opts.bypass) return Math.max(-startTick, Math.round(delta));
  const near = (t: number) => {
    let best: { at: number; d: number } | null = null;
    for (const x of opts.targets) {
      const d = Math.abs(x - t);
      if (d <= opts.thresholdTicks && (!best || d < best.d)) best = { at: x, d };
    }
    return best;
  };
  const s = near(start);
  const e = near(endTick + delta);
  let shift: number;
  if (s && (!e || s.d <= e.d)) shift = s.at - startTick;
  else if (e) shift = e.at - endTick;
  else shift = Math.round(opts.grid ? opts.grid(start) : start) - startTick;
  return Math.max(-startTick, shift);
}

export interface Box {
  id: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The rectangle between two corners of a marquee, whichever way it was dragged. */
export function marqueeRect(x0: number, y0: number, x1: number, y1: number): Omit<Box, "id"> {
  return { left: Math.min(x0, x1), top: Math.min(y0, y1), right: Math.max(x0, x1), bottom: Math.max(y0, y1) };
}

/** Ids of the boxes the marquee touches (any overlap selects, as in most DAWs). */
export function marqueeHits(rect: Omit<Box, "id">, boxes: readonly Box[]): string[] {
  return boxes
    .filter((b) => b.left < rect.right && b.right > rect.left && b.top < rect.bottom && b.bottom > rect.top)
    .map((b) => b.id);
}

/** The clip-gain handle: dB range, and px of vertical drag per dB (up is louder). */
export const GAIN_DB = { min: -60, max: 12, pxPerDb: 2 } as const;

/** The gain after dragging the handle `dy` px (down positive) from `startDb`, to 0.1 dB. */
export function gainAfterDrag(startDb: number, dy: number): number {
  const db = startDb - dy / GAIN_DB.pxPerDb;
  return Math.round(Math.min(GAIN_DB.max, Math.max(GAIN_DB.min, db)) * 10) / 10;
}

/** Where the gain line sits in a clip `height` px tall: 0 dB a quarter down, -60 dB at the bottom, +12 at the top. */
export function gainLineY(db: number, height: number): number {
  const zeroY = height / 4;
  if (db >= 0) return zeroY - (db / GAIN_DB.max) * zeroY;
  return zeroY + (Math.max(db, GAIN_DB.min) / GAIN_DB.min) * (height - zeroY);
}

/** "+3.0 dB", "−6.5 dB", "0.0 dB" (the label shown while dragging). */
export function formatDb(db: number): string {
  if (db <= GAIN_DB.min) return "−∞ dB";
  const sign = db > 0 ? "+" : db < 0 ? "−" : "";
  return `${sign}${Math.abs(db).toFixed(1)} dB`;
}

/** A fade's length after dragging its corner to `x` px inside a clip `width` px wide (and `frames` long). */
export function fadeFramesAt(
  zone: "fade-in" | "fade-out",
  x: number,
  width: number,
  frames: number,
  otherFade: number,
): number {
  const px = zone === "fade-in" ? x : width - x;
  const raw = Math.round((Math.max(0, Math.min(width, px)) / Math.max(1, width)) * frames);
  return Math.max(0, Math.min(frames - otherFade, raw));
}

/** The grid step the arrow keys nudge by (a beat with snap off), signed by direction. */
export function nudgeTicks(dir: -1 | 1, gridStep: number | null, ticksPerBeat: number): number {
  return dir * (gridStep && gridStep > 0 ? gridStep : ticksPerBeat);
}
