import { choice, db, ms, percent, type EffectSpec } from "./spec";

/** Side-chain source is not a parameter (it names a strip): it is the insert's `sidechain` field. */
export const COMPRESSOR: EffectSpec = {
  id: "compressor",
  name: "Compressor",
  params: [
    db("threshold", "Threshold", -60, 0, -18),
    {
      id: "ratio",
      label: "Ratio",
      unit: "ratio",
      min: 1,
      max: 20,
      default: 4,
      curve: "log",
      step: 0.1,
      automatable: true,
    },
    db("knee", "Knee", 0, 24, 6),
    ms("attack", "Attack", 0.1, 200, 10),
    ms("release", "Release", 5, 2000, 120),
    db("makeup", "Make-up", 0, 24, 0),
    percent("mix", "Mix", 100),
  ],
  presets: [
    { name: "Gentle glue", params: { threshold: -14, ratio: 2, knee: 12, attack: 30, release: 200 } },
    { name: "Vocal level", params: { threshold: -20, ratio: 4, knee: 6, attack: 5, release: 80, makeup: 4 } },
    { name: "Drum smash", params: { threshold: -30, ratio: 12, knee: 0, attack: 1, release: 60, makeup: 8, mix: 40 } },
  ],
};

export const GATE: EffectSpec = {
  id: "gate",
  name: "Gate / expander",
  params: [
    db("threshold", "Threshold", -80, 0, -45),
    db("hysteresis", "Hysteresis", 0, 20, 4),
    db("range", "Range", -80, 0, -80),
    ms("attack", "Attack", 0.1, 50, 0.5),
    ms("hold", "Hold", 0, 500, 20),
    ms("release", "Release", 5, 2000, 100),
  ],
  presets: [
    { name: "Tom gate", params: { threshold: -30, hold: 60, release: 150 } },
    { name: "Soft expander", params: { threshold: -50, range: -12, release: 250 } },
  ],
};

/** A true brickwall: lookahead (its latency, reported for delay compensation) and a ceiling nothing passes. */
export const LIMITER: EffectSpec = {
  id: "limiter",
  name: "Limiter",
  params: [
    db("gain", "Input gain", 0, 24, 0),
    db("ceiling", "Ceiling", -12, 0, -1),
    { ...ms("lookahead", "Lookahead", 0.5, 10, 5), automatable: false },
    ms("release", "Release", 5, 1000, 80),
  ],
  presets: [
    { name: "Safety", params: { gain: 0, ceiling: -1 } },
    { name: "Loud master", params: { gain: 6, ceiling: -1, release: 60 } },
  ],
};

export const SATURATION: EffectSpec = {
  id: "saturation",
  name: "Saturation",
  params: [
    db("drive", "Drive", 0, 36, 6),
    {
      id: "tone",
      label: "Tone",
      unit: "Hz",
      min: 500,
      max: 20000,
      default: 12000,
      curve: "log",
      step: 1,
      automatable: true,
    },
    choice("shape", "Shape", ["Tape", "Tube", "Hard clip"], 0),
    db("output", "Output", -24, 6, 0),
    percent("mix", "Mix", 100),
  ],
  presets: [
    { name: "Warmth", params: { drive: 4, tone: 14000, mix: 60 } },
    { name: "Crunch", params: { drive: 18, shape: 1, tone: 6000, output: -6 } },
  ],
};
