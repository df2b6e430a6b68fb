/**
 * @bandspace/audio-engine — the arrangement document played by Tone.js (browser only, except the pure
 * scheduling modules, which Node tests import directly). See docs/arrangement-contract.md.
 */
export { AudioEngine, type EngineOptions, type EngineEvent, type TransportState } from "./engine";
export { renderOffline, type RenderOfflineOptions } from "./offline";
export { EngineCore, type EngineCoreOptions, type EngineStats } from "./core";
export { notesInWindow } from "./schedule/notes-in-window";
export {
  NoteIndex,
  compareScheduled,
  type ScheduledNote,
  type IndexedNote,
  type NoteIndexUpdate,
} from "./schedule/note-index";
export { PlaybackTimeline, type LoopSpan, type TimelineSegment } from "./schedule/timeline";
export {
  LookAheadScheduler,
  type SchedulerOptions,
  type SchedulerTarget,
  type SchedulerStats,
  type StartOptions,
} from "./schedule/scheduler";
export { beatsInWindow, planCountIn, secondsPerTickAt, type Beat, type CountIn } from "./schedule/beats";
export { EngineGraph, type TrackStrip, type GraphStats } from "./graph/graph";
export { TrackChannel, type TrackChannelOptions } from "./graph/channel";
export { MasterBus, type MasterBusOptions } from "./graph/master";
export * from "./instruments";
export * from "./units";
export * from "./recording/index";
export { MixGraph, routingOf, type MixGraphStats } from "./mix/mix-graph";
export { StripNode, InsertSlot } from "./mix/strip-node";
export { AutomationPlayer } from "./mix/automation-player";
export { loadMixWorklets, MIX_WORKLET_URL } from "./mix/worklets";
export * from "./mix/effects";
export { PARAM_GLIDE, type InsertEffect, type AutomationTarget, type EffectEnv } from "./mix/effect";
export { laneValueAt } from "./mix/lane-value";
