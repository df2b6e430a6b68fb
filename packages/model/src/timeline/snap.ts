import { PPQ, type TempoMap } from "./tempo-map";

/**
 * Snapping to the musical grid. "bar" and "beat" follow the meter in force (an eighth in 6/8 and 7/8, and a
 * new bar length after a meter change); "1/8" and "1/16" are note values (480 and 240 ticks). Every grid is
 * counted from the start of the meter segment, so grid lines always meet the bar lines.
 */
export type SnapGrid = "bar" | "beat" | "1/8" | "1/16" | "off";
export const SNAP_GRIDS: readonly SnapGrid[] = ["bar", "beat", "1/8", "1/16", "off"];

/** The grid step at `atTick` (default: the song start's meter); "off" → 1. */
export function gridTicks(grid: SnapGrid, map: TempoMap, atTick = 0): number {
  switch (grid) {
    case "bar":
      return map.meterAt(atTick).ticksPerBar;
    case "beat":
      return map.meterAt(atTick).ticksPerBeat;
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
  const f = mode === "floor" ? Math.floor : mode === "ceil" ? Math.ceil : Math.round;
  if (grid === "off") return f(ticks) + 0; // no -0
  const seg = map.meterAt(ticks);
  const step = gridTicks(grid, map, ticks);
  let snapped = seg.startTick + f((ticks - seg.startTick) / step) * step;
  // The last grid line of a segment may overshoot the next meter's first bar line: that bar line is the line.
  const next = map.meters().find((m) => m.startTick > seg.startTick);
  if (next && snapped > next.startTick) snapped = next.startTick;
  if (mode === "round" && next && next.startTick - ticks < Math.abs(snapped - ticks)) snapped = next.startTick;
  return snapped + 0; // no -0
}
