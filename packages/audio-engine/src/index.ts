/**
 * @bandspace/audio-engine — the arrangement document played by Tone.js (browser only; Node code imports the pure
 * logic from @bandspace/audio-engine/pure). See docs/arrangement-contract.md.
 */
export { AudioEngine, type EngineOptions, type EngineEvent, type TransportState } from "./engine";
export { renderOffline, type RenderOfflineOptions } from "./offline";
export {
  renderSegmented,
  type RenderSegmentedOptions,
  type ReadTakeFrames,
  type SegmentedRenderResult,
} from "./segmented";
export { EngineCore, type EngineCoreOptions, type EngineStats } from "./core";
// The pure logic (scheduling, envelopes, drum map, take segmentation, onsets), also reachable without Tone.js.
export * from "./pure";
export { EngineGraph, type TrackStrip, type GraphStats } from "./graph/graph";
export { TrackChannel, type TrackChannelOptions } from "./graph/channel";
export { MasterBus, type MasterBusOptions } from "./graph/master";
export * from "./instruments";
export * from "./recording/index";
export { MixGraph, routingOf, type MixGraphStats } from "./mix/mix-graph";
export { StripNode, InsertSlot } from "./mix/strip-node";
export { AutomationPlayer } from "./mix/automation-player";
export { loadMixWorklets, MIX_WORKLET_URL } from "./mix/worklets";
export { MasterLoudness, LOUDNESS_PROCESSOR, LOUDNESS_HISTORY_SECONDS } from "./mix/master-loudness";
export * from "./mix/effects";
export { PARAM_GLIDE, type InsertEffect, type AutomationTarget, type EffectEnv } from "./mix/effect";
