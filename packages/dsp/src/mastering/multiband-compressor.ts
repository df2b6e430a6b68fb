/**
 * A 3-band compressor for the master: a Linkwitz–Riley crossover (crossover.ts) splits the signal, each band
 * runs its own CompressorCore (the single-band compressor's static curve and ballistics, packages/dsp mix), gets
 * its own make-up gain, and the bands are summed. When no band compresses the output is the input through an
 * all-pass: the same magnitude at every frequency (unit tested), so inserting it changes nothing until it works.
 */
import { CompressorCore, type CompressorSettings } from "../mix/dynamics";
import { dbToGain } from "../mix/gain";
import { ThreeBandCrossover, type CrossoverFrequencies } from "./crossover";

export type BandSettings = Omit<CompressorSettings, "mix">;

export interface MultibandSettings extends CrossoverFrequencies {
  low: BandSettings;
  mid: BandSettings;
  high: BandSettings;
  /** Gain after the sum, dB. */
  outputDb: number;
}

export const MULTIBAND_BANDS = ["low", "mid", "high"] as const;
export type MultibandBand = (typeof MULTIBAND_BANDS)[number];

export class MultibandCompressorCore {
  private readonly crossover: ThreeBandCrossover;
  private readonly cores: Record<MultibandBand, CompressorCore>;
  private outputGain: number;
  private bands: Record<MultibandBand, Float32Array[]>;

  constructor(
    settings: MultibandSettings,
    sampleRate: number,
    private readonly channels: number,
  ) {
    this.crossover = new ThreeBandCrossover(channels, sampleRate, settings);
    const core = (b: BandSettings) => new CompressorCore({ ...b, mix: 1 }, sampleRate);
    this.cores = { low: core(settings.low), mid: core(settings.mid), high: core(settings.high) };
    this.outputGain = dbToGain(settings.outputDb);
    this.bands = this.allocate(128);
  }

  update(settings: MultibandSettings): void {
    this.crossover.setFrequencies(settings);
    for (const b of MULTIBAND_BANDS) this.cores[b].update({ ...settings[b], mix: 1 });
    this.outputGain = dbToGain(settings.outputDb);
  }

  /** Gain reduction per band now, dB (≤ 0), for the band meters. */
  get gainReductionDb(): Record<MultibandBand, number> {
    return {
      low: this.cores.low.gainReductionDb,
      mid: this.cores.mid.gainReductionDb,
      high: this.cores.high.gainReductionDb,
    };
  }

  /** Processes planar channels in place. */
  process(channels: Float32Array[]): void {
    const frames = channels[0]?.length ?? 0;
    if (frames === 0) return;
    if (this.bands.low[0].length < frames) this.bands = this.allocate(frames);
    const view = (b: MultibandBand) => this.bands[b].map((ch) => ch.subarray(0, frames));
    const low = view("low");
    const mid = view("mid");
    const high = view("high");
    this.crossover.split(channels, low, mid, high, frames);
    this.cores.low.process(low);
    this.cores.mid.process(mid);
    this.cores.high.process(high);
    const g = this.outputGain;
    for (let c = 0; c < this.channels; c++) {
      const out = channels[c];
      const l = low[c];
      const m = mid[c];
      const h = high[c];
      for (let i = 0; i < frames; i++) out[i] = (l[i] + m[i] + h[i]) * g;
    }
  }

  private allocate(frames: number): Record<MultibandBand, Float32Array[]> {
    const make = () => Array.from({ length: this.channels }, () => new Float32Array(frames));
    return { low: make(), mid: make(), high: make() };
  }
}
