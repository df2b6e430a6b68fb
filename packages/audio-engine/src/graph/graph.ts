import type { InstrumentId } from "@bandspace/model";
import { createInstrument, CUT_FADE, Metronome, type Instrument } from "../instruments";
import type { Context } from "../tone";
import type { Seconds } from "../units";
import { TrackChannel } from "./channel";
import { MasterBus } from "./master";

/** A track as the engine plays it: instrument → channel → master. */
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
 * The audio graph of one engine or one offline render: a strip per instrument track, the metronome, the master
 * bus. Changed one track at a time (`setTrack`); never rebuilt as a whole.
 */
export class EngineGraph {
  readonly master: MasterBus;
  readonly metronome: Metronome;
  readonly stats: GraphStats = { instrumentsBuilt: 0, instrumentsRemoved: 0 };
  private readonly strips = new Map<string, TrackStrip>();
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

  strip(trackId: string): TrackStrip | undefined {
    return this.strips.get(trackId);
  }

  instrumentFor(trackId: string): Instrument | undefined {
    return this.strips.get(trackId)?.instrument;
  }

  /**
   * Makes track `trackId` play `instrumentId` (null: the track has no instrument — an audio track, or deleted).
   * Builds only when the instrument changes; the channel is kept across instrument changes.
   */
  setTrack(trackId: string, instrumentId: InstrumentId | null): "built" | "removed" | "unchanged" {
    const strip = this.strips.get(trackId);
    if (instrumentId === null) {
      if (!strip) return "unchanged";
      this.strips.delete(trackId);
      this.retire(strip.instrument, strip.channel);
      this.stats.instrumentsRemoved++;
      return "removed";
    }
    if (strip?.instrumentId === instrumentId) return "unchanged";
    const instrument = createInstrument(instrumentId, this.context);
    this.stats.instrumentsBuilt++;
    if (strip) {
      this.retire(strip.instrument, null);
      instrument.output.connect(strip.channel.input);
      this.strips.set(trackId, { ...strip, instrumentId, instrument });
    } else {
      const channel = new TrackChannel(this.context, this.master.input);
      instrument.output.connect(channel.input);
      this.strips.set(trackId, { trackId, instrumentId, instrument, channel });
    }
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
    for (const s of this.strips.values()) {
      s.instrument.dispose();
      s.channel.dispose();
    }
    this.strips.clear();
    this.metronome.dispose();
    this.master.dispose();
    return this;
  }

  private retire(instrument: Instrument, channel: TrackChannel | null): void {
    const now = this.context.currentTime;
    instrument.silence(now);
    const finish = () => {
      instrument.dispose();
      channel?.dispose();
    };
    const id = this.context.setTimeout(() => {
      this.retiring.delete(id);
      finish();
    }, CUT_FADE + RETIRE_AFTER);
    this.retiring.set(id, finish);
  }
}
