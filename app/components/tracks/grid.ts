/** Where a dragged track lands: its final index in the list (as moveTrack counts it), or null for no move. */
export function dropIndex(ids: readonly string[], draggedId: string, targetId: string, after: boolean): number | null {
  const from = ids.indexOf(draggedId);
  const target = ids.indexOf(targetId);
  if (from < 0 || target < 0) return null;
  const insertion = target + (after ? 1 : 0);
  const to = insertion > from ? insertion - 1 : insertion;
  return to === from ? null : to;
}
