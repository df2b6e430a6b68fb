import type { MeterSegment, TempoMap } from "@bandspace/model";
import { barStep } from "./canvas";

/** One bar line the ruler or grid draws. */
export interface VisibleBar {
  /** 1-based bar number. */
  bar: number;
  tick: number;
  meter: MeterSegment;
  /** Bars between drawn lines in this meter at this zoom (a power of two). */
  step: number;
}

/**
 * The bar lines in [fromTick, toTick], walking the meter segments so bar lengths follow meter changes. At
 * small zoom only every `step`-th bar of a segment is drawn (at least `minPx` apart), counted from bar 1 of
 * the song so labels stay stable while scrolling; a meter change's first bar is always drawn.
 */
export function visibleBars(
  map: TempoMap,
  fromTick: number,
  toTick: number,
  pxPerTick: number,
  minPx: number,
): VisibleBar[] {
  const out: VisibleBar[] = [];
  const segs = map.meters();
  for (let i = 0; i < segs.length; i++) {
    const meter = segs[i];
    const end = segs[i + 1]?.startTick ?? Infinity;
    if (end < fromTick || meter.startTick > toTick) continue;
    const step = barStep(meter.ticksPerBar * pxPerTick, minPx);
    const firstIndex = Math.max(0, Math.floor((fromTick - meter.startTick) / meter.ticksPerBar));
    for (let k = firstIndex; ; k++) {
      const tick = meter.startTick + k * meter.ticksPerBar;
      if (tick > toTick || tick >= end) break;
      const bar = meter.bar + k;
      if (k === 0 || (bar - 1) % step === 0) out.push({ bar, tick, meter, step });
    }
  }
  return out;
}
