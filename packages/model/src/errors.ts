/**
 * Every model operation validates its input first and throws a ModelError before it touches the doc.
 * The message is written for the musician who typed the value; the code is for the UI and tests.
 */
export const MODEL_ERROR_CODES = [
  "INVALID_ORIGIN",
  "INVALID_TITLE",
  "INVALID_TEMPO",
  "INVALID_TIME_SIGNATURE",
  "INVALID_KEY",
  "INVALID_NAME",
  "INVALID_COLOR",
  "INVALID_TRACK_KIND",
  "INVALID_TRACK_ID",
  "DUPLICATE_TRACK_ID",
  "TRACK_NOT_FOUND",
  "INVALID_INDEX",
  "INVALID_COMMENT_TEXT",
  "INVALID_AUTHOR_NAME",
  "INVALID_COMMENT_TIME",
  "INVALID_COMMENT_ANCHOR",
  "COMMENT_ANCHOR_NOT_FOUND",
  "COMMENT_NOT_FOUND",
  "INVALID_AUTHOR_ID",
  "INVALID_MENTION",
  "INVALID_REACTION",
  "INVALID_VERSION_ID",
  "TOO_MANY_REPLIES",
  "SCHEMA_TOO_NEW",
  // arrangement (issue #3)
  "INVALID_TICK",
  "INVALID_LENGTH",
  "INVALID_PITCH",
  "INVALID_VELOCITY",
  "INVALID_BAR",
  "INVALID_GRID",
  "INVALID_INSTRUMENT",
  "CLIP_NOT_FOUND",
  "NOTE_NOT_FOUND",
  "SECTION_NOT_FOUND",
  "TEMPO_CHANGE_NOT_FOUND",
  "MIDI_FILE_DAMAGED",
  "METER_CHANGE_NOT_FOUND",
  "NOT_AN_INSTRUMENT_TRACK",
  "NOT_AN_AUDIO_TRACK",
  "INVALID_INPUT_CHANNELS",
  "INVALID_MIDI_FILE",
  // recording (issue #4)
  "INVALID_TAKE",
  "TAKE_NOT_FOUND",
  "DUPLICATE_TAKE",
  "TAKE_NOT_IN_GROUP",
  "AUDIO_CLIP_NOT_FOUND",
  "NOT_AN_AUDIO_TRACK",
  "INVALID_GAIN",
  // editing and comping (issue 19)
  "INVALID_EDIT",
  "INVALID_FADE",
  "COMP_SEGMENT_NOT_FOUND",
  "INVALID_CLIPBOARD",
  // mixer
  "INVALID_VOLUME",
  "INVALID_PAN",
  "INVALID_MUTE",
  // mixing (issue #17)
  "STRIP_NOT_FOUND",
  "BUS_NOT_FOUND",
  "INVALID_EFFECT",
  "INSERT_NOT_FOUND",
  "TOO_MANY_INSERTS",
  "INVALID_PARAM",
  "SEND_NOT_FOUND",
  "INVALID_SEND",
  "ROUTING_CYCLE",
  "INVALID_AUTOMATION",
  "LANE_NOT_FOUND",
  "POINT_NOT_FOUND",
] as const;
export type ModelErrorCode = (typeof MODEL_ERROR_CODES)[number];

export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ModelError";
  }
}

export function isModelError(value: unknown, code?: ModelErrorCode): value is ModelError {
  return value instanceof ModelError && (code === undefined || value.code === code);
}
