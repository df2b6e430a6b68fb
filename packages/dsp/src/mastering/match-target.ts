/**
 * "Match target": find the master gain that puts the limited export on a target integrated loudness. The limiter
 * takes more loudness away the harder it is driven, so one measurement is not enough. Analysis passes over the
 * same (deterministic) render: the raw mix is measured first; then a pass runs several gain → limiter → meter
 * chains side by side on a coarse grid of gains from the naive estimate upwards (limiting only loses loudness),
 * and a last pass refines on a fine grid around the coarse answer; each interpolates between the two gains that
 * bracket the target.
 */
import { LoudnessMeter } from "../loudness/meter";
import { TruePeakLimiter } from "./true-peak-limiter";

/** Coarse grid: extra gain over the naive estimate, dB (the answer lies at or above 0). */
export const COARSE_OFFSETS_DB = [0, 1.5, 3, 5, 8, 12, 17, 24];
/** Fine grid around the coarse answer, dB. */
export const FINE_OFFSETS_DB = [-0.6, -0.3, 0, 0.3, 0.6];

interface Candidate {
  gainDb: number;
  gain: number;
  limiter: TruePeakLimiter;
  meter: LoudnessMeter;
}

export class MatchTargetPass {
  private readonly candidates: Candidate[];
  private readonly channels: number;
  /** Detects true peaks once for every candidate (same options as theirs). */
  private readonly detector: TruePeakLimiter;

  constructor(o: {
    sampleRate: number;
    channels: number;
    rawIntegrated: number;
    targetLufs: number;
    ceilingDb: number;
    /** The gains to try; default the coarse grid above `targetLufs − rawIntegrated`. */
    gainsDb?: number[];
  }) {
    this.channels = o.channels;
    const naive = o.targetLufs - o.rawIntegrated;
    const gains = o.gainsDb ?? COARSE_OFFSETS_DB.map((d) => naive + d);
    this.candidates = gains.map((gainDb) => ({
      gainDb,
      gain: Math.pow(10, gainDb / 20),
      limiter: new TruePeakLimiter({ sampleRate: o.sampleRate, channels: o.channels, ceilingDb: o.ceilingDb }),
      // The limiter guards the peak; the meter only needs loudness.
      meter: new LoudnessMeter({ sampleRate: o.sampleRate, channels: o.channels, truePeak: false }),
    }));
    this.target = o.targetLufs;
    this.detector = new TruePeakLimiter({ sampleRate: o.sampleRate, channels: o.channels, ceilingDb: o.ceilingDb });
  }

  private readonly target: number;

  push(planar: ArrayLike<number>[], frames = planar[0]?.length ?? 0): void {
    const peaks = this.detector.detect(planar, frames);
    const limited = Array.from({ length: this.channels }, () => new Float32Array(frames));
    for (const cand of this.candidates) {
      cand.limiter.applyPeaks(planar, peaks, cand.gain, limited, frames);
      cand.meter.push(limited, frames);
    }
  }

  /** The gain (dB) to export with, and the loudness each candidate reached (for the report). */
  result(): { gainDb: number; tried: { gainDb: number; integrated: number | null }[] } {
    const tail = Array.from({ length: this.channels }, () => new Float32Array(this.detector.latency));
    const peaks = this.detector.detect(tail, tail[0].length);
    const out = Array.from({ length: this.channels }, () => new Float32Array(tail[0].length));
    for (const cand of this.candidates) {
      cand.limiter.applyPeaks(tail, peaks, cand.gain, out, tail[0].length);
      cand.meter.push(out);
    }
    const tried = this.candidates.map((c) => ({ gainDb: c.gainDb, integrated: c.meter.read().integrated }));
    const points = tried.filter((t): t is { gainDb: number; integrated: number } => t.integrated !== null);
    if (points.length === 0) return { gainDb: 0, tried };
    // Linear interpolation between the two candidates that bracket the target (extrapolate at the ends).
    let k = points.findIndex((p) => p.integrated >= this.target);
    if (k <= 0) k = k === 0 ? 1 : points.length - 1;
    if (points.length === 1) return { gainDb: points[0].gainDb + (this.target - points[0].integrated), tried };
    const a = points[k - 1];
    const b = points[k];
    const slope = (b.integrated - a.integrated) / (b.gainDb - a.gainDb);
    const gainDb = slope > 1e-6 ? a.gainDb + (this.target - a.integrated) / slope : b.gainDb;
    return { gainDb, tried };
  }
}
