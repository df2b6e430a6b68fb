import { LoudnessMeter } from "../loudness/meter";

/**
 * Normalize (issue 19): the clip gain that brings a clip's trimmed range to a peak level (dBFS) or a loudness
 * level (LUFS, BS.1770 integrated, the same meter the master view uses). The audio is measured at 0 dB clip gain
 * and never changed: the answer is a gain the model stores on the clip.
 */

export type NormalizeTarget = { mode: "peak"; dbfs: number } | { mode: "loudness"; lufs: number };

export interface ClipLevels {
  /** Highest absolute sample, dBFS (null for digital silence). */
  samplePeakDbfs: number | null;
  /** Gated integrated loudness, LUFS (null for silence or a range shorter than one 400 ms block). */
  integratedLufs: number | null;
}

/** Measures a clip's range fed in blocks (bounded memory: the meter keeps 3 s of state and its gating blocks). */
export class ClipLevelMeter {
  private readonly meter: LoudnessMeter;
  constructor(sampleRate: number, channels: number) {
    // True peak is not needed (sample peak is the normalize level) and is the costliest part of the meter.
    this.meter = new LoudnessMeter({ sampleRate, channels, truePeak: false });
  }
  push(planar: ArrayLike<number>[], frames = planar[0]?.length ?? 0): void {
    this.meter.push(planar, frames);
  }
  read(): ClipLevels {
    const r = this.meter.read();
    return { samplePeakDbfs: r.samplePeakDbfs, integratedLufs: r.integrated };
  }
}

export interface NormalizeGain {
  gainDb: number;
  /** The gain the target asked for lay outside the clip gain range and was clamped to it. */
  limited: boolean;
}

/**
 * The clip gain (dB, 0.1 steps, within [minDb, maxDb]) for `target`, or null when the level is unmeasurable.
 * A peak target rounds down, so the normalized peak never exceeds it; a loudness target rounds to nearest.
 */
export function normalizeGainDb(
  levels: ClipLevels,
  target: NormalizeTarget,
  range: { minDb: number; maxDb: number } = { minDb: -60, maxDb: 12 },
): NormalizeGain | null {
  const measured = target.mode === "peak" ? levels.samplePeakDbfs : levels.integratedLufs;
  if (measured === null || !Number.isFinite(measured)) return null;
  const wanted = (target.mode === "peak" ? target.dbfs : target.lufs) - measured;
  // Rounded on tenths: float noise (a float32 peak one ulp over, 5.999999) must not floor to the step below.
  const tenths = wanted * 10;
  const rounded = (target.mode === "peak" ? Math.floor(tenths + 1e-4) : Math.round(tenths)) / 10;
  const gainDb = Math.min(range.maxDb, Math.max(range.minDb, rounded));
  return { gainDb: gainDb + 0, limited: gainDb !== rounded };
}
