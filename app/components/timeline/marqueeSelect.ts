import type { PointerEvent as ReactPointerEvent } from "react";
import { beginDrag, type DragHandlers } from "./drag";
import { marqueeHits, marqueeRect } from "./editGestures";
import type { MarqueeStore } from "./editPreview";
import type { ArrangementUI } from "./uiStore";

/**
 * Drags a selection rectangle over the track rows: every clip (MIDI or audio, on any track) it touches is selected,
 * added to `before` (what was selected when Shift/Ctrl was held). Clips are measured from the DOM as it is drawn.
 */
export function selectByMarquee(
  e: ReactPointerEvent<HTMLElement>,
  opts: {
    rows: HTMLElement | null;
    before: readonly string[];
    ui: ArrangementUI;
    marquee: MarqueeStore;
    autoScroll: DragHandlers["autoScroll"];
  },
): void {
  const { rows, before, ui, marquee, autoScroll } = opts;
  if (!rows) return;
  const x0 = e.clientX;
  const y0 = e.clientY;
  // A drag over the page would also select its text (toolbar labels, track names): not while drawing a marquee.
  const root = document.documentElement;
  const userSelect = root.style.userSelect;
  const done = () => {
    root.style.userSelect = userSelect;
    marquee.set(null);
  };
  beginDrag(e, {
    autoScroll,
    start: () => {
      root.style.userSelect = "none";
      document.getSelection()?.removeAllRanges();
    },
    move: (_dx, _dy, ev) => {
      const rect = marqueeRect(x0, y0, ev.clientX, ev.clientY);
      const origin = rows.getBoundingClientRect();
      marquee.set({
        left: rect.left - origin.left,
        top: rect.top - origin.top,
        width: rect.right - rect.left,
        height: rect.bottom - rect.top,
      });
      const boxes = [...rows.querySelectorAll<HTMLElement>("[data-testid='clip'], [data-testid='audio-clip']")].map(
        (el) => {
          const r = el.getBoundingClientRect();
          return { id: el.dataset.clipId ?? "", left: r.left, top: r.top, right: r.right, bottom: r.bottom };
        },
      );
      const hits = marqueeHits(rect, boxes).filter((id) => id);
      ui.select({ kind: "clip", ids: [...new Set([...before, ...hits])] });
    },
    end: done,
    cancel: done,
  });
}
