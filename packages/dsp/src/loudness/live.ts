/**
 * The live loudness meter's core: what the master output's AudioWorklet runs on each 128-frame render quantum.
 * It is the whole-buffer LoudnessMeter (the same K-weighting, windows, gating, LRA and true peak — so the live
 * numbers are the offline numbers), plus what a live display needs: a history point (momentary and short-term)
 * every `pointSeconds` of audio, and a reading to post every `postSeconds`. Time is counted in frames heard since
 * the last reset, never in wall-clock time, so the history is exact however late the page reads it.
 */
import { LoudnessMeter, type LoudnessReading } from "./meter";

export interface LiveLoudnessPoint {
  /** Seconds of audio since the reset, at the end of the block the point was taken on. */
  t: number;
  momentary: number | null;
  shortTerm: number | null;
}

/** What the worklet posts to the page. */
export interface LiveLoudnessUpdate {
  reading: LoudnessReading;
  /** History points since the previous update, oldest first. */
  points: LiveLoudnessPoint[];
  /** Counts resets, so the page can drop updates measured before one it asked for. */
  generation: number;
}

export interface LiveLoudnessOptions {
  sampleRate: number;
  channels: number;
  /** Seconds of audio between history points; default 0.1 (the EBU 10 Hz short-term rate). */
  pointSeconds?: number;
  /** Seconds of audio between updates; default 0.1. */
  postSeconds?: number;
}

export class LiveLoudness {
  readonly meter: LoudnessMeter;
  private readonly pointFrames: number;
  private readonly postFrames: number;
  private frames = 0;
  private nextPointAt: number;
  private nextPostAt: number;
  private pending: LiveLoudnessPoint[] = [];
  private generation = 0;

  constructor(o: LiveLoudnessOptions) {
    this.meter = new LoudnessMeter({ sampleRate: o.sampleRate, channels: o.channels });
    this.pointFrames = Math.max(1, Math.round((o.pointSeconds ?? 0.1) * o.sampleRate));
    this.postFrames = Math.max(1, Math.round((o.postSeconds ?? 0.1) * o.sampleRate));
    this.nextPointAt = this.pointFrames;
    this.nextPostAt = this.postFrames;
  }

  /** Measures one block (planar); returns an update when one is due, else null. */
  process(planar: ArrayLike<number>[], frames = planar[0]?.length ?? 0): LiveLoudnessUpdate | null {
    if (frames === 0) return null;
    this.meter.push(planar, frames);
    this.frames += frames;
    const t = this.frames / this.meter.sampleRate;
    if (this.frames >= this.nextPointAt) {
      this.pending.push({ t, ...this.meter.windows() });
      // One point per block at most: a late block must not invent points it did not measure.
      while (this.nextPointAt <= this.frames) this.nextPointAt += this.pointFrames;
    }
    if (this.frames < this.nextPostAt) return null;
    while (this.nextPostAt <= this.frames) this.nextPostAt += this.postFrames;
    const points = this.pending;
    this.pending = [];
    return { reading: this.meter.read(), points, generation: this.generation };
  }

  /** Starts measuring afresh (the Reset button): integrated, LRA, maxima, peaks and history. */
  reset(): void {
    this.meter.reset();
    this.frames = 0;
    this.nextPointAt = this.pointFrames;
    this.nextPostAt = this.postFrames;
    this.pending = [];
    this.generation++;
  }
}
