import { Gain, inContext, Panner, Volume, type Context, type ToneAudioNode } from "../tone";
import type { AudioRange, Decibels, Seconds } from "../units";

export interface TrackChannelOptions {
  /** Fader level. */
  volume: Decibels;
  /** Stereo position, -1 (left) … 1 (right). */
  pan: AudioRange;
  mute: boolean;
}

/**
 * Fader and pan moves glide over this long: a jump in gain mid-waveform is an audible click, and a fader
 * dragged by a bandmate arrives as a stream of small steps that should sound like one smooth move.
 */
export const MIX_GLIDE: Seconds = 0.02;

/**
 * A track's channel strip: fader → mute → panner → master. Mute is its own gain stage (not the fader at
 * −∞ dB) so un-muting returns to the fader's level exactly, and so a mute from the mix and a mute from
 * someone's solo elsewhere never fight over one parameter.
 */
export class TrackChannel {
  static readonly defaults: TrackChannelOptions = { volume: 0, pan: 0, mute: false };
  readonly options: TrackChannelOptions;
  /** Connect the instrument (or audio clip sources) here. */
  readonly input: Volume;
  private readonly muteGain: Gain;
  private readonly panner: Panner;
  private wasDisposed = false;

  constructor(
    readonly context: Context,
    destination: ToneAudioNode,
    options: Partial<TrackChannelOptions> = {},
  ) {
    this.options = { ...TrackChannel.defaults, ...options };
    const o = this.options;
    [this.input, this.muteGain, this.panner] = inContext(context, () => {
      const input = new Volume({ context, volume: o.volume });
      const muteGain = new Gain({ context, gain: o.mute ? 0 : 1 });
      const panner = new Panner({ context, pan: o.pan });
      input.chain(muteGain, panner, destination);
      return [input, muteGain, panner] as const;
    });
  }

  get disposed(): boolean {
    return this.wasDisposed;
  }

  get muted(): boolean {
    return this.options.mute;
  }

  setVolume(db: Decibels): void {
    if (db === this.options.volume) return;
    this.options.volume = db;
    this.glide(this.input.volume, db);
  }

  setPan(pan: AudioRange): void {
    if (pan === this.options.pan) return;
    this.options.pan = pan;
    this.glide(this.panner.pan, pan);
  }

  setMute(mute: boolean): void {
    if (mute === this.options.mute) return;
    this.options.mute = mute;
    this.glide(this.muteGain.gain, mute ? 0 : 1);
  }

  dispose(): this {
    if (this.wasDisposed) return this;
    this.wasDisposed = true;
    this.input.dispose();
    this.muteGain.dispose();
    this.panner.dispose();
    return this;
  }

  private glide(
    param: {
      cancelScheduledValues: (t: number) => unknown;
      setTargetAtTime: (v: number, t: number, c: number) => unknown;
    },
    to: number,
  ): void {
    const now = this.context.currentTime;
    param.cancelScheduledValues(now);
    // An exponential approach with time constant MIX_GLIDE / 3: within 5 % of the target after MIX_GLIDE.
    param.setTargetAtTime(to, now, MIX_GLIDE / 3);
  }
}
