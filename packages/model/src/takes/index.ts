export {
  TAKE_FIELDS,
  AUDIO_CLIP_FIELDS,
  TAKE_LIMITS,
  isTakeId,
  FADE_CURVES,
  CROSSFADE_LAWS,
  type FadeCurve,
  type CrossfadeLaw,
} from "./fields";
export { audioTrackIds, type Take, type AudioClip } from "./store";
export {
  addRecordedTake,
  addAudioClip,
  setActiveTake,
  moveAudioClip,
  trimAudioClip,
  setAudioClipGain,
  deleteAudioClip,
  listTakes,
  getTake,
  listAudioClips,
  getAudioClip,
  listTakeLanes,
  type RecordedTakeInit,
  type TakeLane,
} from "./operations";
export { observeTakes, type TakesChange } from "./observe";
