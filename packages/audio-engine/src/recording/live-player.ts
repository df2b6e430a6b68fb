import { deinterleave } from "@bandspace/dsp";
import type { Seconds } from "../units";
import { LiveSchedule } from "./live-schedule";

/**
 * Listening live to a bandmate's take: relayed chunks (frame-stamped PCM) are played back-to-back at the times
 * `LiveSchedule` gives (a delay behind their arrival that grows after each stall).
 */
export class LiveTakePlayer {
  private readonly schedule: LiveSchedule;
  private readonly out: GainNode;
  private readonly sources = new Set<AudioBufferSourceNode>();

  constructor(
    private readonly context: BaseAudioContext,
    private readonly sampleRate: number,
    private readonly channels: 1 | 2,
    destination: AudioNode = context.destination,
    delay: Seconds = 0.3,
  ) {
    this.schedule = new LiveSchedule(sampleRate, delay);
    this.out = context.createGain();
    this.out.connect(destination);
  }

  /** One relayed chunk: `startFrame` = its first frame in the take; pcm interleaved. */
  push(startFrame: number, pcm: Float32Array): void {
    const frames = Math.floor(pcm.length / this.channels);
    if (frames <= 0) return;
    const at = this.schedule.startTime(startFrame, this.context.currentTime);
    const buffer = this.context.createBuffer(this.channels, frames, this.sampleRate);
    // A stereo take keeps its two channels (the track's strip then passes them on in stereo).
    deinterleave(pcm.subarray(0, frames * this.channels), this.channels).forEach((ch, c) =>
      buffer.copyToChannel(ch as Float32Array<ArrayBuffer>, c),
    );
    const src = this.context.createBufferSource();
    src.buffer = buffer;
    src.connect(this.out);
    src.start(at);
    this.sources.add(src);
    src.onended = () => this.sources.delete(src);
  }

  /** Times playback re-anchored after a stall (a short gap each). */
  get gaps(): number {
    return this.schedule.gaps;
  }

  dispose(): void {
    for (const s of this.sources) {
      try {
        s.stop();
      } catch {
        /* ended */
      }
    }
    this.sources.clear();
    this.out.disconnect();
  }
}
