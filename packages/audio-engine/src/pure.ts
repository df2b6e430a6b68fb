/**
 * @bandspace/audio-engine/pure — the engine's pure logic (scheduling, envelopes, drum map, take segmentation,
 * onset detection): no Tone.js, no AudioContext, so Node tests and tools import it without a browser.
 */
export * from "./units";
export { notesInWindow } from "./schedule/notes-in-window";
export {
  NoteIndex,
  compareScheduled,
  type ScheduledNote,
  type IndexedNote,
  type NoteIndexUpdate,
  type TickWindow,
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
export * from "./instruments/drum-kit";
export * from "./instruments/envelope";
export * from "./recording/onsets";
export * from "./recording/segmenter";
export * from "./recording/live-schedule";
export { regionGainCurves, fadeShape, type GainCurve } from "./edit/region-gain";
export { laneValueAt } from "./mix/lane-value";
export * from "./latency";
export {
  planSegments,
  segmentPrerollSeconds,
  insertMemorySeconds,
  type RenderSegment,
  MAX_PREROLL_SECONDS,
  MIN_PREROLL_SECONDS,
} from "./segment-plan";
export { noteVariation } from "./schedule/note-variation";
