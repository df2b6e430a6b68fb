import { automationValueAt } from "@bandspace/dsp";
import type { AutomationLane } from "@bandspace/model";

/**
 * The automated value of a lane at `tick` — what its knob shows as the song plays — evaluated by the same
 * curve code (packages/dsp) whose segments the engine schedules; `fallback` (the knob's own value) when the
 * lane is off or empty. Pure: Node tests import it directly.
 */
export function laneValueAt(lane: AutomationLane, tick: number, fallback: number): number {
  if (!lane.enabled) return fallback;
  return automationValueAt(
    lane.points.map((p) => ({ at: p.tick, value: p.value, shape: p.shape, tension: p.tension })),
    tick,
    fallback,
  );
}
