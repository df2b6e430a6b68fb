"use client";

import type { TrackInputChannels } from "@bandspace/model";
import { Icon } from "../common/Icon";
import { useArrangementContext } from "../studio/ArrangementContext";
import styles from "./Recording.module.css";

/**
 * Mono / Stereo for an audio track's input, beside its arm button: what the track records (shared with the band in
 * the document). One click (or Enter / Space on the focused button) switches; a stereo track asks the input for
 * both channels.
 */
export function InputChannelsButton({
  trackId,
  trackName,
  channels,
  disabled,
}: {
  trackId: string;
  trackName: string;
  channels: TrackInputChannels;
  disabled: boolean;
}) {
  const { recording } = useArrangementContext();
  const stereo = channels === 2;
  return (
    <button
      type="button"
      className={`${styles.inputChannels} ${stereo ? styles.inputStereo : ""}`}
      aria-pressed={stereo}
      aria-label={`${trackName} records ${stereo ? "stereo" : "mono"}; switch to ${stereo ? "mono" : "stereo"}`}
      title={
        disabled
          ? `Records ${stereo ? "stereo" : "mono"} (your link can't change it)`
          : stereo
            ? "Stereo input: records both channels of the device. Click for mono"
            : "Mono input: records one channel. Click for stereo (keys, a stereo mic pair, two inputs)"
      }
      disabled={disabled}
      data-testid="track-input-channels"
      data-channels={channels}
      onMouseDown={(e) => e.stopPropagation()}
      onClick={() => recording.setTrackInputChannels(trackId, stereo ? 1 : 2)}
    >
      {/* Rings, not letters: "M" beside the mute button read as a second mute. */}
      <Icon name={stereo ? "stereo" : "mono"} size={13} />
    </button>
  );
}
