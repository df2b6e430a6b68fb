import type * as Y from "yjs";
import { ModelError } from "./errors";
import { transactAs, type Origin } from "./origin";
import { setIfChanged } from "./roots";
import { requireTrack } from "./tracks";
import { TRACK_INPUT_CHANNELS_FIELD, type TrackInputChannels } from "./track-input-fields";

/** Mono or stereo recording for an audio track (instrument tracks record no audio). Mono deletes the field. */
export function setTrackInputChannels(doc: Y.Doc, trackId: string, channels: TrackInputChannels, origin: Origin): void {
  if (!TRACK_INPUT_CHANNELS_FIELD.isValid(channels)) {
    throw new ModelError("INVALID_INPUT_CHANNELS", "A track records 1 channel (mono) or 2 channels (stereo).");
  }
  const map = requireTrack(doc, trackId);
  if (map.get("kind") === "instrument") {
    throw new ModelError("NOT_AN_AUDIO_TRACK", "Only audio tracks record from an input.");
  }
  transactAs(doc, origin, () => {
    if (channels === 1) {
      if (map.has(TRACK_INPUT_CHANNELS_FIELD.key)) map.delete(TRACK_INPUT_CHANNELS_FIELD.key);
    } else setIfChanged(map, TRACK_INPUT_CHANNELS_FIELD.key, channels);
  });
}
