import { ModelError } from "../errors";
import type { TimeSignature } from "../fields";
import { LIMITS } from "../schema";
import { MeterMap, PPQ, type MeterChange, type MeterSegment } from "./meter-map";

export { PPQ, type MeterChange, type MeterSegment } from "./meter-map";

/**
 * Musical time (ticks) ⇄ seconds, in one place. Pure: no Y types (read one from a doc with `readTempoMap`).
 *
 * Tempo changes may sit at any tick. Each is reached either instantly or by a linear ramp from the tempo before
 * it (accelerando / ritardando: the tempo is linear in ticks between the two changes). Meter changes sit at bar
 * starts (MeterMap) and only regroup beats: they never change how fast the music plays.
 *
 * BPM is counted in one unit for the whole song: the beat of the song's first meter (its denominator — an eighth
 * in 6/8), as the song sheet shows it. A meter change to another denominator therefore keeps the speed.
 *
 * Conversion is closed form per segment — constant: linear; ramp: seconds = 60/(U·k)·ln(bpm(t)/bpm₀) with
 * k the BPM change per tick and U the ticks per beat, inverted with exp — with a binary search per lookup:
 * O(log changes), no stepping and no accumulation.
 */

/** A tempo change as written by callers: at a tick, or (the bar-start API) at a bar. */
export interface TempoChangeInit {
  /** Tick where the tempo is reached; integer 1..maxTick. Takes precedence over `bar`. */
  tick?: number;
  /** 1-based bar start where the tempo is reached; integer ≥ 2 (used when `tick` is absent). */
  bar?: number;
  /** 20..400, in the song's beat. */
  bpm: number;
  /** True: the tempo glides linearly from the previous tempo to this one; false/absent: it jumps here. */
  ramp?: boolean;
}

/** A tempo change as readers see it. */
export interface TempoChange {
  tick: number;
  /** 1-based, fractional for a change inside a bar. */
  bar: number;
  bpm: number;
  ramp: boolean;
}

/** The tempo between one change (or the song start) and the next. */
export interface TempoSegment {
  startTick: number;
  startSeconds: number;
  /** Tempo at the segment start. */
  bpm: number;
  /** Tempo reached at the segment end: the next change's BPM when it is a ramp, else `bpm`. */
  endBpm: number;
  /** Tick where the next segment starts (Infinity for the last). */
  endTick: number;
}

export interface TempoMapInit {
  bpm: number;
  timeSignature: TimeSignature;
  changes?: readonly TempoChangeInit[];
  meters?: readonly MeterChange[];
}

export interface MusicalPosition {
  /** 1-based bar. */
  bar: number;
  /** 1-based beat in the bar (the meter's denominator: eighths in 6/8). */
  beat: number;
  /** 1-based sixteenth in the beat (1..2 in 6/8, always 1 in x/16 and x/32). */
  sixteenth: number;
  /** Ticks after that sixteenth, 0-based (0..239, fractional for fractional input). */
  tick: number;
}

const TICKS_PER_SIXTEENTH = PPQ / 4;
/** BPM differences below this are a constant tempo (keeps the ramp formula away from 0/0). */
const FLAT_BPM = 1e-9;

function checkBpm(bpm: unknown, what: string): number {
  if (typeof bpm !== "number" || !Number.isFinite(bpm) || bpm < LIMITS.tempoMinBpm || bpm > LIMITS.tempoMaxBpm) {
    throw new ModelError(
      "INVALID_TEMPO",
      `${what} must be between ${LIMITS.tempoMinBpm} and ${LIMITS.tempoMaxBpm} BPM (got ${String(bpm)}).`,
    );
  }
  return bpm;
}

function checkTick(tick: unknown): number {
  if (typeof tick !== "number" || !Number.isInteger(tick) || tick < 1 || tick > LIMITS.maxTick) {
    throw new ModelError(
      "INVALID_TICK",
      `A tempo change goes at a tick from 1 to ${LIMITS.maxTick} (tick 0 is the song tempo; got ${String(tick)}).`,
    );
  }
  return tick;
}

export class TempoMap {
  /** The tempo at the song start. */
  readonly bpm: number;
  /** The meter at the song start (bar 1). */
  readonly timeSignature: TimeSignature;
  /** Of the song's first meter (PPQ * 4 / denominator): also the unit BPM counts in. */
  readonly ticksPerBeat: number;
  /** Of the song's first meter; `meterAt(tick).ticksPerBar` for the bar at a tick. */
  readonly ticksPerBar: number;
  readonly meter: MeterMap;
  private readonly segs: readonly TempoSegment[];
  private readonly changeList: readonly TempoChange[];
  /** Parallel arrays of the segments, for the binary searches on the hot path. */
  private readonly startTicks: Float64Array;
  private readonly startSeconds: Float64Array;

  /** Throws ModelError (INVALID_TEMPO, INVALID_TIME_SIGNATURE, INVALID_BAR, INVALID_TICK); a later change at the same tick wins. */
  constructor(init: TempoMapInit) {
    this.bpm = checkBpm(init.bpm, "The song tempo");
    this.meter = new MeterMap(init.timeSignature, init.meters ?? []);
    const first = this.meter.segments()[0];
    this.timeSignature = { numerator: first.numerator, denominator: first.denominator };
    this.ticksPerBeat = first.ticksPerBeat;
    this.ticksPerBar = first.ticksPerBar;

    const byTick = new Map<number, { bpm: number; ramp: boolean }>();
    for (const c of init.changes ?? []) {
      let tick: number;
      if (c?.tick !== undefined) tick = checkTick(c.tick);
      else {
        if (typeof c?.bar !== "number" || !Number.isInteger(c.bar) || c.bar < 2) {
          throw new ModelError(
            "INVALID_BAR",
            `A tempo change goes at the start of bar 2 or later (got ${String(c?.bar)}).`,
          );
        }
        tick = checkTick(this.meter.barToTicks(c.bar));
      }
      byTick.set(tick, { bpm: checkBpm(c.bpm, `The tempo at tick ${tick}`), ramp: c.ramp === true });
    }
    const ticks = [...byTick.keys()].sort((a, b) => a - b);
    this.changeList = ticks.map((tick) => ({ tick, bar: this.meter.ticksToBar(tick), ...byTick.get(tick)! }));

    const segs: TempoSegment[] = [];
    let start = { tick: 0, seconds: 0, bpm: this.bpm };
    for (const change of this.changeList) {
      const endBpm = change.ramp ? change.bpm : start.bpm;
      const seg = { startTick: start.tick, startSeconds: start.seconds, bpm: start.bpm, endBpm, endTick: change.tick };
      segs.push(seg);
      start = { tick: change.tick, seconds: this.secondsIn(seg, change.tick), bpm: change.bpm };
    }
    segs.push({
      startTick: start.tick,
      startSeconds: start.seconds,
      bpm: start.bpm,
      endBpm: start.bpm,
      endTick: Infinity,
    });
    this.segs = segs;
    this.startTicks = Float64Array.from(segs, (s) => s.startTick);
    this.startSeconds = Float64Array.from(segs, (s) => s.startSeconds);
  }

  /** Seconds at `ticks` inside segment `seg` (closed form). */
  private secondsIn(seg: TempoSegment, ticks: number): number {
    const dt = ticks - seg.startTick;
    const unit = 60 / this.ticksPerBeat;
    const diff = seg.endBpm - seg.bpm;
    if (Math.abs(diff) < FLAT_BPM) return seg.startSeconds + (dt * unit) / seg.bpm;
    const k = diff / (seg.endTick - seg.startTick); // BPM per tick
    return seg.startSeconds + (unit * Math.log1p((k * dt) / seg.bpm)) / k;
  }

  /** Ticks at `seconds` inside segment `seg` (the inverse closed form). */
  private ticksIn(seg: TempoSegment, seconds: number): number {
    const ds = seconds - seg.startSeconds;
    const unit = 60 / this.ticksPerBeat;
    const diff = seg.endBpm - seg.bpm;
    if (Math.abs(diff) < FLAT_BPM) return seg.startTick + (ds * seg.bpm) / unit;
    const k = diff / (seg.endTick - seg.startTick);
    return seg.startTick + (seg.bpm * Math.expm1((ds * k) / unit)) / k;
  }

  private static lastAtOrBefore(starts: Float64Array, value: number): number {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= value) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Seconds from the song start; negative ticks extrapolate at the song tempo (count-in). */
  ticksToSeconds(ticks: number): number {
    if (ticks < 0) return (ticks * 60) / (this.ticksPerBeat * this.bpm);
    return this.secondsIn(this.segs[TempoMap.lastAtOrBefore(this.startTicks, ticks)], ticks);
  }

  /** The inverse of ticksToSeconds; fractional ticks (round or snap before storing). */
  secondsToTicks(seconds: number): number {
    if (seconds < 0) return (seconds * this.ticksPerBeat * this.bpm) / 60;
    return this.ticksIn(this.segs[TempoMap.lastAtOrBefore(this.startSeconds, seconds)], seconds);
  }

  /** 1-based: bar 1 → tick 0; follows meter changes. */
  barToTicks(bar: number): number {
    return this.meter.barToTicks(bar);
  }

  /** Fractional, 1-based: tick 0 → 1, the middle of bar 1 → 1.5; follows meter changes. */
  ticksToBar(ticks: number): number {
    return this.meter.ticksToBar(ticks);
  }

  /** The meter in force at `ticks`. */
  meterAt(ticks: number): MeterSegment {
    return this.meter.atTick(ticks);
  }

  /** Every meter in force, by start (bar 1's first). */
  meters(): readonly MeterSegment[] {
    return this.meter.segments();
  }

  position(ticks: number): MusicalPosition {
    const seg = this.meter.atTick(ticks);
    const rel = ticks - seg.startTick;
    const barIndex = Math.floor(rel / seg.ticksPerBar);
    const inBar = rel - barIndex * seg.ticksPerBar;
    const beatIndex = Math.floor(inBar / seg.ticksPerBeat);
    const inBeat = inBar - beatIndex * seg.ticksPerBeat;
    const sixteenthIndex = Math.floor(inBeat / TICKS_PER_SIXTEENTH);
    return {
      bar: seg.bar + barIndex,
      beat: beatIndex + 1,
      sixteenth: sixteenthIndex + 1,
      tick: inBeat - sixteenthIndex * TICKS_PER_SIXTEENTH,
    };
  }

  /** "bar.beat.sixteenth", e.g. tick 0 → "1.1.1". */
  formatPosition(ticks: number): string {
    const p = this.position(ticks);
    return `${p.bar}.${p.beat}.${p.sixteenth}`;
  }

  /** The tempo at `ticks` (inside a ramp: the linear interpolation; at a change: the new tempo). */
  bpmAt(ticks: number): number {
    if (ticks < 0) return this.bpm;
    const seg = this.segs[TempoMap.lastAtOrBefore(this.startTicks, ticks)];
    if (seg.endBpm === seg.bpm) return seg.bpm;
    return seg.bpm + ((seg.endBpm - seg.bpm) * (ticks - seg.startTick)) / (seg.endTick - seg.startTick);
  }

  /** Seconds per tick at `ticks` (the instantaneous rate inside a ramp). */
  secondsPerTickAt(ticks: number): number {
    return 60 / (this.bpmAt(ticks) * this.ticksPerBeat);
  }

  /** The segments between changes, by start; the first starts at tick 0 with the song tempo. */
  segments(): readonly TempoSegment[] {
    return this.segs;
  }

  /** The tempo changes this map was built from (sorted by tick, one per tick). */
  changes(): TempoChange[] {
    return this.changeList.map((c) => ({ ...c }));
  }

  /**
   * Beats (of the meter in force) whose tick is in [fromTick, toTick), with whether each starts a bar — what
   * the metronome clicks and the ruler draws. Counted per meter segment, so accents follow meter changes.
   */
  beatsBetween(fromTick: number, toTick: number): { tick: number; downbeat: boolean }[] {
    const out: { tick: number; downbeat: boolean }[] = [];
    const segs = this.meter.segments();
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      const end = Math.min(toTick, segs[i + 1]?.startTick ?? Infinity);
      if (end <= fromTick || seg.startTick >= toTick) continue;
      const firstBeat = Math.max(0, Math.ceil((fromTick - seg.startTick) / seg.ticksPerBeat));
      for (let b = firstBeat; ; b++) {
        const tick = seg.startTick + b * seg.ticksPerBeat;
        if (tick >= end) break;
        out.push({ tick, downbeat: b % seg.numerator === 0 });
      }
    }
    return out;
  }
}
