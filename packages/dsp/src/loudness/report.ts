/** The loudness report of a file or an export: the JSON shape the CLI prints and exports store. */
import type { LoudnessMeter, LoudnessPoint } from "./meter";

export interface LoudnessReport {
  integrated: number | null;
  lra: number | null;
  truePeakDbtp: number | null;
  samplePeakDbfs: number | null;
  momentaryMax: number | null;
  shortTermMax: number | null;
  durationSeconds: number;
  /** [t, LUFS] with t the end of the 0.4 s / 3 s window; null for silence. */
  momentarySeries?: LoudnessPoint[];
  shortTermSeries?: LoudnessPoint[];
}

const round = (x: number | null, digits: number) => (x === null ? null : Number(x.toFixed(digits)));
const roundSeries = (s: LoudnessPoint[]): LoudnessPoint[] => s.map(([t, l]) => [round(t, 3)!, round(l, 2)]);

/** Values rounded to what a meter can honestly show (0.01 LU; 0.001 dB for peaks), series optional. */
export function loudnessReport(meter: LoudnessMeter, withSeries: boolean): LoudnessReport {
  const r = meter.read();
  return {
    integrated: round(r.integrated, 2),
    lra: round(r.lra, 2),
    truePeakDbtp: round(r.truePeakDbtp, 3),
    samplePeakDbfs: round(r.samplePeakDbfs, 3),
    momentaryMax: round(r.momentaryMax, 2),
    shortTermMax: round(r.shortTermMax, 2),
    durationSeconds: round(r.durationSeconds, 3)!,
    ...(withSeries
      ? { momentarySeries: roundSeries(meter.momentarySeries), shortTermSeries: roundSeries(meter.shortTermSeries) }
      : {}),
  };
}
