import { inContext, Panner, Volume, type Context, type ToneAudioNode } from "../tone";
import type { AudioRange, Decibels } from "../units";

export interface TrackChannelOptions {
  /** Fader level. */
  volume: Decibels;
  /** Stereo position, -1 (left) … 1 (right). */
  pan: AudioRange;
  mute: boolean;
}

/**
 * A track's channel strip: fader → panner → master. A placeholder for the mixer (issue #5), which will drive
 * these parameters from the document.
 */
export class TrackChannel {
  static readonly defaults: TrackChannelOptions = { volume: 0, pan: 0, mute: false };
  readonly options: Readonly<TrackChannelOptions>;
  /** Connect the instrument here. */
  readonly input: Volume;
  private readonly panner: Panner;
  private wasDisposed = false;

  constructor(
    readonly context: Context,
    destination: ToneAudioNode,
    options: Partial<TrackChannelOptions> = {},
  ) {
    this.options = { ...TrackChannel.defaults, ...options };
    const o = this.options;
    [this.input, this.panner] = inContext(context, () => {
      const input = new Volume({ context, volume: o.volume, mute: o.mute });
      const panner = new Panner({ context, pan: o.pan });
      input.chain(panner, destination);
      return [input, panner] as const;
    });
  }

  get disposed(): boolean {
    return this.wasDisposed;
  }

  setVolume(db: Decibels, time?: number): void {
    this.input.volume.setValueAtTime(db, time ?? this.context.currentTime);
  }

  setPan(pan: AudioRange, time?: number): void {
    this.panner.pan.setValueAtTime(pan, time ?? this.context.currentTime);
  }

  setMute(mute: boolean): void {
    this.input.mute = mute;
  }

  dispose(): this {
    if (this.wasDisposed) return this;
    this.wasDisposed = true;
    this.input.dispose();
    this.panner.dispose();
    return this;
  }
}
