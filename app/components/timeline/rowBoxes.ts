/**
 * Where each track row sits, read from the DOM. Rows are `--track-h` tall, but an audio track whose take lanes
 * are open is followed by them, so a row's place cannot be computed from its index.
 */
export interface RowBox {
  /** Px from the top of the element the boxes were measured against. */
  top: number;
  height: number;
}

const ROW_SELECTOR = "[data-track-row]";

/** The track rows under `container`, in order, relative to `relativeTo` (default: the container). */
export function trackRowBoxes(container: ParentNode, relativeTo: Element): RowBox[] {
  const base = relativeTo.getBoundingClientRect().top;
  return [...container.querySelectorAll<HTMLElement>(ROW_SELECTOR)].map((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top - base, height: r.height };
  });
}

/**
 * The row at `y` (same origin as the boxes): the row containing it, the row above when `y` is in the take lanes
 * below a row, the last row below all of them, and -1 above the first.
 */
export function rowIndexAt(boxes: readonly RowBox[], y: number): number {
  if (boxes.length === 0 || y < boxes[0].top) return -1;
  let index = 0;
  for (let i = 0; i < boxes.length; i++) if (boxes[i].top <= y) index = i;
  return index;
}
