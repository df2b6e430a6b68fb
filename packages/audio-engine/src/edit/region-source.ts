import type { PlayRegion } from "@bandspace/model";
import type { Seconds } from "../units";
import { regionGainCurves } from "./region-gain";

/** A scheduled region: its source (to stop) and its gain stage (connect it to the track's channel). */
export interface RegionVoice {
  source: AudioBufferSourceNode;
  gain: GainNode;
}

/**
 * Plays frames [fromFrame, toFrame) of a region from `buffer` (its decoded take) at context time `when`: a buffer
 * source into a gain that carries the clip gain and fades as curves (regionGainCurves). Times are in the take's
 * frames (region.sampleRate), so a take decoded at another rate still lines up (then with interpolation).
 */
export function startRegion(
  context: BaseAudioContext,
  region: PlayRegion,
  buffer: AudioBuffer,
  when: Seconds,
  fromFrame: number,
  toFrame: number,
): RegionVoice | null {
  const rate = region.sampleRate;
  const to = Math.min(toFrame, region.lengthFrames);
  if (!(to > fromFrame)) return null;
  const source = context.createBufferSource();
  source.buffer = region.reversed ? reversedSlice(context, buffer, region, fromFrame, to) : buffer;
  const gain = context.createGain();
  const plan = regionGainCurves(region, fromFrame);
  gain.gain.value = plan.initial;
  for (const curve of plan.curves) {
    if (curve.points.length < 2) continue;
    gain.gain.setValueCurveAtTime(curve.points, when + curve.frame / rate, (curve.points.length - 1) / rate);
  }
  source.connect(gain);
  const offset = region.reversed ? 0 : (region.offsetFrames + fromFrame) / rate;
  source.start(when, offset, (to - fromFrame) / rate);
  return { source, gain };
}

/**
 * The frames a reversed region plays from `fromFrame` to `toFrame`, in playing order: output frame k is take frame
 * offset + length − 1 − k. A copy of just that stretch (a buffer source cannot play backwards sample-accurately:
 * a negative playbackRate is not sample-exact and starts from the buffer's end), at the take's own rate so it
 * lines up frame for frame like a forward region.
 */
export function reversedSlice(
  context: BaseAudioContext,
  buffer: AudioBuffer,
  region: PlayRegion,
  fromFrame: number,
  toFrame: number,
): AudioBuffer {
  const frames = Math.max(1, toFrame - fromFrame);
  const out = context.createBuffer(buffer.numberOfChannels, frames, buffer.sampleRate);
  const last = region.offsetFrames + region.lengthFrames - 1 - fromFrame;
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const src = buffer.getChannelData(c);
    const dst = out.getChannelData(c);
    for (let k = 0; k < frames; k++) {
      const i = last - k;
      dst[k] = i >= 0 && i < src.length ? src[i] : 0;
    }
  }
  return out;
}
