import { DEFAULT_TRACK_MIX, type InstrumentId, type TrackMix } from "@bandspace/model";
import { createInstrument, CUT_FADE, Metronome, type Instrument } from "../instruments";
import type { Context } from "../tone";
import type { Seconds } from "../units";
import { TrackChannel } from "./channel";
import { MasterBus } from "./master";

/** An instrument track as the engine plays it: instrument → channel → master. */
export interface TrackStrip {
  trackId: string;
  instrumentId: InstrumentId;
  instrument: Instrument;
  channel: TrackChannel;
}

export interface GraphStats {
  /** Instruments made since the graph was built (one per instrument track, plus one per instrument change). */
  instrumentsBuilt: number;
  instrumentsRemoved: number;
}

/** An instrument (and maybe its channel) taken out while it may still sound: silenced now, disposed later. */
const RETIRE_AFTER: Seconds = 0.6;

/**
 * The audio graph of one engine or one offline render: a channel per track (instrument tracks also have an
 * instrument in front of it; audio clips play into their track's channel), the metronome, the master bus.
 * Changed one track at a time (`setTrack`, `setMix`, `removeTrack`); never rebuilt as a whole.
 *
 * What a channel plays at is the shared mix (`setMix`, from the document) plus this listener's solo set
 * (`setSolo`, never in the document): a track is silent when it is muted, or when something is soloed and it
 * is not.
 */
export class EngineGraph {
  readonly master: MasterBus;
  readonly metronome: Metronome;
  readonly stats: GraphStats = { instrumentsBuilt: 0, instrumentsRemoved: 0 };
  private readonly strips = new Map<string, TrackStrip>();
  private readonly channels = new Map<string, { channel: TrackChannel; mute: boolean }>();
  private soloed: ReadonlySet<string> = new Set();
  private readonly retiring = new Map<number, () => void>();
  private wasDisposed = false;

  constructor(
    readonly context: Context,
    destination: AudioNode,
  ) {
    this.master = new MasterBus(context, destination);
    this.metronome = new Metronome(context);
    this.metronome.output.connect(this.master.input);
  }

  get disposed(): boolean {
    return this.wasDisposed;
  }

  get trackIds(): string[] {
    return [...this.strips.keys()];
  }

  /** The channel of a track (every track that exists has one once `setTrack` or `setMix` saw it). */
  channelFor(trackId: string): TrackChannel | undefined {
    return this.channels.get(trackId)?.channel;
  }

  /** The tracks this listener has soloed (empty: none — everything plays). */
  get solo(): ReadonlySet<string> {
    return this.soloed;
  }

  /** Applies a track's shared mix: fader, pan, and its mute (combined with the solo set). */
  setMix(trackId: string, mix: TrackMix): void {
    // A new channel starts at its mix (no glide from unity: the first samples of a render are already right).
    const entry = this.ensureChannel(trackId, mix);
    entry.mute = mix.mute;
    entry.channel.setVolume(mix.volumeDb);
    entry.channel.setPan(mix.pan);
    entry.channel.setMute(this.silent(trackId, entry.mute));
  }

  /** This listener's solo set. Soloing a track that does not exist (yet) is kept: it applies when it arrives. */
  setSolo(trackIds: Iterable<string>): void {
    this.soloed = new Set(trackIds);
    for (const [id, entry] of this.channels) entry.channel.setMute(this.silent(id, entry.mute));
  }

  /** The track is gone: its instrument and channel are silenced now and disposed after they have faded. */
  removeTrack(trackId: string): void {
    const strip = this.strips.get(trackId);
    const entry = this.channels.get(trackId);
    this.channels.delete(trackId);
    if (strip) {
      this.strips.delete(trackId);
      this.stats.instrumentsRemoved++;
      this.retire(strip.instrument, entry?.channel ?? null);
    } else if (entry) {
      this.retire(null, entry.channel);
    }
  }

  strip(trackId: string): TrackStrip | undefined {
    return this.strips.get(trackId);
  }

  instrumentFor(trackId: string): Instrument | undefined {
    return this.strips.get(trackId)?.instrument;
  }

  /**
   * Makes track `trackId` play `instrumentId` (null: the track has no instrument — an audio track). Builds only
   * when the instrument changes; the channel is kept across instrument changes. A deleted track: `removeTrack`.
   */
  setTrack(trackId: string, instrumentId: InstrumentId | null): "built" | "removed" | "unchanged" {
    const strip = this.strips.get(trackId);
    const { channel } = this.ensureChannel(trackId);
    if (instrumentId === null) {
      if (!strip) return "unchanged";
      this.strips.delete(trackId);
      this.retire(strip.instrument, null);
      this.stats.instrumentsRemoved++;
      return "removed";
    }
    if (strip?.instrumentId === instrumentId) return "unchanged";
    const instrument = createInstrument(instrumentId, this.context);
    this.stats.instrumentsBuilt++;
    if (strip) this.retire(strip.instrument, null);
    instrument.output.connect(channel.input);
    this.strips.set(trackId, { trackId, instrumentId, instrument, channel });
    return "built";
  }

  /** Fades out every instrument and the metronome from context time `time` (pause, stop, seek). */
  silence(time: Seconds): void {
    for (const s of this.strips.values()) s.instrument.silence(time);
    this.metronome.silence(time);
  }

  dispose(): this {
    if (this.wasDisposed) return this;
    this.wasDisposed = true;
    for (const [id, finish] of this.retiring) {
      this.context.clearTimeout(id);
      finish();
    }
    this.retiring.clear();
    for (const s of this.strips.values()) s.instrument.dispose();
    for (const { channel } of this.channels.values()) channel.dispose();
    this.strips.clear();
    this.channels.clear();
    this.metronome.dispose();
    this.master.dispose();
    return this;
  }

  private ensureChannel(trackId: string, mix: TrackMix = DEFAULT_TRACK_MIX): { channel: TrackChannel; mute: boolean } {
    let entry = this.channels.get(trackId);
    if (!entry) {
      const options = { volume: mix.volumeDb, pan: mix.pan, mute: this.silent(trackId, mix.mute) };
      entry = { channel: new TrackChannel(this.context, this.master.input, options), mute: mix.mute };
      this.channels.set(trackId, entry);
    }
    return entry;
  }

  private silent(trackId: string, muted: boolean): boolean {
    return muted || (this.soloed.size > 0 && !this.soloed.has(trackId));
  }

  private retire(instrument: Instrument | null, channel: TrackChannel | null): void {
    const now = this.context.currentTime;
    instrument?.silence(now);
    if (channel) channel.setMute(true);
    const finish = () => {
      instrument?.dispose();
      channel?.dispose();
    };
    const id = this.context.setTimeout(() => {
      this.retiring.delete(id);
      finish();
    }, CUT_FADE + RETIRE_AFTER);
    this.retiring.set(id, finish);
  }
}
