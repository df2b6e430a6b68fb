/**
 * The engine's one door to Tone.js.
 *
 * Tone's package index (`import … from "tone"`) creates a global AudioContext (plus Transport, Destination …)
 * the moment it is imported. The engine never uses that: it imports Tone's classes from their own modules,
 * gives every node an explicit `context`, and owns one Tone context per engine or per offline render.
 *
 * Tone still consults its global context in a few places (the option defaults of every node, its shared noise
 * buffers). So that these never conjure an AudioContext of their own, Tone's global is set to an inert
 * placeholder when this module loads, and `inContext(ctx, fn)` points it at the engine's context only while
 * engine code constructs Tone nodes. Do not import "tone" (the index) anywhere in the app.
 */
import { Context } from "tone/build/esm/core/context/Context.js";
import { DummyContext } from "tone/build/esm/core/context/DummyContext.js";
import { setContext as setToneGlobal } from "tone/build/esm/core/context/GlobalContext.js";
import { OfflineContext } from "tone/build/esm/core/context/OfflineContext.js";
import type { BaseContext } from "tone/build/esm/core/context/BaseContext.js";

export { Context, OfflineContext, type BaseContext };
export { Gain } from "tone/build/esm/core/context/Gain.js";
export { Param } from "tone/build/esm/core/context/Param.js";
export { ToneAudioNode, connect } from "tone/build/esm/core/context/ToneAudioNode.js";
export { Tone } from "tone/build/esm/core/Tone.js";
export { Volume } from "tone/build/esm/component/channel/Volume.js";
export { Panner } from "tone/build/esm/component/channel/Panner.js";
export { Filter } from "tone/build/esm/component/filter/Filter.js";

const placeholder: BaseContext = new DummyContext();
setToneGlobal(placeholder);
let current: BaseContext = placeholder;

/** Runs `fn` with Tone's global context pointing at `ctx` (for Tone's internal defaults), then restores it. */
export function inContext<T>(ctx: BaseContext, fn: () => T): T {
  const previous = current;
  current = ctx;
  setToneGlobal(ctx);
  try {
    return fn();
  } finally {
    current = previous;
    setToneGlobal(previous);
  }
}

/** Scheduler tick period of a live engine context (Tone's worker clock). */
export const LIVE_TICK_SECONDS = 0.025;

/** A Tone context around a native context: live (worker clock) or offline (Tone's simulated clock). */
export function wrapContext(raw: BaseAudioContext): Context {
  if (typeof OfflineAudioContext !== "undefined" && raw instanceof OfflineAudioContext) {
    return new OfflineContext(raw);
  }
  // lookAhead 0: the engine gives every event an explicit time; Tone's own look-ahead would only delay them.
  return new Context({ context: raw as AudioContext, lookAhead: 0, updateInterval: LIVE_TICK_SECONDS });
}
