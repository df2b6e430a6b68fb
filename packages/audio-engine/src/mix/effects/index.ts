import { effectSpec, type EffectId } from "@bandspace/model";
import type { EffectEnv, InsertEffect } from "../effect";
import { ChorusEffect, SaturationEffect, UtilityEffect } from "./color";
import { DelayEffect } from "./delay";
import { DynamicsEffect } from "./dynamics";
import { EqEffect } from "./eq";
import { MasteringEffect } from "./mastering";
import { ReverbEffect } from "./reverb";

export { EqEffect } from "./eq";
export { DynamicsEffect, DYNAMICS_PROCESSOR, compressorSettings, gateSettings, limiterSettings } from "./dynamics";
export { ReverbEffect } from "./reverb";
export {
  MasteringEffect,
  MULTIBAND_PROCESSOR,
  TRUE_PEAK_LIMITER_PROCESSOR,
  multibandSettings,
  truePeakLimiterSettings,
} from "./mastering";
export { DelayEffect } from "./delay";
export { ChorusEffect, SaturationEffect, UtilityEffect, saturationCurve } from "./color";

/** Builds the engine side of an effect from its id, set to `params` from its first sample. */
export function createEffect(effect: EffectId, env: EffectEnv, params: Readonly<Record<string, number>>): InsertEffect {
  let fx: InsertEffect;
  switch (effect) {
    case "eq":
      fx = new EqEffect(env);
      break;
    case "compressor":
    case "gate":
    case "limiter":
      fx = new DynamicsEffect(effect, env, params);
      break;
    case "multiband":
    case "truePeakLimiter":
      fx = new MasteringEffect(effect, env, params);
      break;
    case "reverb":
      fx = new ReverbEffect(env);
      break;
    case "delay":
      fx = new DelayEffect(env);
      break;
    case "chorus":
      fx = new ChorusEffect(env);
      break;
    case "saturation":
      fx = new SaturationEffect(env);
      break;
    case "utility":
      fx = new UtilityEffect(env);
      break;
    default:
      throw new Error(`No engine for effect ${effectSpec(effect)?.name ?? String(effect)}`);
  }
  fx.set(params);
  return fx;
}

/** Parameters whose change rebuilds the effect's node (they change its latency). */
export function rebuildParams(effect: EffectId): readonly string[] {
  return [...DynamicsEffect.rebuildOn(effect), ...MasteringEffect.rebuildOn(effect)];
}
