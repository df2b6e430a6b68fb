/**
 * "Match target": find the master gain that puts the limited export on a target integrated loudness. The limiter
 * takes more loudness away the harder it is driven, so one measurement is not enough. Two analysis passes over
 * the same (deterministic) render: pass 1 measures the raw mix; pass 2 runs a few gain → limiter → meter chains
 * side by side at gains from the naive estimate upwards, and interpolates the gain whose output hits the target.
 */
import { LoudnessMeter } from "../loudness/meter";
import { TruePeakLimiter } from "./true-peak-limiter";

/** Extra gain tried over the naive estimate, dB: limiting loses loudness, so the answer lies at or above 0. */
const OFFSETS_DB = [0, 1, 2.5, 4.5, 8];

interface Candidate {
  gainDb: number;
  gain: number;
  limiter: TruePeakLimiter;
  meter: LoudnessMeter;
}

export class MatchTargetPass {
  private readonly candidates: Candidate[];
  private readonly channels: number;

  constructor(o: {
    sampleRate: number;
    channels: number;
    rawIntegrated: number;
    targetLufs: number;
    ceilingDb: number;
  }) {
    this.channels = o.channels;
    const naive = o.targetLufs - o.rawIntegrated;
    this.candidates = OFFSETS_DB.map((offset) => ({
      gainDb: naive + offset,
      gain: Math.pow(10, (naive + offset) / 20),
      limiter: new TruePeakLimiter({ sampleRate: o.sampleRate, channels: o.channels, ceilingDb: o.ceilingDb }),
      // The limiter guards the peak; the meter only needs loudness.
      meter: new LoudnessMeter({ sampleRate: o.sampleRate, channels: o.channels, truePeak: false }),
    }));
    this.target = o.targetLufs;
  }

  private readonly target: number;

  push(planar: ArrayLike<number>[], frames = planar[0]?.length ?? 0): void {
    const scaled = Array.from({ length: this.channels }, () => new Float32Array(frames));
    const limited = Array.from({ length: this.channels }, () => new Float32Array(frames));
    for (const cand of this.candidates) {
      for (let c = 0; c < this.channels; c++) {
        const src = planar[c]!;
        const dst = scaled[c]!;
        for (let i = 0; i < frames; i++) dst[i] = src[i]! * cand.gain;
      }
      cand.limiter.process(scaled, limited, frames);
      cand.meter.push(limited, frames);
    }
  }

  /** The gain (dB) to export with, and the loudness each candidate reached (for the report). */
  result(): { gainDb: number; tried: { gainDb: number; integrated: number | null }[] } {
    for (const cand of this.candidates) cand.meter.push(cand.limiter.flush());
    const tried = this.candidates.map((c) => ({ gainDb: c.gainDb, integrated: c.meter.read().integrated }));
    const points = tried.filter((t): t is { gainDb: number; integrated: number } => t.integrated !== null);
    if (points.length === 0) return { gainDb: 0, tried };
    // Linear interpolation between the two candidates that bracket the target (extrapolate at the ends).
    let k = points.findIndex((p) => p.integrated >= this.target);
    if (k <= 0) k = k === 0 ? 1 : points.length - 1;
    if (points.length === 1) return { gainDb: points[0]!.gainDb + (this.target - points[0]!.integrated), tried };
    const a = points[k - 1]!;
    const b = points[k]!;
    const slope = (b.integrated - a.integrated) / (b.gainDb - a.gainDb);
    const gainDb = slope > 1e-6 ? a.gainDb + (this.target - a.integrated) / slope : b.gainDb;
    return { gainDb, tried };
  }
}
