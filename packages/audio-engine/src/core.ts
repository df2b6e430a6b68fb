import type * as Y from "yjs";
import {
  getTrack,
  listTracks,
  observeArrangement,
  readLoopRange,
  readTempoMap,
  type ArrangementChange,
  type TempoMap,
  type Track,
} from "@bandspace/model";
import { EngineGraph } from "./graph/graph";
import { NoteIndex } from "./schedule/note-index";
import { LookAheadScheduler, type SchedulerOptions } from "./schedule/scheduler";
import type { LoopSpan } from "./schedule/timeline";
import type { Context } from "./tone";

export interface EngineCoreOptions {
  /** Where the master bus plays (the context's destination). */
  destination: AudioNode;
  /** Play only these tracks (stems, tests); default all. */
  trackIds?: readonly string[];
  scheduler?: Partial<SchedulerOptions>;
}

/** Counters of what following the document cost — tests assert "only what changed was rebuilt". */
export interface EngineStats {
  /** Transactions followed. */
  changes: number;
  tempoMapsBuilt: number;
  instrumentsBuilt: number;
  instrumentsRemoved: number;
  /** Clips and notes read from the document while following changes (the initial build excluded). */
  clipsRead: number;
  notesRead: number;
  /** Wall time of the last incremental update, ms. */
  lastUpdateMs: number;
}

const clock = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

/**
 * What a live engine and an offline render share: the audio graph, the note index, the TempoMap and the
 * look-ahead scheduler, built once from the document and then kept current from `observeArrangement` diffs —
 * an instrument for a changed track, the note index of a changed clip, the TempoMap on tempo changes.
 */
export class EngineCore {
  readonly graph: EngineGraph;
  readonly notes: NoteIndex;
  readonly scheduler: LookAheadScheduler;
  readonly stats: EngineStats;
  private tempoMap: TempoMap;
  private loopRange: { startTick: number; endTick: number };
  private looping = false;
  private readonly only: ReadonlySet<string> | null;
  private readonly unobserve: () => void;
  private readonly listeners = new Set<(change: ArrangementChange) => void>();
  private wasDisposed = false;

  constructor(
    readonly doc: Y.Doc,
    readonly context: Context,
    options: EngineCoreOptions,
  ) {
    this.only = options.trackIds ? new Set(options.trackIds) : null;
    this.tempoMap = readTempoMap(doc);
    this.loopRange = readLoopRange(doc);
    this.notes = NoteIndex.fromDoc(doc);
    this.graph = new EngineGraph(context, options.destination);
    for (const track of listTracks(doc)) this.syncTrack(track.id, track);
    this.stats = {
      changes: 0,
      tempoMapsBuilt: 1,
      instrumentsBuilt: this.graph.stats.instrumentsBuilt,
      instrumentsRemoved: 0,
      clipsRead: 0,
      notesRead: 0,
      lastUpdateMs: 0,
    };
    this.scheduler = new LookAheadScheduler(
      this.notes,
      this.tempoMap,
      {
        note: (n, at) => this.graph.instrumentFor(n.trackId)?.triggerNote(n.pitch, at, n.duration, n.velocity),
        click: (at, downbeat) => this.graph.metronome.click(at, downbeat),
      },
      options.scheduler,
    );
    this.unobserve = observeArrangement(doc, (change) => this.follow(change));
  }

  get map(): TempoMap {
    return this.tempoMap;
  }

  get loop(): { startTick: number; endTick: number } {
    return this.loopRange;
  }

  get loopEnabled(): boolean {
    return this.looping;
  }

  /** The loop in timeline seconds when looping is on and the range is not empty. */
  loopSpan(): LoopSpan | null {
    if (!this.looping || this.loopRange.endTick <= this.loopRange.startTick) return null;
    return {
      start: this.tempoMap.ticksToSeconds(this.loopRange.startTick),
      end: this.tempoMap.ticksToSeconds(this.loopRange.endTick),
    };
  }

  setLoopEnabled(enabled: boolean): void {
    if (enabled === this.looping) return;
    this.looping = enabled;
    this.scheduler.retime(this.tempoMap, this.loopSpan());
  }

  /** Called after each followed change (the engine uses it to report position changes). */
  onChange(cb: (change: ArrangementChange) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Applies one transaction's diff. Never walks the whole document. */
  follow(change: ArrangementChange): void {
    if (this.wasDisposed) return;
    const t0 = clock();
    let retime = false;
    if (change.tempo) {
      this.tempoMap = readTempoMap(this.doc);
      this.stats.tempoMapsBuilt++;
      retime = true;
    }
    if (change.loop) {
      this.loopRange = readLoopRange(this.doc);
      retime = retime || this.looping;
    }
    for (const id of change.tracks) this.syncTrack(id, getTrack(this.doc, id));
    const read = this.notes.applyChange(this.doc, change);
    if (retime) this.scheduler.retime(this.tempoMap, this.loopSpan());
    this.stats.changes++;
    this.stats.instrumentsBuilt = this.graph.stats.instrumentsBuilt;
    this.stats.instrumentsRemoved = this.graph.stats.instrumentsRemoved;
    this.stats.clipsRead += read.clipsRead;
    this.stats.notesRead += read.notesRead;
    this.stats.lastUpdateMs = clock() - t0;
    for (const cb of this.listeners) cb(change);
  }

  dispose(): void {
    if (this.wasDisposed) return;
    this.wasDisposed = true;
    this.unobserve();
    this.listeners.clear();
    this.scheduler.stop();
    this.graph.dispose();
  }

  /** A track's strip follows the track: its instrument and mix, or nothing once it is deleted (or left out). */
  private syncTrack(id: string, track: Track | null): void {
    if (!track || (this.only && !this.only.has(id))) {
      this.graph.removeTrack(id);
      return;
    }
    this.graph.setMix(id, track);
    this.graph.setTrack(id, track.instrument ?? null);
  }
}
