import type { Seconds } from "../units";

/**
 * When each relayed chunk of a bandmate's take starts, for listening live (live-player.ts): chunks play
 * back-to-back, `delay` behind the first one's arrival, so jitter below the delay is inaudible.
 *
 * A chunk that arrives after its slot (a stall longer than the delay) re-anchors playback: a short gap instead of
 * a pile-up. Each re-anchor also lengthens the delay (×1.5, up to `maxDelay`), as adaptive jitter buffers do: a
 * link or a machine that stalls once tends to stall again, and with a fixed delay every further stall was another
 * gap. The delay never shrinks within a take (that would mean dropping audio the listener has not heard yet).
 */
export class LiveSchedule {
  private base: Seconds | null = null;
  private delayNow: Seconds;
  private anchors = 0;

  constructor(
    private readonly sampleRate: number,
    delay: Seconds = 0.3,
    private readonly maxDelay: Seconds = 1.2,
    /** A slot closer to now than this is treated as missed (the chunk's start would be cut). */
    private readonly margin: Seconds = 0.02,
  ) {
    this.delayNow = Math.min(delay, maxDelay);
  }

  /** Context time at which the chunk whose first frame is `startFrame` of the take starts, given `now`. */
  startTime(startFrame: number, now: Seconds): Seconds {
    const offset = startFrame / this.sampleRate;
    if (this.base === null) {
      this.base = now + this.delayNow - offset;
      this.anchors = 1;
    } else if (this.base + offset < now + this.margin) {
      this.delayNow = Math.min(this.maxDelay, this.delayNow * 1.5);
      this.base = now + this.delayNow - offset;
      this.anchors++;
    }
    return this.base + offset;
  }

  /** The delay now in use behind the stream's arrival. */
  get delay(): Seconds {
    return this.delayNow;
  }

  /** Gaps so far: times playback had to re-anchor after the first chunk. */
  get gaps(): number {
    return Math.max(0, this.anchors - 1);
  }
}
