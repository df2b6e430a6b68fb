import { COMPRESSOR, GATE, LIMITER, SATURATION } from "./dynamics";
import { EQ } from "./eq";
import { MULTIBAND, TRUE_PEAK_LIMITER } from "./mastering";
import { CHORUS, DELAY, REVERB, UTILITY } from "./space";
import type { EffectSpec, ParamSpec } from "./spec";

export * from "./spec";
export { EQ, EQ_BANDS } from "./eq";
export { COMPRESSOR, GATE, LIMITER, SATURATION } from "./dynamics";
export { CHORUS, DELAY, DELAY_NOTE_VALUES, REVERB, UTILITY } from "./space";
export { MULTIBAND, MULTIBAND_BANDS, TRUE_PEAK_LIMITER } from "./mastering";

/** Every effect a strip can insert, in menu order. Adding an effect is adding its table here. */
export const EFFECTS = [
  EQ,
  COMPRESSOR,
  MULTIBAND,
  GATE,
  REVERB,
  DELAY,
  CHORUS,
  SATURATION,
  LIMITER,
  TRUE_PEAK_LIMITER,
  UTILITY,
] as const;
export type EffectId =
  | "eq"
  | "compressor"
  | "multiband"
  | "gate"
  | "reverb"
  | "delay"
  | "chorus"
  | "saturation"
  | "limiter"
  | "truePeakLimiter"
  | "utility";

const BY_ID = new Map<string, EffectSpec>(EFFECTS.map((e) => [e.id, e]));

export function isEffectId(raw: unknown): raw is EffectId {
  return typeof raw === "string" && BY_ID.has(raw);
}

export function effectSpec(id: EffectId): EffectSpec;
export function effectSpec(id: string): EffectSpec | undefined;
export function effectSpec(id: string): EffectSpec | undefined {
  return BY_ID.get(id);
}

export function paramSpec(effect: string, paramId: string): ParamSpec | undefined {
  return BY_ID.get(effect)?.params.find((p) => p.id === paramId);
}

/** Every parameter at its default. */
export function defaultParams(effect: EffectId): Record<string, number> {
  return Object.fromEntries(effectSpec(effect).params.map((p) => [p.id, p.default]));
}
