import type { PlayRegion } from "@bandspace/model";
import type { Seconds } from "../units";
import { regionGainCurves } from "./region-gain";
import { REVERSED_BLOCK_FRAMES, reversedBlock } from "./reversed-blocks";

/**
 * A scheduled region: its gain stage (connect it to the track's channel) and the buffer sources that play into it.
 * A forward region is one source started at once; a reversed one is a row of sources, one per block of reversed
 * samples (reversed-blocks.ts), started only as `extend` reaches them — so its caller extends it from its
 * look-ahead tick, as far as it schedules notes.
 */
export interface RegionVoice {
  gain: GainNode;
  /** Channels of the take (a stereo take makes its track's channel carry stereo). */
  channels: number;
  /** Context time of the first source not started yet; Infinity once every source is. */
  readonly pendingAt: Seconds;
  /** Starts the sources that begin before context time `until`. */
  extend: (until: Seconds) => void;
  /** Stops what plays and starts nothing more. */
  stop: () => void;
  /** Called once, when the last source has ended (played out or stopped). */
  onended: (() => void) | null;
}

/**
 * Plays frames [fromFrame, toFrame) of a region from `buffer` (its decoded take) at context time `when`: buffer
 * sources into a gain that carries the clip gain and fades as curves (regionGainCurves). Times are in the take's
 * frames (region.sampleRate), so a take decoded at another rate still lines up (then with interpolation).
 * Sources that begin before `until` start now (default: all); call `extend` for the rest.
 */
export function startRegion(
  context: BaseAudioContext,
  region: PlayRegion,
  buffer: AudioBuffer,
  when: Seconds,
  fromFrame: number,
  toFrame: number,
  until: Seconds = Infinity,
): RegionVoice | null {
  const rate = region.sampleRate;
  const to = Math.min(toFrame, region.lengthFrames);
  if (!(to > fromFrame)) return null;
  const gain = context.createGain();
  const plan = regionGainCurves(region, fromFrame);
  gain.gain.value = plan.initial;
  for (const curve of plan.curves) {
    if (curve.points.length < 2) continue;
    gain.gain.setValueCurveAtTime(curve.points, when + curve.frame / rate, (curve.points.length - 1) / rate);
  }

  const live = new Set<AudioBufferSourceNode>();
  let next = fromFrame; // first region frame not handed to a source yet
  let stopped = false;
  const voice: RegionVoice = {
    gain,
    channels: buffer.numberOfChannels,
    get pendingAt() {
      return stopped || next >= to ? Infinity : when + (next - fromFrame) / rate;
    },
    extend(until: Seconds) {
      while (!stopped && next < to && when + (next - fromFrame) / rate < until) {
        const source = context.createBufferSource();
        let end: number;
        // Every source starts at `when` plus a whole number of the region's frames, so blocks meet frame for frame.
        const at = when + (next - fromFrame) / rate;
        if (region.reversed) {
          const block = Math.floor(next / REVERSED_BLOCK_FRAMES);
          end = Math.min(to, (block + 1) * REVERSED_BLOCK_FRAMES);
          source.buffer = reversedBlock(context, buffer, region, block);
          source.start(at, (next - block * REVERSED_BLOCK_FRAMES) / rate, (end - next) / rate);
        } else {
          end = to;
          source.buffer = buffer;
          source.start(at, (region.offsetFrames + next) / rate, (end - next) / rate);
        }
        source.connect(gain);
        live.add(source);
        source.onended = () => {
          live.delete(source);
          if (live.size === 0 && (stopped || next >= to)) voice.onended?.();
        };
        next = end;
      }
    },
    stop() {
      stopped = true;
      for (const s of live) {
        try {
          s.stop();
        } catch {
          /* already stopped */
        }
      }
      if (live.size === 0) voice.onended?.();
    },
    onended: null,
  };
  voice.extend(until);
  return voice;
}
