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
 * Metronome beats (units of the meter's denominator, counted from tick 0) whose time is in the timeline window
 * [fromSeconds, toSeconds); the same half-open, decided-in-seconds rule as the notes.
 */
export function beatsInWindow(map: TempoMap, fromSeconds: Seconds, toSeconds: Seconds): Beat[] {
  if (!(toSeconds > fromSeconds)) return [];
  const perBeat = map.ticksPerBeat;
  const first = Math.max(0, Math.floor(map.secondsToTicks(Math.max(0, fromSeconds)) / perBeat) - 1);
  const last = Math.ceil(map.secondsToTicks(Math.max(0, toSeconds)) / perBeat) + 1;
  const out: Beat[] = [];
  for (let i = first; i <= last; i++) {
    const tick = i * perBeat;
    const time = map.ticksToSeconds(tick);
    if (time < fromSeconds || time >= toSeconds) continue;
    out.push({ tick, time, downbeat: tick % map.ticksPerBar === 0 });
  }
  return out;
}

/** Seconds per tick of the tempo in force at `tick` (tempo changes only at bar starts, so a bar is uniform). */
export function secondsPerTickAt(map: TempoMap, tick: Ticks): Seconds {
  const segments = map.segments();
  let seg = segments[0];
  for (const s of segments) {
    if (s.startTick <= tick) seg = s;
    else break;
  }
  return (map.ticksToSeconds(seg.startTick + map.ticksPerBar) - seg.startSeconds) / map.ticksPerBar;
}

/** A count-in: its clicks (context seconds) and when the timeline starts after it. */
export interface CountIn {
  clicks: { time: Seconds; downbeat: boolean }[];
  /** Context time at which the playhead starts moving. */
  startCtx: Seconds;
}

/**
 * `bars` bars of clicks at the tempo in force at `fromTick`, beginning at context time `at`; the playhead
 * starts right after them. Each click time is `at + i · beat` (a product, no accumulation).
 */
export function planCountIn(map: TempoMap, fromTick: Ticks, bars: number, at: Seconds): CountIn {
  const beat = secondsPerTickAt(map, fromTick) * map.ticksPerBeat;
  const beatsPerBar = Math.round(map.ticksPerBar / map.ticksPerBeat);
  const n = Math.max(0, Math.floor(bars)) * beatsPerBar;
  const clicks = Array.from({ length: n }, (_, i) => ({ time: at + i * beat, downbeat: i % beatsPerBar === 0 }));
  return { clicks, startCtx: at + n * beat };
}
