/**
 * Captured audio → takes → numbered chunks. Pure (no Web Audio), so Node tests drive it with synthetic blocks.
 *
 * The capture worklet hands over blocks of planar PCM stamped with the context frame of their first sample.
 * A recording is a series of segments in that capture-frame space — one for a plain take or a punch between
 * locators, one per pass when loop recording — each becoming its own take. The segmenter cuts the blocks
 * exactly at segment edges (sample accurate; nothing dropped or repeated at a loop wrap) and emits chunks of
 * exactly `chunkFrames` frames (the last one of a take shorter), channel-interleaved Float32.
 */

export interface CaptureSegment {
  /** First capture frame (context frame of the input) that belongs to the take. */
  fromFrame: number;
  /** One past the last frame; Infinity while the end is not known (stop() sets it). */
  toFrame: number;
  passIndex: number;
  /** Where the take's sample 0 sits on the timeline. */
  startTick: number;
}

export type SegmenterEvent =
  | { type: "take-start"; passIndex: number; startTick: number }
  | { type: "chunk"; passIndex: number; seq: number; frames: number; pcm: Float32Array }
  | { type: "take-end"; passIndex: number; chunkCount: number; totalFrames: number };

export interface SegmenterOptions {
  channels: 1 | 2;
  chunkFrames: number;
  /** Segment k (0, 1, …), or null when there is no k-th segment (e.g. not loop recording). */
  segment: (k: number) => CaptureSegment | null;
  emit: (event: SegmenterEvent) => void;
}

export class TakeSegmenter {
  private k = 0;
  private seg: CaptureSegment | null;
  private open = false;
  private seq = 0;
  private total = 0;
  private buffer: Float32Array;
  private filled = 0;
  private finished = false;
  /** Last capture frame seen (one past). */
  private seenUntil = -Infinity;

  constructor(private readonly opts: SegmenterOptions) {
    this.seg = opts.segment(0);
    this.buffer = new Float32Array(opts.chunkFrames * opts.channels);
  }

  get done(): boolean {
    return this.finished;
  }

  /** One past the last capture frame handed in so far. */
  get capturedUntil(): number {
    return this.seenUntil;
  }

  /**
   * Adds a block: `channels[c][i]` is capture frame `startFrame + i`. A mono input feeding a stereo take is
   * duplicated; a stereo input feeding a mono take is averaged.
   */
  push(startFrame: number, channels: readonly Float32Array[]): void {
    if (this.finished || channels.length === 0) return;
    const length = channels[0].length;
    this.seenUntil = startFrame + length;
    let i = 0;
    while (i < length && this.seg) {
      const frame = startFrame + i;
      if (frame >= this.seg.toFrame) {
        this.closeSegment();
        continue;
      }
      if (frame < this.seg.fromFrame) {
        i = Math.min(length, this.seg.fromFrame - startFrame);
        continue;
      }
      if (!this.open) this.openSegment();
      const end = Math.min(length, this.seg.toFrame - startFrame, i + (this.opts.chunkFrames - this.filled));
      this.copy(channels, i, end);
      i = end;
      if (this.filled === this.opts.chunkFrames) this.flushChunk();
    }
    if (this.seg && this.seenUntil >= this.seg.toFrame) this.closeSegment();
    if (!this.seg) this.finished = true;
  }

  /** Ends the recording at capture frame `frame`: the open take ends there (no later segment starts). */
  stop(frame: number): void {
    if (this.finished) return;
    if (this.seg && frame < this.seg.toFrame) this.seg = { ...this.seg, toFrame: Math.max(frame, this.seg.fromFrame) };
    if (this.seg && this.seenUntil >= this.seg.toFrame) {
      this.closeSegment(true);
      this.finished = true;
    } else if (this.seg && !this.open && frame <= this.seg.fromFrame) {
      // Stopped before the take began (e.g. during the count-in or before the punch-in): nothing recorded.
      this.seg = null;
      this.finished = true;
    }
    this.stopAt = frame;
  }

  /** Gives up on frames not yet captured: closes the open take with what it has. */
  finish(): void {
    if (this.finished) return;
    if (this.open) this.closeSegment(true);
    this.seg = null;
    this.finished = true;
  }

  private stopAt = Infinity;

  private openSegment(): void {
    this.open = true;
    this.seq = 0;
    this.total = 0;
    this.filled = 0;
    this.opts.emit({ type: "take-start", passIndex: this.seg!.passIndex, startTick: this.seg!.startTick });
  }

  private closeSegment(last = false): void {
    const seg = this.seg!;
    if (this.open) {
      if (this.filled > 0) this.flushChunk();
      this.opts.emit({ type: "take-end", passIndex: seg.passIndex, chunkCount: this.seq, totalFrames: this.total });
      this.open = false;
    }
    this.k++;
    const next = last ? null : this.opts.segment(this.k);
    this.seg = next && next.fromFrame < this.stopAt ? { ...next, toFrame: Math.min(next.toFrame, this.stopAt) } : null;
  }

  private copy(channels: readonly Float32Array[], from: number, to: number): void {
    const out = this.buffer;
    const n = this.opts.channels;
    const inCh = channels.length;
    let o = this.filled * n;
    for (let i = from; i < to; i++) {
      if (n === 1) {
        let s = 0;
        for (let c = 0; c < inCh; c++) s += channels[c][i];
        out[o++] = inCh === 1 ? s : s / inCh;
      } else {
        out[o++] = channels[0][i]!;
        out[o++] = channels[Math.min(1, inCh - 1)][i]!;
      }
    }
    this.filled += to - from;
  }

  private flushChunk(): void {
    const frames = this.filled;
    const pcm = this.buffer.slice(0, frames * this.opts.channels);
    this.opts.emit({ type: "chunk", passIndex: this.seg!.passIndex, seq: this.seq++, frames, pcm });
    this.total += frames;
    this.filled = 0;
  }
}
