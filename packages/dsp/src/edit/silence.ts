/**
 * Strip silence analysis (issue 19): which stretches of a clip hold sound, found from the clip's samples.
 *
 * Samples, not the server's peaks: peaks are one min/max per block of hundreds of frames, so a boundary found from
 * them is only good to a block, and a pre-roll of a few milliseconds would be lost in that rounding. Reading the
 * samples costs one pass over the clip's trimmed range, which the detector takes in blocks of any size (a Range
 * request streamed from the server): its state is a handful of numbers plus the regions found, so a 30-minute take
 * is analysed in bounded memory.
 *
 * A frame is "sound" when any channel's absolute sample reaches the threshold. A gap between sound frames at
 * least `minSilenceFrames` long is silence; everything between silences is one sounding stretch, from its first
 * sound frame to one past its last (exact to the frame). A stretch whose sounding part is shorter than
 * `minKeepFrames` is dropped (clicks); the rest are widened by the pre- and post-roll, clipped to the clip, and
 * stretches whose rolls meet are merged.
 */

export interface SilenceOptions {
  sampleRate: number;
  /** Level (dBFS, sample peak) at or above which a frame counts as sound. */
  thresholdDb: number;
  /** A gap must be at least this long (seconds) to split the clip. */
  minSilenceSeconds: number;
  /** A sounding stretch shorter than this (seconds, before rolls) is dropped. */
  minKeepSeconds: number;
  /** Kept before each stretch's first sound (seconds), so attacks are not cut. */
  preRollSeconds: number;
  /** Kept after each stretch's last sound (seconds), so tails are not cut. */
  postRollSeconds: number;
}

/** Frames [startFrame, endFrame) from the analysed range's first frame. */
export interface SoundRegion {
  startFrame: number;
  endFrame: number;
}

export const SILENCE_DEFAULTS = {
  thresholdDb: -48,
  minSilenceSeconds: 0.25,
  minKeepSeconds: 0.05,
  preRollSeconds: 0.01,
  postRollSeconds: 0.05,
} as const;

const toFrames = (seconds: number, rate: number) => Math.max(0, Math.round(seconds * rate));

export class SilenceDetector {
  private readonly threshold: number;
  private readonly minSilence: number;
  private readonly minKeep: number;
  private readonly pre: number;
  private readonly post: number;
  /** Frames analysed so far. */
  private frames = 0;
  /** The open stretch: its first and one past its last sound frame (-1 = none open). */
  private first = -1;
  private last = -1;
  /** Sounding stretches closed so far, before rolls. */
  private readonly stretches: SoundRegion[] = [];

  constructor(options: SilenceOptions) {
    const { sampleRate: rate } = options;
    if (!(rate > 0)) throw new RangeError("sample rate must be positive");
    if (!Number.isFinite(options.thresholdDb)) throw new RangeError("threshold must be a number of dBFS");
    this.threshold = 10 ** (options.thresholdDb / 20);
    this.minSilence = Math.max(1, toFrames(options.minSilenceSeconds, rate));
    this.minKeep = toFrames(options.minKeepSeconds, rate);
    this.pre = toFrames(options.preRollSeconds, rate);
    this.post = toFrames(options.postRollSeconds, rate);
  }

  /** Feeds the next `frames` frames of planar channels (one array per channel). */
  push(planar: ArrayLike<number>[], frames = planar[0]?.length ?? 0): void {
    const t = this.threshold;
    for (let i = 0; i < frames; i++) {
      let loud = false;
      for (let c = 0; c < planar.length; c++) {
        const v = planar[c][i];
        if (v >= t || v <= -t) {
          loud = true;
          break;
        }
      }
      if (!loud) continue;
      const at = this.frames + i;
      if (this.first >= 0 && at - this.last >= this.minSilence) this.close();
      if (this.first < 0) this.first = at;
      this.last = at + 1;
    }
    this.frames += frames;
  }

  private close(): void {
    if (this.last - this.first >= Math.max(1, this.minKeep))
      this.stretches.push({ startFrame: this.first, endFrame: this.last });
    this.first = -1;
    this.last = -1;
  }

  /** Frames analysed so far (progress). */
  get analysedFrames(): number {
    return this.frames;
  }

  /**
   * The regions to keep for everything pushed so far (the open stretch included), rolls applied and merged.
   * Callable at any time: a preview can show what has been found while the rest is still read.
   */
  regions(): SoundRegion[] {
    const all = [...this.stretches];
    if (this.first >= 0 && this.last - this.first >= Math.max(1, this.minKeep))
      all.push({ startFrame: this.first, endFrame: this.last });
    const out: SoundRegion[] = [];
    for (const s of all) {
      const startFrame = Math.max(0, s.startFrame - this.pre);
      const endFrame = Math.min(this.frames, s.endFrame + this.post);
      const prev = out[out.length - 1];
      if (prev && startFrame <= prev.endFrame) prev.endFrame = Math.max(prev.endFrame, endFrame);
      else out.push({ startFrame, endFrame });
    }
    return out;
  }
}

/** The whole analysis of one in-memory signal (tests, short clips). */
export function findSoundRegions(planar: ArrayLike<number>[], options: SilenceOptions): SoundRegion[] {
  const detector = new SilenceDetector(options);
  detector.push(planar);
  return detector.regions();
}
