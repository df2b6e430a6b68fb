import { db, hz, toggle, type EffectSpec, type ParamSpec } from "./spec";

/**
 * Parametric EQ: high-pass, low shelf, three bells, high shelf, low-pass — one biquad each (packages/dsp
 * biquad.ts designs them; the engine plays them as BiquadFilterNodes with the same coefficients). Bands are
 * numbered 1…7 in that order; a band that is off passes the signal untouched.
 */
export const EQ_BANDS = [
  { band: 1, kind: "highpass", label: "High-pass", frequency: 40, on: 0 },
  { band: 2, kind: "lowshelf", label: "Low shelf", frequency: 120, on: 1 },
  { band: 3, kind: "peaking", label: "Bell 1", frequency: 400, on: 1 },
  { band: 4, kind: "peaking", label: "Bell 2", frequency: 1500, on: 1 },
  { band: 5, kind: "peaking", label: "Bell 3", frequency: 4000, on: 1 },
  { band: 6, kind: "highshelf", label: "High shelf", frequency: 8000, on: 1 },
  { band: 7, kind: "lowpass", label: "Low-pass", frequency: 18000, on: 0 },
] as const;

const q = (id: string, label: string, def: number): ParamSpec => ({
  id,
  label,
  unit: "Q",
  min: 0.1,
  max: 18,
  default: def,
  curve: "log",
  step: 0.01,
  automatable: true,
});

const bandParams = EQ_BANDS.flatMap((b): ParamSpec[] => {
  const p = `b${b.band}`;
  // "band 2 (Low shelf) gain": the label a compare line and a knob's tooltip read.
  const label = `band ${b.band} (${b.label})`;
  const out: ParamSpec[] = [
    toggle(`${p}On`, `${label} on`, b.on),
    hz(`${p}Freq`, `${label} frequency`, 20, 20000, b.frequency),
  ];
  if (b.kind !== "highpass" && b.kind !== "lowpass") out.push(db(`${p}Gain`, `${label} gain`, -24, 24, 0));
  if (b.kind !== "lowshelf" && b.kind !== "highshelf")
    out.push(q(`${p}Q`, `${label} Q`, b.kind === "peaking" ? 1 : 0.71));
  return out;
});

export const EQ: EffectSpec = {
  id: "eq",
  name: "EQ",
  params: [...bandParams, db("output", "Output", -24, 24, 0)],
  presets: [
    { name: "Flat", params: {} },
    { name: "Vocal presence", params: { b1On: 1, b1Freq: 90, b4Gain: 2.5, b4Freq: 3000, b6Gain: 2 } },
    { name: "Bass tighten", params: { b1On: 1, b1Freq: 35, b2Gain: 2, b3Freq: 300, b3Gain: -3, b3Q: 1.4 } },
    { name: "Kick punch", params: { b2Freq: 60, b2Gain: 3, b3Freq: 400, b3Gain: -4, b5Freq: 3500, b5Gain: 3 } },
  ],
};
