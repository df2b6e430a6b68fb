import { choice, db, hz, ms, percent, toggle, type EffectSpec } from "./spec";

/** Note values a tempo-synced delay can take, in quarter notes (index stored as `note`). */
export const DELAY_NOTE_VALUES = [
  { name: "1/32", quarters: 0.125 },
  { name: "1/16", quarters: 0.25 },
  { name: "1/16·", quarters: 0.375 },
  { name: "1/8T", quarters: 1 / 3 },
  { name: "1/8", quarters: 0.5 },
  { name: "1/8·", quarters: 0.75 },
  { name: "1/4T", quarters: 2 / 3 },
  { name: "1/4", quarters: 1 },
  { name: "1/4·", quarters: 1.5 },
  { name: "1/2", quarters: 2 },
  { name: "1 bar", quarters: 4 },
] as const;

/** Algorithmic reverb: feedback delay network built synchronously, so an offline render never waits for an IR. */
export const REVERB: EffectSpec = {
  id: "reverb",
  name: "Reverb",
  params: [
    ms("predelay", "Pre-delay", 0, 200, 10),
    {
      id: "decay",
      label: "Decay",
      unit: "ms",
      min: 200,
      max: 10000,
      default: 1800,
      curve: "log",
      step: 1,
      automatable: false,
    },
    percent("size", "Size", 60),
    hz("damping", "Damping", 1000, 20000, 6000),
    hz("lowCut", "Low cut", 20, 1000, 150),
    percent("mix", "Mix", 100),
  ],
  presets: [
    { name: "Room", params: { decay: 700, size: 35, predelay: 5 } },
    { name: "Plate", params: { decay: 1800, size: 60, damping: 9000 } },
    { name: "Hall", params: { decay: 3500, size: 90, predelay: 25, damping: 5000 } },
  ],
};

export const DELAY: EffectSpec = {
  id: "delay",
  name: "Delay",
  params: [
    toggle("sync", "Sync to tempo", 1),
    choice(
      "note",
      "Note value",
      DELAY_NOTE_VALUES.map((n) => n.name),
      DELAY_NOTE_VALUES.findIndex((n) => n.name === "1/8·"),
    ),
    ms("time", "Time", 1, 2000, 375),
    percent("feedback", "Feedback", 35),
    toggle("pingPong", "Ping-pong", 0),
    hz("lowCut", "Low cut", 20, 2000, 200),
    hz("highCut", "High cut", 1000, 20000, 6000),
    percent("mix", "Mix", 30),
  ],
  presets: [
    { name: "Slapback", params: { sync: 0, time: 110, feedback: 10, mix: 25 } },
    { name: "Dotted eighth", params: { sync: 1, note: 5, feedback: 40, mix: 30 } },
    { name: "Wide ping-pong", params: { sync: 1, note: 7, feedback: 45, pingPong: 1, mix: 30 } },
  ],
};

export const CHORUS: EffectSpec = {
  id: "chorus",
  name: "Chorus",
  params: [
    {
      id: "rate",
      label: "Rate",
      unit: "Hz",
      min: 0.05,
      max: 10,
      default: 0.8,
      curve: "log",
      step: 0.01,
      automatable: true,
    },
    ms("depth", "Depth", 0.1, 10, 3),
    ms("delay", "Delay", 1, 30, 8),
    percent("spread", "Stereo spread", 100),
    percent("mix", "Mix", 50),
  ],
  presets: [
    { name: "Subtle widen", params: { rate: 0.4, depth: 1.5, mix: 35 } },
    { name: "Eighties", params: { rate: 1.2, depth: 4, mix: 60 } },
  ],
};

export const UTILITY: EffectSpec = {
  id: "utility",
  name: "Utility",
  params: [
    db("gain", "Gain", -36, 24, 0),
    { ...percent("width", "Stereo width", 100), max: 200 },
    toggle("mono", "Mono", 0),
    toggle("swap", "Swap L/R", 0),
  ],
  presets: [
    { name: "Mono check", params: { mono: 1 } },
    { name: "Wider", params: { width: 140 } },
  ],
};
