import { deinterleave } from "@bandspace/dsp";
import type { Seconds } from "../units";

/**
 * Listening live to a bandmate's take: relayed chunks (frame-stamped PCM) are played back-to-back, `delay`
 * behind the first one's arrival, so network jitter below the delay is inaudible. A chunk that arrives after
 * its slot (a longer stall) re-anchors playback: a short gap instead of a pile-up.
 */
export class LiveTakePlayer {
  private base: Seconds | null = null;
  private readonly out: GainNode;
  private readonly sources = new Set<AudioBufferSourceNode>();

  constructor(
    private readonly context: BaseAudioContext,
    private readonly sampleRate: number,
    private readonly channels: 1 | 2,
    destination: AudioNode = context.destination,
    private readonly delay: Seconds = 0.3,
  ) {
    this.out = context.createGain();
    this.out.connect(destination);
  }

  /** One relayed chunk: `startFrame` = its first frame in the take; pcm interleaved. */
  push(startFrame: number, pcm: Float32Array): void {
    const frames = Math.floor(pcm.length / this.channels);
    if (frames <= 0) return;
    const now = this.context.currentTime;
    const offset = startFrame / this.sampleRate;
    if (this.base === null || this.base + offset < now + 0.02) this.base = now + this.delay - offset;
    const buffer = this.context.createBuffer(this.channels, frames, this.sampleRate);
    // A stereo take keeps its two channels (the track's strip then passes them on in stereo).
    deinterleave(pcm.subarray(0, frames * this.channels), this.channels).forEach((ch, c) =>
      buffer.copyToChannel(ch as Float32Array<ArrayBuffer>, c),
    );
    const src = this.context.createBufferSource();
    src.buffer = buffer;
    src.connect(this.out);
    src.start(this.base + offset);
    this.sources.add(src);
    src.onended = () => this.sources.delete(src);
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
