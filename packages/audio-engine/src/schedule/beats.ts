import type { TempoMap } from "@bandspace/model";
import type { Seconds, Ticks } from "../units";

/** One metronome click on the timeline. */
export interface Beat {
  tick: Ticks;
  /** Timeline seconds. */
  time: Seconds;
  /** The first beat of a bar (accented). */
  downbeat: boolean;
}

/**
 * Metronome beats (units of the meter in force, counted per meter segment so accents follow meter changes)
 * whose time is in the timeline window [fromSeconds, toSeconds); the same half-open, decided-in-seconds rule
 * as the notes. Times come from the TempoMap, so clicks follow mid-bar changes and ramps exactly.
 */
export function beatsInWindow(map: TempoMap, fromSeconds: Seconds, toSeconds: Seconds): Beat[] {
  if (!(toSeconds > fromSeconds)) return [];
  // One tick of margin each side: the window is decided in seconds, below.
  const fromTick = Math.max(0, Math.floor(map.secondsToTicks(Math.max(0, fromSeconds))) - 1);
  const toTick = Math.ceil(map.secondsToTicks(Math.max(0, toSeconds))) + 1;
  const out: Beat[] = [];
  for (const { tick, downbeat } of map.beatsBetween(fromTick, toTick)) {
    const time = map.ticksToSeconds(tick);
    if (time < fromSeconds || time >= toSeconds) continue;
    out.push({ tick, time, downbeat });
  }
  return out;
}

/** Seconds per tick of the tempo at `tick` (inside a ramp: the tempo at that instant). */
export function secondsPerTickAt(map: TempoMap, tick: Ticks): Seconds {
  return map.secondsPerTickAt(Math.max(0, tick));
}

/** A count-in: its clicks (context seconds) and when the timeline starts after it. */
export interface CountIn {
  clicks: { time: Seconds; downbeat: boolean }[];
  /** Context time at which the playhead starts moving. */
  startCtx: Seconds;
}

/**
 * `bars` bars of clicks in the meter and at the tempo in force at `fromTick`, beginning at context time `at`;
 * the playhead starts right after them. Each click time is `at + i · beat` (a product, no accumulation).
 */
export function planCountIn(map: TempoMap, fromTick: Ticks, bars: number, at: Seconds): CountIn {
  const meter = map.meterAt(Math.max(0, fromTick));
  const beat = secondsPerTickAt(map, fromTick) * meter.ticksPerBeat;
  const beatsPerBar = meter.numerator;
  const n = Math.max(0, Math.floor(bars)) * beatsPerBar;
  const clicks = Array.from({ length: n }, (_, i) => ({ time: at + i * beat, downbeat: i % beatsPerBar === 0 }));
  return { clicks, startCtx: at + n * beat };
}
