import { ModelError } from "../errors";
import { isTimeSignature, type TimeSignature } from "../fields";
import { LIMITS } from "../schema";

/** Ticks per quarter note, everywhere in the document. */
export const PPQ = 960;

/** A time signature that starts at a bar. Meter changes happen only at bar starts (bar 1 is the song's meter). */
export interface MeterChange {
  /** 1-based bar where the meter starts; integer 2..tempoChangeMaxBar. */
  bar: number;
  numerator: number;
  denominator: number;
}

/** A run of bars in one meter. */
export interface MeterSegment extends MeterChange {
  /** Tick of the segment's first bar. */
  startTick: number;
  /** PPQ * 4 / denominator: 960 in x/4, 480 in x/8. */
  ticksPerBeat: number;
  /** ticksPerBeat * numerator. */
  ticksPerBar: number;
}

export function checkTimeSignature(raw: unknown, what: string): TimeSignature {
  if (!isTimeSignature(raw)) {
    throw new ModelError(
      "INVALID_TIME_SIGNATURE",
      `${what} must be like 4/4, 3/4, 6/8 or 7/8 (numerator 1..${LIMITS.timeSignatureMaxNumerator}, denominator 1, 2, 4, 8, 16 or 32).`,
    );
  }
  return { numerator: raw.numerator, denominator: raw.denominator };
}

export function checkMeterBar(raw: unknown): number {
  if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 2 || raw > LIMITS.tempoChangeMaxBar) {
    throw new ModelError(
      "INVALID_BAR",
      `A meter change goes at the start of a bar from 2 to ${LIMITS.tempoChangeMaxBar} (bar 1 uses the song's meter; got ${String(raw)}).`,
    );
  }
  return raw;
}

function segmentOf(bar: number, startTick: number, meter: TimeSignature): MeterSegment {
  const ticksPerBeat = (PPQ * 4) / meter.denominator;
  return {
    bar,
    startTick,
    numerator: meter.numerator,
    denominator: meter.denominator,
    ticksPerBeat,
    ticksPerBar: ticksPerBeat * meter.numerator,
  };
}

/**
 * Bars and beats under meter changes. Meter changes are keyed by bar, so a bar number always names the same
 * musical bar: inserting a 3/4 bar earlier moves later meter changes in ticks but never off a bar line.
 * Pure and immutable; lookups are binary searches.
 */
export class MeterMap {
  private readonly segs: readonly MeterSegment[];

  /** A later change at the same bar wins; a change repeating the meter before it is dropped. */
  constructor(start: TimeSignature, changes: readonly MeterChange[] = []) {
    const byBar = new Map<number, TimeSignature>();
    for (const c of changes) byBar.set(checkMeterBar(c?.bar), checkTimeSignature(c, `The meter at bar ${c.bar}`));
    const segs: MeterSegment[] = [segmentOf(1, 0, checkTimeSignature(start, "The song's time signature"))];
    for (const bar of [...byBar.keys()].sort((a, b) => a - b)) {
      const prev = segs[segs.length - 1];
      const meter = byBar.get(bar)!;
      if (meter.numerator === prev.numerator && meter.denominator === prev.denominator) continue;
      segs.push(segmentOf(bar, prev.startTick + (bar - prev.bar) * prev.ticksPerBar, meter));
    }
    this.segs = segs;
  }

  /** Every meter in force, by start; the first is bar 1's. */
  segments(): readonly MeterSegment[] {
    return this.segs;
  }

  /** The meter segment holding `ticks` (the first one for negative ticks). */
  atTick(ticks: number): MeterSegment {
    let lo = 0;
    let hi = this.segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segs[mid].startTick <= ticks) lo = mid;
      else hi = mid - 1;
    }
    return this.segs[lo];
  }

  /** The meter segment holding a (possibly fractional) 1-based bar. */
  atBar(bar: number): MeterSegment {
    let lo = 0;
    let hi = this.segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segs[mid].bar <= bar) lo = mid;
      else hi = mid - 1;
    }
    return this.segs[lo];
  }

  barToTicks(bar: number): number {
    const seg = this.atBar(bar);
    return seg.startTick + (bar - seg.bar) * seg.ticksPerBar;
  }

  ticksToBar(ticks: number): number {
    const seg = this.atTick(ticks);
    return seg.bar + (ticks - seg.startTick) / seg.ticksPerBar;
  }
}
