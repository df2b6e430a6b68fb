import { inContext, Volume, type Context } from "../tone";
import type { Decibels } from "../units";

export interface MasterBusOptions {
  /** Master fader. */
  volume: Decibels;
}

/**
 * Every channel and the metronome sum here: master fader → `output` tap → the context's destination. The tap is
 * a plain GainNode at unity so meters, analysers and recorders can listen without touching the chain.
 */
export class MasterBus {
  static readonly defaults: MasterBusOptions = { volume: 0 };
  readonly options: Readonly<MasterBusOptions>;
  /** Channels connect here. */
  readonly input: Volume;
  /** Unity-gain tap on the master output. */
  readonly output: GainNode;
  private wasDisposed = false;

  constructor(
    readonly context: Context,
    destination: AudioNode,
    options: Partial<MasterBusOptions> = {},
  ) {
    this.options = { ...MasterBus.defaults, ...options };
    this.input = inContext(context, () => new Volume({ context, volume: this.options.volume }));
    this.output = context.rawContext.createGain();
    this.input.connect(this.output);
    this.output.connect(destination);
  }

  get disposed(): boolean {
    return this.wasDisposed;
  }

  dispose(): this {
    if (this.wasDisposed) return this;
    this.wasDisposed = true;
    this.input.dispose();
    this.output.disconnect();
    return this;
  }
}
