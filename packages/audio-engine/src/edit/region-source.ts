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
  source.buffer = buffer;
  const gain = context.createGain();
  const plan = regionGainCurves(region, fromFrame);
  gain.gain.value = plan.initial;
  for (const curve of plan.curves) {
    if (curve.points.length < 2) continue;
    gain.gain.setValueCurveAtTime(curve.points, when + curve.frame / rate, (curve.points.length - 1) / rate);
  }
  source.connect(gain);
  source.start(when, (region.offsetFrames + fromFrame) / rate, (to - fromFrame) / rate);
  return { source, gain };
}
