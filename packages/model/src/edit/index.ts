export {
  moveAudioClipTo,
  trimAudioClipStart,
  trimAudioClipEnd,
  slipAudioClip,
  splitAudioClip,
  glueAudioClips,
  deleteAudioClips,
  copyAudioClips,
  pasteAudioClips,
  duplicateAudioClips,
  setAudioClipFades,
  setCrossfadeLaw,
  audioClipEndTick,
  type AudioClipboard,
  type FadeEdit,
} from "./audio-edit";
export { COMP_LIMITS, COMP_SEGMENT_FIELDS, type CompSegment } from "./comp-fields";
export { compTake, setCompCrossfade, removeCompSegment, listCompSegments, flattenComp, compClips } from "./comp";
export { planAudioPlayback, planAudioPlaybackFresh, type PlayRegion, type RegionFade } from "./playback";
export { planCacheStats, type PlanCacheStats } from "./playback-cache";
export { framesBetween, endTickAfter } from "./time";
export { contentEndTick, audioContentEndTick, type ExtentInput } from "./extent";
export { splitMidiClip, glueMidiClips, copyMidiClips, pasteMidiClips, type MidiClipboard } from "./midi-edit";
export { flagTake, listTakeFlags, TAKE_FLAGS_ROOT, type TakeFlag } from "./take-flags";
export {
  setAudioClipsReversed,
  toggleAudioClipsReversed,
  quantizeAudioClipStarts,
  planStripSilence,
  stripSilence,
  existingAudioClipIds,
  type KeptRange,
} from "./cleanup";
export { pieceAnchorFrame } from "./time";
