import { db, hz, ms, type EffectSpec, type ParamSpec } from "./spec";

/** The multiband compressor's bands, in order, with their defaults (gentle: 2:1 glue on a master). */
export const MULTIBAND_BANDS = [
  { id: "low", label: "Low", threshold: -20, attack: 20, release: 200 },
  { id: "mid", label: "Mid", threshold: -18, attack: 10, release: 150 },
  { id: "high", label: "High", threshold: -20, attack: 5, release: 100 },
] as const;

const bandParams = MULTIBAND_BANDS.flatMap((b): ParamSpec[] => [
  db(`${b.id}Threshold`, `${b.label} threshold`, -60, 0, b.threshold),
  {
    id: `${b.id}Ratio`,
    label: `${b.label} ratio`,
    unit: "ratio",
    min: 1,
    max: 20,
    default: 2,
    curve: "log",
    step: 0.1,
    automatable: true,
  },
  ms(`${b.id}Attack`, `${b.label} attack`, 0.1, 200, b.attack),
  ms(`${b.id}Release`, `${b.label} release`, 5, 2000, b.release),
  db(`${b.id}Gain`, `${b.label} make-up`, -12, 12, 0),
]);

/**
 * 3-band compressor for the master (packages/dsp mastering/multiband-compressor.ts): Linkwitz–Riley 24 dB/oct
 * crossovers whose bands sum flat, a compressor per band. The two split ranges do not overlap, so the low split
 * is always below the high one whatever two bandmates drag at once.
 */
export const MULTIBAND: EffectSpec = {
  id: "multiband",
  name: "Multiband compressor",
  params: [
    hz("lowCross", "Low / mid split", 40, 1000, 150),
    hz("highCross", "Mid / high split", 1000, 16000, 3000),
    ...bandParams,
    db("output", "Output", -24, 24, 0),
  ],
  presets: [
    { name: "Master glue", params: {} },
    {
      name: "Tame the lows",
      params: { lowCross: 120, lowThreshold: -26, lowRatio: 4, lowAttack: 30, lowRelease: 250 },
    },
    { name: "De-harsh", params: { highCross: 5000, highThreshold: -30, highRatio: 3, highAttack: 2, highRelease: 80 } },
    {
      name: "Loud and even",
      params: { lowThreshold: -28, lowRatio: 3, midThreshold: -26, midRatio: 3, highThreshold: -28, highRatio: 3 },
    },
  ],
};

/**
 * The master's true-peak limiter (packages/dsp mastering/true-peak-limiter.ts, the export's limiter): the 4×
 * oversampled peak stays under the ceiling in dBTP. Its look-ahead is its latency, reported for delay compensation.
 */
export const TRUE_PEAK_LIMITER: EffectSpec = {
  id: "truePeakLimiter",
  name: "True-peak limiter",
  params: [
    db("gain", "Input gain", 0, 24, 0),
    { ...db("ceiling", "Ceiling (dBTP)", -12, 0, -1), step: 0.1 },
    { ...ms("lookahead", "Lookahead", 1, 20, 5), automatable: false },
    ms("release", "Release", 10, 1000, 80),
  ],
  presets: [
    { name: "Streaming (−1 dBTP)", params: { ceiling: -1 } },
    { name: "Club (−0.3 dBTP)", params: { ceiling: -0.3, release: 50 } },
    { name: "Loud master", params: { gain: 6, ceiling: -1, release: 60 } },
  ],
};
