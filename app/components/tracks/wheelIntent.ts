/** What a wheel event over the timeline means. */
export type WheelIntent =
  | { kind: "zoom"; factor: number }
  | { kind: "scroll-time"; dx: number }
  /** Left to the browser: the track list's native vertical scroll. */
  | { kind: "native" };

const LINE_PX = 16;
const PAGE_PX = 400;
/** Zoom per pixel of wheel travel: one notch (~100 px) is about 22 %. */
const ZOOM_PER_PX = 0.0025;

/**
 * Ctrl/⌘ zooms at the pointer; Shift, a sideways swipe, or any wheel over the ruler and marker lane scrolls
 * time; a plain vertical wheel over the lanes scrolls the track list natively. Line and page deltas (mice on
 * some systems) are turned into pixels first.
 */
export function wheelIntent(e: {
  deltaX: number;
  deltaY: number;
  deltaMode: number;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  /** Over the ruler / marker lane rather than the track lanes. */
  inHead: boolean;
}): WheelIntent {
  const scale = e.deltaMode === 1 ? LINE_PX : e.deltaMode === 2 ? PAGE_PX : 1;
  const dx = e.deltaX * scale;
  const dy = e.deltaY * scale;
  if (e.ctrlKey || e.metaKey) return { kind: "zoom", factor: Math.exp(-dy * ZOOM_PER_PX) };
  const sideways = Math.abs(dx) > Math.abs(dy);
  if (e.shiftKey || sideways || e.inHead) {
    // Shift with a vertical wheel turns it sideways; otherwise the larger axis wins.
    return { kind: "scroll-time", dx: e.shiftKey && Math.abs(dx) < Math.abs(dy) ? dy : sideways ? dx : dy };
  }
  return { kind: "native" };
}
