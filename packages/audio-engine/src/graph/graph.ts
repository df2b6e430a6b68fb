import { type InstrumentId, type StripKind, type StripMix } from "@bandspace/model";
import { createInstrument, CUT_FADE, Metronome, type Instrument } from "../instruments";
import { AutomationPlayer } from "../mix/automation-player";
import type { EffectEnv } from "../mix/effect";
import { MixGraph } from "../mix/mix-graph";
import type { StripNode } from "../mix/strip-node";
import type { Context } from "../tone";
import type { Seconds } from "../units";

/** An instrument track as the engine plays it: instrument → its strip in the mixer. */
export interface TrackStrip {
  trackId: string;
  instrumentId: InstrumentId;
  instrument: Instrument;
  channel: StripNode;
}

export interface GraphStats {
  /** Instruments made since the graph was built (one per instrument track, plus one per instrument change). */
  instrumentsBuilt: number;
  instrumentsRemoved: number;
}

export interface EngineGraphOptions {
  /** The mixer worklet module is loaded in this context (compressor, gate, limiter, meters). */
  worklets: boolean;
  /** Song tempo now (tempo-synced delays). */
  bpm: () => number;
  /** Strip meters (live engines). */
  meters?: boolean;
}

/** An instrument (and maybe its strip) taken out while it may still sound: silenced now, disposed later. */
const RETIRE_AFTER: Seconds = 0.6;

/**
 * The audio graph of one engine or one offline render: the mixer (a strip per track, per bus and the master,
 * with inserts, sends and delay compensation — mix/mix-graph.ts), an instrument in front of each instrument
 * track's strip (audio clips play into their track's strip), the metronome into the master. Changed one piece
 * at a time; never rebuilt as a whole.
 *
 * What a strip plays at is the shared mix (from the document) plus this listener's solo set (`setSolo`, never
 * in the document).
 */
export class EngineGraph {
  readonly mix: MixGraph;
  readonly automation: AutomationPlayer;
  readonly metronome: Metronome;
  /** The master strip's input (channels sum here) and a unity tap on its output. */
  readonly master: { input: AudioNode; output: GainNode };
  readonly stats: GraphStats = { instrumentsBuilt: 0, instrumentsRemoved: 0 };
  private readonly strips = new Map<string, TrackStrip>();
  private readonly retiring = new Map<number, () => void>();
  private wasDisposed = false;

  constructor(
    readonly context: Context,
    destination: AudioNode,
    options: EngineGraphOptions = { worklets: false, bpm: () => 120 },
  ) {
    const env: EffectEnv = {
      context: context.rawContext,
      worklets: options.worklets,
      bpm: options.bpm,
      meters: options.meters ?? false,
    };
    this.mix = new MixGraph(env, destination);
    this.automation = new AutomationPlayer(this.mix);
    this.master = { input: this.mix.master.input, output: this.mix.output };
    this.metronome = new Metronome(context);
    this.metronome.output.connect(this.mix.master.input);
  }

  get disposed(): boolean {
    return this.wasDisposed;
  }

  get trackIds(): string[] {
    return [...this.strips.keys()];
  }

  /** The strip of a track, bus or the master (tracks have one once `setStrip` saw them). */
  channelFor(stripId: string): StripNode | undefined {
    return this.mix.strip(stripId);
  }

  /** The tracks this listener has soloed (empty: none — everything plays). */
  get solo(): ReadonlySet<string> {
    return this.mix.solo;
  }

  /** A strip exists with these levels (new: built at them, no glide; existing: they glide). */
  setStrip(id: string, kind: StripKind, levels: StripMix): void {
    if (this.mix.strip(id)) this.mix.setLevels(id, levels);
    else this.mix.ensureStrip(id, kind, levels);
  }

  /** This listener's solo set. Soloing a strip that does not exist (yet) is kept: it applies when it arrives. */
  setSolo(ids: Iterable<string>): void {
    this.mix.setSolo(ids);
  }

  /** The track (or bus) is gone: its instrument and strip are silenced now and disposed after they faded. */
  removeTrack(id: string): void {
    const strip = this.strips.get(id);
    if (strip) {
      this.strips.delete(id);
      this.stats.instrumentsRemoved++;
      this.retire(strip.instrument);
    }
    this.mix.removeStrip(id, (finish) => this.later(finish));
  }

  strip(trackId: string): TrackStrip | undefined {
    return this.strips.get(trackId);
  }

  instrumentFor(trackId: string): Instrument | undefined {
    return this.strips.get(trackId)?.instrument;
  }

  /**
   * Makes track `trackId` play `instrumentId` (null: the track has no instrument — an audio track). Builds only
   * when the instrument changes; the strip is kept across instrument changes. Call `setStrip` first.
   */
  setTrack(trackId: string, instrumentId: InstrumentId | null): "built" | "removed" | "unchanged" {
    const strip = this.strips.get(trackId);
    const channel = this.mix.strip(trackId);
    if (instrumentId === null || !channel) {
      if (!strip) return "unchanged";
      this.strips.delete(trackId);
      this.retire(strip.instrument);
      this.stats.instrumentsRemoved++;
      return "removed";
    }
    if (strip?.instrumentId === instrumentId) return "unchanged";
    const instrument = createInstrument(instrumentId, this.context);
    this.stats.instrumentsBuilt++;
    if (strip) this.retire(strip.instrument);
    instrument.output.connect(channel.input);
    this.strips.set(trackId, { trackId, instrumentId, instrument, channel });
    return "built";
  }

  /** Fades out every instrument and the metronome from context time `time` (pause, stop, seek). */
  silence(time: Seconds): void {
    for (const s of this.strips.values()) s.instrument.silence(time);
    this.metronome.silence(time);
    this.automation.stop(time);
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
    this.strips.clear();
    this.metronome.dispose();
    this.mix.dispose();
    return this;
  }

  private retire(instrument: Instrument): void {
    instrument.silence(this.context.currentTime);
    this.later(() => instrument.dispose());
  }

  private later(finish: () => void): void {
    const id = this.context.setTimeout(() => {
      this.retiring.delete(id);
      finish();
    }, CUT_FADE + RETIRE_AFTER);
    this.retiring.set(id, finish);
  }
}
