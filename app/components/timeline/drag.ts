import type { PointerEvent as ReactPointerEvent } from "react";

export interface DragHandlers {
  /** Every pointer move after the threshold was crossed: total movement since the press. */
  move: (dx: number, dy: number, e: PointerEvent) => void;
  /** Released after moving past the threshold. */
  end?: (dx: number, dy: number, e: PointerEvent) => void;
  /** Released without moving past the threshold (a click). */
  click?: (e: PointerEvent) => void;
  /** Escape, pointer cancel or lost capture: undo any preview. */
  cancel?: () => void;
  /** Called once when the threshold is crossed. */
  start?: (e: PointerEvent) => void;
  /**
   * Scroll the timeline while the pointer is held near the left/right edge of `bounds()` (viewport px), and
   * re-run `move` with the last pointer position as it scrolls.
   */
  autoScroll?: { bounds: () => { left: number; right: number }; scrollBy: (dx: number) => void };
}

const EDGE_PX = 36;
const MAX_SPEED_PX = 24;

const THRESHOLD_PX = 3;

/**
 * Tracks one pointer drag from a pointerdown, with pointer capture on the pressed element, a small
 * click/drag threshold and Escape to cancel. Returns nothing; all results go through the handlers.
 */
export function beginDrag(e: ReactPointerEvent<Element>, handlers: DragHandlers): void {
  const el = e.currentTarget;
  const pointerId = e.pointerId;
  const x0 = e.clientX;
  const y0 = e.clientY;
  let dragging = false;
  let done = false;
  let last: PointerEvent | null = null;
  let raf = 0;
  const tickAutoScroll = () => {
    raf = 0;
    if (done || !dragging || !last || !handlers.autoScroll) return;
    const { left, right } = handlers.autoScroll.bounds();
    const x = last.clientX;
    const speed = x < left + EDGE_PX ? -(left + EDGE_PX - x) : x > right - EDGE_PX ? x - (right - EDGE_PX) : 0;
    if (speed !== 0) {
      handlers.autoScroll.scrollBy(Math.max(-MAX_SPEED_PX, Math.min(MAX_SPEED_PX, speed / 2)));
      handlers.move(last.clientX - x0, last.clientY - y0, last);
    }
    raf = requestAnimationFrame(tickAutoScroll);
  };
  try {
    el.setPointerCapture(pointerId);
  } catch {
    // synthetic events in tests may not be capturable
  }

  const finish = () => {
    done = true;
    if (raf) cancelAnimationFrame(raf);
    el.removeEventListener("pointermove", onMove as EventListener);
    el.removeEventListener("pointerup", onUp as EventListener);
    el.removeEventListener("pointercancel", onCancel);
    el.removeEventListener("lostpointercapture", onCancel);
    window.removeEventListener("keydown", onKey, true);
    try {
      if (el.hasPointerCapture(pointerId)) el.releasePointerCapture(pointerId);
    } catch {
      // ignore
    }
  };
  const onMove = (ev: PointerEvent) => {
    if (ev.pointerId !== pointerId || done) return;
    const dx = ev.clientX - x0;
    const dy = ev.clientY - y0;
    last = ev;
    if (!dragging) {
      if (Math.abs(dx) < THRESHOLD_PX && Math.abs(dy) < THRESHOLD_PX) return;
      dragging = true;
      handlers.start?.(ev);
      if (handlers.autoScroll && !raf) raf = requestAnimationFrame(tickAutoScroll);
    }
    handlers.move(dx, dy, ev);
  };
  const onUp = (ev: PointerEvent) => {
    if (ev.pointerId !== pointerId || done) return;
    finish();
    if (dragging) handlers.end?.(ev.clientX - x0, ev.clientY - y0, ev);
    else handlers.click?.(ev);
  };
  const onCancel = () => {
    if (done) return;
    finish();
    if (dragging) handlers.cancel?.();
  };
  const onKey = (ev: KeyboardEvent) => {
    if (ev.key !== "Escape") return;
    ev.preventDefault();
    ev.stopPropagation();
    onCancel();
  };
  el.addEventListener("pointermove", onMove as EventListener);
  el.addEventListener("pointerup", onUp as EventListener);
  el.addEventListener("pointercancel", onCancel);
  el.addEventListener("lostpointercapture", onCancel);
  window.addEventListener("keydown", onKey, true);
}
