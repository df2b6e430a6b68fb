export { TakeSegmenter, type CaptureSegment, type SegmenterEvent, type SegmenterOptions } from "./segmenter";
export { detectOnsets, estimateLatencyFrames, type OnsetOptions } from "./onsets";
export { InputCapture, listInputDevices, CAPTURE_WORKLET_URL, type CaptureBlock, type InputDevice } from "./input";
export { Recorder, type RecordOptions } from "./recorder";
export { measureRoundTripLatency, type CalibrationOptions, type CalibrationResult } from "./calibration";
export { AudioClipPlayer, type TakeLoader } from "./clip-player";
export { LiveTakePlayer } from "./live-player";
export { LiveSchedule } from "./live-schedule";
