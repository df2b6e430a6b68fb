/**
 * The export's master chain after the mix: master gain → true-peak limiter → loudness meter, in that order, so
 * the meter measures exactly the samples handed to the encoder. Streaming, latency-compensated: output frame 0 is
 * input frame 0 (the limiter's look-ahead is dropped at the start and flushed at the end), so stems and mixes
 * stay sample-aligned with the song.
 */
import { LoudnessMeter } from "../loudness/meter";
import { TruePeakLimiter } from "./true-peak-limiter";

export interface MasterChainOptions {
  sampleRate: number;
  channels: number;
  /** Gain before the limiter, dB. */
  gainDb: number;
  /** Ceiling in dBTP; null = no limiter (bypassed chain, e.g. for stems that must sum to the mix). */
  ceilingDb: number | null;
  /** Record the meter's series (seconds between points); default none. */
  seriesInterval?: number;
}

export class MasterChain {
  readonly meter: LoudnessMeter;
  private readonly limiter: TruePeakLimiter | null;
  private readonly gain: number;
  private readonly channels: number;
  /** Limiter output still to drop (its look-ahead at the start). */
  private toSkip: number;

  constructor(o: MasterChainOptions) {
    this.channels = o.channels;
    this.gain = Math.pow(10, o.gainDb / 20);
    this.limiter =
      o.ceilingDb === null
        ? null
        : new TruePeakLimiter({ sampleRate: o.sampleRate, channels: o.channels, ceilingDb: o.ceilingDb });
    this.toSkip = this.limiter?.latency ?? 0;
    this.meter = new LoudnessMeter({
      sampleRate: o.sampleRate,
      channels: o.channels,
      ...(o.seriesInterval ? { seriesInterval: o.seriesInterval } : {}),
    });
  }

  /** Processes a block; returns the frames ready for the encoder (fewer than given at the very start). */
  process(planar: ArrayLike<number>[], frames = planar[0]?.length ?? 0): Float32Array[] {
    const scaled = planar.map((ch) => {
      const out = new Float32Array(frames);
      for (let i = 0; i < frames; i++) out[i] = ch[i] * this.gain;
      return out;
    });
    if (!this.limiter) return this.emit(scaled, frames);
    const limited = Array.from({ length: this.channels }, () => new Float32Array(frames));
    this.limiter.process(scaled, limited, frames);
    return this.emit(limited, frames);
  }

  /** The frames still inside the limiter at the end of the input. */
  finish(): Float32Array[] {
    if (!this.limiter) return Array.from({ length: this.channels }, () => new Float32Array(0));
    const tail = this.limiter.flush();
    return this.emit(tail, tail[0].length);
  }

  get maxReductionDb(): number {
    return this.limiter?.maxReductionDb ?? 0;
  }

  private emit(block: Float32Array[], frames: number): Float32Array[] {
    const skip = Math.min(this.toSkip, frames);
    this.toSkip -= skip;
    const out = skip === 0 ? block : block.map((ch) => ch.subarray(skip, frames));
    if (frames - skip > 0) this.meter.push(out, frames - skip);
    return out;
  }
}

/** Gain that moves a measured integrated loudness onto a target (null when the programme is silent). */
export function gainToTarget(measuredLufs: number | null, targetLufs: number): number | null {
  return measuredLufs === null ? null : targetLufs - measuredLufs;
}

export interface LoudnessTarget {
  id: "streaming" | "apple" | "ebu" | "podcast" | "club" | "custom";
  label: string;
  lufs: number;
  ceilingDbtp: number;
}

/** The presets the issue names: integrated loudness and true-peak ceiling. */
export const LOUDNESS_TARGETS: readonly LoudnessTarget[] = [
  { id: "streaming", label: "Streaming (−14 LUFS, −1 dBTP)", lufs: -14, ceilingDbtp: -1 },
  { id: "apple", label: "Apple Music (−16 LUFS, −1 dBTP)", lufs: -16, ceilingDbtp: -1 },
  { id: "ebu", label: "EBU R128 broadcast (−23 LUFS, −1 dBTP)", lufs: -23, ceilingDbtp: -1 },
  { id: "podcast", label: "Podcast (−16 LUFS, −1 dBTP)", lufs: -16, ceilingDbtp: -1 },
  { id: "club", label: "Club (−9 LUFS, −0.3 dBTP)", lufs: -9, ceilingDbtp: -0.3 },
];

/** A person's target choice: a preset id, "custom" with its own numbers, or "none" (master gain as set). */
export interface LoudnessTargetChoice {
  id: LoudnessTarget["id"] | "none";
  customLufs: number;
  customCeilingDbtp: number;
}

/** The loudness and ceiling a choice stands for (null for "none"); custom values are clamped to sane ranges. */
export function resolveLoudnessTarget(c: LoudnessTargetChoice): { lufs: number; ceilingDbtp: number } | null {
  if (c.id === "none") return null;
  if (c.id === "custom")
    return {
      lufs: Math.min(0, Math.max(-60, c.customLufs)),
      ceilingDbtp: Math.min(0, Math.max(-20, c.customCeilingDbtp)),
    };
  const t = LOUDNESS_TARGETS.find((x) => x.id === c.id);
  return t ? { lufs: t.lufs, ceilingDbtp: t.ceilingDbtp } : null;
}
