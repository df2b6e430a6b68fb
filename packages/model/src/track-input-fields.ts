import type { FieldSpec } from "./fields";
import type { EntityMap } from "./roots";

/**
 * How many channels of the input device an audio track records: 1 (mono, the default: a voice, a guitar amp's
 * mic) or 2 (stereo: keys, a stereo mic pair, an interface's two inputs). Stored on the track's map because the
 * band shares it (whoever records on the track gets the track's format) and absent until someone picks stereo,
 * so documents from before it read as mono with no migration. A take keeps its own channel count: switching the
 * track back to mono does not change takes already recorded.
 */
export type TrackInputChannels = 1 | 2;

export const TRACK_INPUT_CHANNELS_FIELD = {
  key: "inputChannels",
  doc: "Audio tracks: channels recorded from the input, 1 (mono) or 2 (stereo). Absent: 1.",
  isValid: (raw: unknown): raw is TrackInputChannels => raw === 1 || raw === 2,
  coerce: (raw: unknown): TrackInputChannels => (raw === 2 ? 2 : 1),
} as const satisfies FieldSpec<TrackInputChannels>;

export function readTrackInputChannels(map: EntityMap): TrackInputChannels {
  return TRACK_INPUT_CHANNELS_FIELD.coerce(map.get(TRACK_INPUT_CHANNELS_FIELD.key));
}
