import { ModelError } from "../errors";
import { isTimeSignature, type TimeSignature } from "../fields";
import { LIMITS } from "../schema";

/**
 * Musical time (ticks) ⇄ seconds, in one place. Pure: no Y types (read one from a doc with `readTempoMap`).
 *
 * The meter is constant; the tempo is constant within a segment and may change at bar starts. A "beat" is the
 * meter's denominator (an eighth in 6/8), and BPM counts those beats. Conversion is exact piecewise-linear
 * arithmetic over the segments (no accumulation per tick), with a binary search per lookup: O(log segments).
 */
export const PPQ = 960;

export interface TempoChange {
  /** 1-based bar where the new tempo starts; integer ≥ 2. */
  bar: number;
  /** 20..400. */
  bpm: number;
}

export interface TempoSegment {
  startTick: number;
  startSeconds: number;
  bpm: number;
}

export interface TempoMapInit {
  bpm: number;
  timeSignature: TimeSignature;
  changes?: readonly TempoChange[];
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

function checkBpm(bpm: unknown, what: string): number {
  if (typeof bpm !== "number" || !Number.isFinite(bpm) || bpm < LIMITS.tempoMinBpm || bpm > LIMITS.tempoMaxBpm) {
    throw new ModelError(
      "INVALID_TEMPO",
      `${what} must be between ${LIMITS.tempoMinBpm} and ${LIMITS.tempoMaxBpm} BPM (got ${String(bpm)}).`,
    );
  }
  return bpm;
}

export class TempoMap {
  readonly bpm: number;
  readonly timeSignature: TimeSignature;
  /** PPQ * 4 / denominator: 960 in x/4, 480 in x/8. */
  readonly ticksPerBeat: number;
  /** ticksPerBeat * numerator. */
  readonly ticksPerBar: number;
  private readonly segs: readonly TempoSegment[];
  /** Seconds per tick of each segment (parallel to segs). */
  private readonly rates: readonly number[];

  /** Throws ModelError (INVALID_TEMPO, INVALID_TIME_SIGNATURE, INVALID_BAR) on invalid input; a later change at the same bar wins. */
  constructor(init: TempoMapInit) {
    this.bpm = checkBpm(init.bpm, "The song tempo");
    if (!isTimeSignature(init.timeSignature)) {
      throw new ModelError("INVALID_TIME_SIGNATURE", "The time signature must be like 4/4, 3/4, 6/8 or 7/8.");
    }
    this.timeSignature = { numerator: init.timeSignature.numerator, denominator: init.timeSignature.denominator };
    this.ticksPerBeat = (PPQ * 4) / this.timeSignature.denominator;
    this.ticksPerBar = this.ticksPerBeat * this.timeSignature.numerator;

    const byBar = new Map<number, number>();
    for (const change of init.changes ?? []) {
      if (!Number.isInteger(change.bar) || change.bar < 2) {
        throw new ModelError(
          "INVALID_BAR",
          `A tempo change goes at the start of bar 2 or later (got ${String(change.bar)}).`,
        );
      }
      byBar.set(change.bar, checkBpm(change.bpm, `The tempo at bar ${change.bar}`));
    }
    const segs: TempoSegment[] = [{ startTick: 0, startSeconds: 0, bpm: this.bpm }];
    const rates: number[] = [this.secondsPerTick(this.bpm)];
    for (const bar of [...byBar.keys()].sort((a, b) => a - b)) {
      const prev = segs[segs.length - 1];
      const startTick = this.barToTicks(bar);
      segs.push({
        startTick,
        startSeconds: prev.startSeconds + (startTick - prev.startTick) * rates[rates.length - 1],
        bpm: byBar.get(bar)!,
      });
      rates.push(this.secondsPerTick(byBar.get(bar)!));
    }
    this.segs = segs;
    this.rates = rates;
  }

  private secondsPerTick(bpm: number): number {
    return 60 / (bpm * this.ticksPerBeat);
  }

  /** Index of the last segment whose start (in `key`) is ≤ value; 0 for values before the start. */
  private segmentIndex(value: number, key: "startTick" | "startSeconds"): number {
    let lo = 0;
    let hi = this.segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segs[mid][key] <= value) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Seconds from the song start; negative ticks extrapolate at the song tempo (count-in). */
  ticksToSeconds(ticks: number): number {
    const i = this.segmentIndex(ticks, "startTick");
    const seg = this.segs[i];
    return seg.startSeconds + (ticks - seg.startTick) * this.rates[i];
  }

  /** The inverse of ticksToSeconds; fractional ticks (round or snap before storing). */
  secondsToTicks(seconds: number): number {
    const i = this.segmentIndex(seconds, "startSeconds");
    const seg = this.segs[i];
    return seg.startTick + (seconds - seg.startSeconds) / this.rates[i];
  }

  /** 1-based: bar 1 → tick 0. */
  barToTicks(bar: number): number {
    return (bar - 1) * this.ticksPerBar;
  }

  /** Fractional, 1-based: tick 0 → 1, the middle of bar 1 → 1.5. */
  ticksToBar(ticks: number): number {
    return ticks / this.ticksPerBar + 1;
  }

  position(ticks: number): MusicalPosition {
    const barIndex = Math.floor(ticks / this.ticksPerBar);
    const inBar = ticks - barIndex * this.ticksPerBar;
    const beatIndex = Math.floor(inBar / this.ticksPerBeat);
    const inBeat = inBar - beatIndex * this.ticksPerBeat;
    const sixteenthIndex = Math.floor(inBeat / TICKS_PER_SIXTEENTH);
    return {
      bar: barIndex + 1,
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

  bpmAt(ticks: number): number {
    return this.segs[this.segmentIndex(ticks, "startTick")].bpm;
  }

  /** The constant-tempo segments, by start; the first starts at tick 0 with the song tempo. */
  segments(): readonly TempoSegment[] {
    return this.segs;
  }

  /** The tempo changes this map was built from (sorted, one per bar). */
  changes(): TempoChange[] {
    return this.segs.slice(1).map((s) => ({ bar: this.ticksToBar(s.startTick), bpm: s.bpm }));
  }
}
