import type { Seconds } from "../units";

/** The loop range in timeline seconds, [start, end). */
export interface LoopSpan {
  start: Seconds;
  end: Seconds;
}

/** A stretch of context time that plays one contiguous stretch of the timeline. */
export interface TimelineSegment {
  /** Context seconds [ctxStart, ctxEnd). */
  ctxStart: Seconds;
  ctxEnd: Seconds;
  /** Timeline seconds [from, to) played in it. */
  from: Seconds;
  to: Seconds;
  /** Loop pass: 0 from the anchor to the first loop end, then 1, 2 … */
  pass: number;
  /** Context seconds at which this pass plays timeline second `passStart`: ctx = passCtx + (s − passStart). */
  passCtx: Seconds;
  passStart: Seconds;
}

/**
 * Where the timeline is at every context time while playing: anchored at (anchorCtx ↔ anchorSeconds), wrapping
 * at the loop end when looping. Pass k ≥ 1 starts at `anchorCtx + (loop.end − anchorSeconds) + (k − 1)·length`
 * — a product, never a running sum, so the thousandth pass is as exact as the first. A start at or after the
 * loop end plays straight on (as DAWs do). Pure and immutable: a tempo or loop change makes a new one anchored
 * where scheduling has reached.
 */
export class PlaybackTimeline {
  private readonly looping: boolean;

  constructor(
    readonly anchorCtx: Seconds,
    readonly anchorSeconds: Seconds,
    readonly loop: LoopSpan | null,
  ) {
    this.looping = loop !== null && loop.end > loop.start && anchorSeconds < loop.end;
  }

  get loopLength(): Seconds {
    return this.loop ? this.loop.end - this.loop.start : 0;
  }

  /** Context time at which pass `k` begins. */
  passStartCtx(k: number): Seconds {
    if (k === 0) return this.anchorCtx;
    if (!this.looping) return Infinity;
    const loop = this.loop!;
    return this.anchorCtx + (loop.end - this.anchorSeconds) + (k - 1) * (loop.end - loop.start);
  }

  /** Timeline second at which pass `k` begins. */
  passStartSeconds(k: number): Seconds {
    return k === 0 ? this.anchorSeconds : this.loop!.start;
  }

  /** The pass playing at context time `ctx` (0 before the anchor). */
  passAt(ctx: Seconds): number {
    if (!this.looping || ctx < this.passStartCtx(1)) return 0;
    const length = this.loopLength;
    let k = 1 + Math.max(0, Math.floor((ctx - this.passStartCtx(1)) / length));
    // Settle on the same comparisons `segments` uses, whatever the rounding of the estimate.
    while (this.passStartCtx(k + 1) <= ctx) k++;
    while (k > 1 && this.passStartCtx(k) > ctx) k--;
    return k;
  }

  /** The timeline second heard at context time `ctx` (the anchor's before it, e.g. during a count-in). */
  secondsAt(ctx: Seconds): Seconds {
    if (ctx <= this.anchorCtx) return this.anchorSeconds;
    const k = this.passAt(ctx);
    const s = this.passStartSeconds(k) + (ctx - this.passStartCtx(k));
    return this.looping ? Math.min(s, this.loop!.end) : s;
  }

  /** Context time of timeline second `seconds` in pass `pass`. */
  ctxTimeOf(seconds: Seconds, pass: number): Seconds {
    return this.passStartCtx(pass) + (seconds - this.passStartSeconds(pass));
  }

  /**
   * The timeline stretches played during context time [ctxFrom, ctxTo), split at every loop wrap, so a window
   * that crosses the loop end also covers the loop start of the next pass. Consecutive windows [a, b), [b, c)
   * give consecutive timeline stretches with identical boundaries.
   */
  segments(ctxFrom: Seconds, ctxTo: Seconds, maxSegments = 10_000): TimelineSegment[] {
    const out: TimelineSegment[] = [];
    let from = Math.max(ctxFrom, this.anchorCtx);
    if (!(ctxTo > from)) return out;
    let k = this.passAt(from);
    while (out.length < maxSegments) {
      const passCtx = this.passStartCtx(k);
      const passStart = this.passStartSeconds(k);
      const passEndCtx = this.looping ? this.passStartCtx(k + 1) : Infinity;
      const end = Math.min(ctxTo, passEndCtx);
      let fromSeconds = passStart + (from - passCtx);
      let toSeconds = end === passEndCtx ? this.loop!.end : passStart + (end - passCtx);
      if (this.looping) {
        fromSeconds = Math.min(fromSeconds, this.loop!.end);
        toSeconds = Math.min(toSeconds, this.loop!.end);
      }
      if (toSeconds > fromSeconds) {
        out.push({ ctxStart: from, ctxEnd: end, from: fromSeconds, to: toSeconds, pass: k, passCtx, passStart });
      }
      if (end >= ctxTo) break;
      from = end;
      k++;
    }
    return out;
  }
}
