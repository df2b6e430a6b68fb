/**
 * Effect parameters as data (DESIGN.md "Parameters are data"): each effect declares its parameters once — id,
 * unit, range, default, display curve — and the model's validation, the engine's node mapping, automation and
 * the UI's knobs all read that one table. Every value is stored as a number: toggles as 0/1, choices as the
 * index into `choices`.
 */
export type ParamUnit = "Hz" | "dB" | "ms" | "%" | "ratio" | "Q" | "" | "note";

/** How a knob's travel maps onto the range: linear, logarithmic (frequencies, times), on/off, or a list. */
export type ParamCurve = "linear" | "log" | "toggle" | "choice";

export interface ParamSpec {
  /** Stable key in the stored params map. Never reuse one. */
  readonly id: string;
  readonly label: string;
  readonly unit: ParamUnit;
  readonly min: number;
  readonly max: number;
  readonly default: number;
  readonly curve: ParamCurve;
  /** Stored values are rounded to this step (so concurrent drags compare equal on every peer). */
  readonly step: number;
  /** For "choice": the names of the values 0 … n−1. */
  readonly choices?: readonly string[];
  /** May automation lanes drive it? (Choices that rebuild a node, e.g. a filter type, may not.) */
  readonly automatable?: boolean;
}

export interface EffectPreset {
  readonly name: string;
  readonly params: Readonly<Record<string, number>>;
}

export interface EffectSpec {
  /** Stable id stored in the document. */
  readonly id: string;
  readonly name: string;
  readonly params: readonly ParamSpec[];
  readonly presets: readonly EffectPreset[];
}

/** Shorthands that keep the tables one line per parameter. */
export const hz = (id: string, label: string, min: number, max: number, def: number): ParamSpec => ({
  id,
  label,
  unit: "Hz",
  min,
  max,
  default: def,
  curve: "log",
  step: 0.1,
  automatable: true,
});
export const db = (id: string, label: string, min: number, max: number, def: number): ParamSpec => ({
  id,
  label,
  unit: "dB",
  min,
  max,
  default: def,
  curve: "linear",
  step: 0.1,
  automatable: true,
});
export const ms = (id: string, label: string, min: number, max: number, def: number): ParamSpec => ({
  id,
  label,
  unit: "ms",
  min,
  max,
  default: def,
  curve: "log",
  step: 0.01,
  automatable: true,
});
export const percent = (id: string, label: string, def: number): ParamSpec => ({
  id,
  label,
  unit: "%",
  min: 0,
  max: 100,
  default: def,
  curve: "linear",
  step: 0.1,
  automatable: true,
});
export const toggle = (id: string, label: string, def: 0 | 1): ParamSpec => ({
  id,
  label,
  unit: "",
  min: 0,
  max: 1,
  default: def,
  curve: "toggle",
  step: 1,
  automatable: true,
});
export const choice = (id: string, label: string, choices: readonly string[], def: number): ParamSpec => ({
  id,
  label,
  unit: "",
  min: 0,
  max: choices.length - 1,
  default: def,
  curve: "choice",
  step: 1,
  choices,
  automatable: false,
});

/** The nearest stored value: clamped into the range and rounded to the step. Junk reads as the default. */
export function coerceParam(spec: ParamSpec, raw: unknown): number {
  if (typeof raw !== "number" || !Number.isFinite(raw)) return spec.default;
  const clamped = Math.min(spec.max, Math.max(spec.min, raw));
  const decimals = Math.max(0, -Math.floor(Math.log10(spec.step) + 1e-9));
  const stepped = Number((Math.round(clamped / spec.step) * spec.step).toFixed(decimals));
  return Math.min(spec.max, Math.max(spec.min, stepped));
}

export function isValidParam(spec: ParamSpec, raw: unknown): raw is number {
  return typeof raw === "number" && coerceParam(spec, raw) === raw;
}

/** "1.2 kHz", "−3.0 dB", "12 ms", "40 %", "4.0:1", "On", "Bell". */
export function formatParam(spec: ParamSpec, value: number): string {
  const v = coerceParam(spec, value);
  switch (spec.curve) {
    case "toggle":
      return v >= 0.5 ? "On" : "Off";
    case "choice":
      return spec.choices?.[Math.round(v)] ?? String(v);
    default:
      break;
  }
  const minus = (s: string) => s.replace(/^-/, "−");
  switch (spec.unit) {
    case "Hz":
      return v >= 1000 ? `${(v / 1000).toFixed(v >= 10000 ? 1 : 2)} kHz` : `${v.toFixed(v < 100 ? 1 : 0)} Hz`;
    case "dB":
      return `${v > 0 ? "+" : ""}${minus(v.toFixed(1))} dB`;
    case "ms":
      return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`;
    case "%":
      return `${Math.round(v)} %`;
    case "ratio":
      return `${v.toFixed(1)}:1`;
    case "Q":
      return `Q ${v.toFixed(2)}`;
    default:
      return minus(String(v));
  }
}

/** Where a value sits on a knob's travel, 0 … 1 (log ranges travel in octaves), and back. */
export function paramToNormal(spec: ParamSpec, value: number): number {
  const v = coerceParam(spec, value);
  if (spec.curve === "log" && spec.min > 0) return Math.log(v / spec.min) / Math.log(spec.max / spec.min);
  return spec.max === spec.min ? 0 : (v - spec.min) / (spec.max - spec.min);
}

export function normalToParam(spec: ParamSpec, normal: number): number {
  const n = Math.min(1, Math.max(0, normal));
  if (spec.curve === "log" && spec.min > 0) return coerceParam(spec, spec.min * Math.pow(spec.max / spec.min, n));
  return coerceParam(spec, spec.min + n * (spec.max - spec.min));
}
