import { PEAK_FULL_SCALE, PEAK_LEVEL_FRAMES, choosePeakLevel } from "@bandspace/dsp";
import { PEAK_TILE_BINS, type PeakTile } from "./PeakTileCache";

/**
 * What a waveform canvas shows: `columns` pixel columns over frames [fromFrame, toFrame) of a take, each the
 * min/max of the bins under it (so no transient between columns is dropped), from the coarsest pyramid level
 * with at least one bin per column.
 */
export interface PeakView {
  fromFrame: number;
  toFrame: number;
  columns: number;
}

export interface PeakPlan {
  level: number;
  framesPerPeak: number;
  /** Bins [fromBin, toBin) of the level under the view. */
  fromBin: number;
  toBin: number;
}

export function planPeaks(view: PeakView): PeakPlan {
  const framesPerColumn = (view.toFrame - view.fromFrame) / Math.max(1, view.columns);
  const level = choosePeakLevel(framesPerColumn);
  const spp = PEAK_LEVEL_FRAMES[level];
  return {
    level,
    framesPerPeak: spp,
    fromBin: Math.max(0, Math.floor(view.fromFrame / spp)),
    toBin: Math.max(0, Math.ceil(view.toFrame / spp)),
  };
}

/**
 * Column envelopes in [-1, 1]: out[2x] = min, out[2x + 1] = max, NaN where no tile covers the column yet (or the
 * take ends before it). `tileAt(i)` returns the tile with index i of the plan's level, if it is at hand. `lane`:
 * one channel of a stereo take (0 left, 1 right); absent, or a mono take: the channels merged.
 */
export function peakColumns(
  view: PeakView,
  plan: PeakPlan,
  tileAt: (tile: number) => PeakTile | undefined,
  lane?: number,
): Float32Array {
  const out = new Float32Array(view.columns * 2).fill(Number.NaN);
  const fpc = (view.toFrame - view.fromFrame) / Math.max(1, view.columns);
  const spp = plan.framesPerPeak;
  let tileIndex = -1;
  let tile: PeakTile | undefined;
  for (let x = 0; x < view.columns; x++) {
    const f0 = view.fromFrame + x * fpc;
    const b0 = Math.floor(f0 / spp);
    const b1 = Math.max(b0 + 1, Math.ceil((f0 + fpc) / spp));
    let lo = Infinity;
    let hi = -Infinity;
    for (let b = b0; b < b1; b++) {
      const t = Math.floor(b / PEAK_TILE_BINS);
      if (t !== tileIndex) {
        tileIndex = t;
        tile = tileAt(t);
      }
      if (!tile || b < tile.from || b >= tile.to) continue;
      const bins = (lane !== undefined && tile.lanes?.[lane]) || tile.bins;
      const i = (b - tile.from) * 2;
      if (bins[i] < lo) lo = bins[i]!;
      if (bins[i + 1] > hi) hi = bins[i + 1]!;
    }
    if (lo <= hi) {
      out[x * 2] = lo / PEAK_FULL_SCALE;
      out[x * 2 + 1] = hi / PEAK_FULL_SCALE;
    }
  }
  return out;
}
