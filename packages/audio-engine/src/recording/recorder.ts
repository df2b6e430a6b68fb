import type { AudioEngine } from "../engine";
import { TakeSegmenter, type CaptureSegment, type SegmenterEvent } from "./segmenter";
import type { InputCapture } from "./input";
import type { Seconds, Ticks } from "../units";

export interface RecordOptions {
  /** Where recording (and playing) starts; the count-in set on the engine plays before it. */
  fromTick: Ticks;
  /** Measured round trip (output → input) in seconds: a sample captured at context time t was played along with what the engine scheduled at t − latency. */
  latency: Seconds;
  /** Record only between two locators (ignored when loop recording). */
  punch?: { inTick: Ticks; outTick: Ticks } | null;
  /** One take per pass over the engine's loop range (the engine's loop must be on). */
  loop?: boolean;
  /** Channels of the takes (default: the input's). */
  channels?: 1 | 2;
  /** Chunk length (default 0.2 s; the protocol wants 100–250 ms). */
  chunkSeconds?: Seconds;
  onEvent: (event: SegmenterEvent) => void;
}

/**
 * Records takes against the engine's transport: plays from `fromTick` (with its count-in), maps each pass or
 * the punch range to capture frames (context time + measured latency), and hands the segmenter's takes and
 * chunks to `onEvent`. The maths that place a take (which frame is which tick) happen here once; after that
 * everything is sample counting.
 */
export class Recorder {
  private segmenter: TakeSegmenter | null = null;
  private unlisten: (() => void) | null = null;
  private latencyFrames = 0;
  active = false;

  constructor(
    private readonly engine: AudioEngine,
    private readonly input: InputCapture,
  ) {}

  get sampleRate(): number {
    return this.input.context.sampleRate;
  }

  start(opts: RecordOptions): void {
    if (this.active) throw new Error("Already recording");
    const engine = this.engine;
    const rate = this.sampleRate;
    this.latencyFrames = opts.latency * rate;
    engine.play(opts.fromTick);
    const timeline = engine.internals.scheduler.current;
    if (!timeline) throw new Error("The transport did not start");
    const map = engine.internals.map;
    const frameOf = (ctx: Seconds) => Math.round(ctx * rate + this.latencyFrames);
    const loop = opts.loop ? engine.internals.loopSpan() : null;
    const loopStartTick = engine.internals.loop.startTick;
    let segment: (k: number) => CaptureSegment | null;
    if (loop && timeline.loop) {
      segment = (k) => ({
        fromFrame: frameOf(timeline.passStartCtx(k)),
        toFrame: frameOf(timeline.passStartCtx(k + 1)),
        passIndex: k,
        startTick: k === 0 ? opts.fromTick : loopStartTick,
      });
    } else if (opts.punch && opts.punch.outTick > opts.punch.inTick) {
      const { inTick, outTick } = opts.punch;
      const fromFrame = frameOf(timeline.ctxTimeOf(map.ticksToSeconds(Math.max(inTick, opts.fromTick)), 0));
      const toFrame = frameOf(timeline.ctxTimeOf(map.ticksToSeconds(outTick), 0));
      segment = (k) =>
        k === 0 ? { fromFrame, toFrame, passIndex: 0, startTick: Math.max(inTick, opts.fromTick) } : null;
    } else {
      const fromFrame = frameOf(timeline.anchorCtx);
      segment = (k) => (k === 0 ? { fromFrame, toFrame: Infinity, passIndex: 0, startTick: opts.fromTick } : null);
    }
    const channels = opts.channels ?? (this.input.channelCount === 2 ? 2 : 1);
    const chunkFrames = Math.round((opts.chunkSeconds ?? 0.2) * rate);
    const segmenter = new TakeSegmenter({ channels, chunkFrames, segment, emit: opts.onEvent });
    this.segmenter = segmenter;
    this.unlisten = this.input.onBlock((b) => {
      segmenter.push(b.frame, b.channels);
      if (segmenter.done) this.release();
    });
    this.active = true;
  }

  /** Stops the transport and ends the open take at what was being played now (waits for the input to catch up). */
  async stop(): Promise<void> {
    const segmenter = this.segmenter;
    if (!segmenter) return;
    const stopFrame = Math.round(this.input.context.currentTime * this.sampleRate + this.latencyFrames);
    this.engine.stop();
    segmenter.stop(stopFrame);
    const deadline = performance.now() + 2000 + (this.latencyFrames / this.sampleRate) * 1000;
    while (!segmenter.done && performance.now() < deadline) {
      this.input.flush();
      await new Promise((r) => setTimeout(r, 50));
    }
    segmenter.finish();
    this.release();
  }

  private release(): void {
    this.unlisten?.();
    this.unlisten = null;
    this.segmenter = null;
    this.active = false;
  }
}
