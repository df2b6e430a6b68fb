import type { TimeSignature } from "@bandspace/model";

/** Width of one quarter note on the arrangement grid (px). */
export const QUARTER_PX = 28;
/** How many bars the empty arrangement shows. */
export const BAR_COUNT = 64;

/** Bar and beat widths for a meter: a bar is `numerator` beats of a 1/denominator note. */
export function gridMetrics(ts: TimeSignature): { barPx: number; beatPx: number; widthPx: number } {
  const beatPx = QUARTER_PX * (4 / ts.denominator);
  const barPx = beatPx * ts.numerator;
  return { barPx, beatPx, widthPx: barPx * BAR_COUNT };
}

/** Where a dragged track lands: its final index in the list (as moveTrack counts it), or null for no move. */
export function dropIndex(ids: readonly string[], draggedId: string, targetId: string, after: boolean): number | null {
  const from = ids.indexOf(draggedId);
  const target = ids.indexOf(targetId);
  if (from < 0 || target < 0) return null;
  const insertion = target + (after ? 1 : 0);
  const to = insertion > from ? insertion - 1 : insertion;
  return to === from ? null : to;
}
