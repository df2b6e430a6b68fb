import { PPQ, type TempoMap } from "./tempo-map";

/**
 * Snapping to the musical grid. The meter has one time signature and bars start at multiples of
 * ticksPerBar, so every grid is a fixed number of ticks: "beat" follows the meter (an eighth in 6/8 and 7/8),
 * "1/8" and "1/16" are note values (480 and 240 ticks).
 */
export type SnapGrid = "bar" | "beat" | "1/8" | "1/16" | "off";
export const SNAP_GRIDS: readonly SnapGrid[] = ["bar", "beat", "1/8", "1/16", "off"];

export function gridTicks(grid: SnapGrid, map: TempoMap): number {
  switch (grid) {
    case "bar":
      return map.ticksPerBar;
    case "beat":
      return map.ticksPerBeat;
    case "1/8":
      return PPQ / 2;
    case "1/16":
      return PPQ / 4;
    default:
      return 1;
  }
}

/** The nearest (or previous / next) grid line; "off" rounds to a whole tick. */
export function snapTicks(
  ticks: number,
  grid: SnapGrid,
  map: TempoMap,
  mode: "round" | "floor" | "ceil" = "round",
): number {
  const step = gridTicks(grid, map);
  const f = mode === "floor" ? Math.floor : mode === "ceil" ? Math.ceil : Math.round;
  const snapped = f(ticks / step) * step;
  return snapped === 0 ? 0 : snapped; // no -0
}
