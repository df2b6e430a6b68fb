import type * as Y from "yjs";
import {
  getTrack,
  listTracks,
  observeArrangement,
  observeMix,
  readInsertById,
  readMix,
  readStripInserts,
  readStripLevels,
  type MixChange,
  readLoopRange,
  readTempoMap,
  type ArrangementChange,
  type TempoMap,
  type Track,
} from "@bandspace/model";
import { EngineGraph } from "./graph/graph";
import { NoteIndex, type TickWindow } from "./schedule/note-index";
import { LookAheadScheduler, type SchedulerOptions } from "./schedule/scheduler";
import type { LoopSpan } from "./schedule/timeline";
import type { Context } from "./tone";
import { routingOf } from "./mix/mix-graph";
import { noteVariation } from "./schedule/note-variation";

export interface EngineCoreOptions {
  /** Where the master bus plays (the context's destination). */
  destination: AudioNode;
  /** Play only these tracks (stems, tests); default all. */
  trackIds?: readonly string[];
  scheduler?: Partial<SchedulerOptions>;
  /** The mixer worklet module is loaded in the context (see loadMixWorklets); without it dynamics pass through. */
  worklets?: boolean;
  /** Strip meters (a live engine; offline renders need none). */
  meters?: boolean;
  /**
   * Index only the clips overlapping this stretch (an offline segment, which plays nothing outside it); default the
   * whole arrangement. Edits followed later are indexed wherever they are.
   */
  noteWindow?: TickWindow;
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
  /** Mix changes followed, and how many of them touched only parameters or levels (no chain, no routing). */
  mixChanges: number;
  mixKnobOnly: number;
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
  private readonly unobserveMix: () => void;
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
    this.notes = NoteIndex.fromDoc(doc, options.noteWindow);
    this.graph = new EngineGraph(context, options.destination, {
      worklets: options.worklets ?? false,
      meters: options.meters ?? false,
      bpm: () => this.tempoMap.bpmAt(0),
    });
    for (const track of listTracks(doc)) this.syncTrack(track.id, track);
    this.syncMix();
    this.stats = {
      changes: 0,
      tempoMapsBuilt: 1,
      instrumentsBuilt: this.graph.stats.instrumentsBuilt,
      instrumentsRemoved: 0,
      clipsRead: 0,
      notesRead: 0,
      lastUpdateMs: 0,
      mixChanges: 0,
      mixKnobOnly: 0,
    };
    this.scheduler = new LookAheadScheduler(
      this.notes,
      this.tempoMap,
      {
        note: (n, at) =>
          this.graph
            .instrumentFor(n.trackId)
            ?.triggerNote(n.pitch, at, n.duration, n.velocity, noteVariation(n.clipId, n.noteId)),
        click: (at, downbeat) => this.graph.metronome.click(at, downbeat),
        segment: (seg) => this.graph.automation.schedule(seg),
      },
      options.scheduler,
    );
    this.unobserve = observeArrangement(doc, (change) => this.follow(change));
    this.unobserveMix = observeMix(doc, (change) => this.followMix(change));
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
    if (change.tempo) this.graph.automation.retime(this.tempoMap);
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
    this.unobserveMix();
    this.listeners.clear();
    this.scheduler.stop();
    this.graph.dispose();
  }

  /**
   * Follows one transaction of the mix: a knob glides one AudioParam, an insert change rebuilds its own strip's
   * chain, a routing change reconnects feeds; automation lanes are re-read only when they changed.
   */
  followMix(change: MixChange): void {
    if (this.wasDisposed) return;
    this.stats.mixChanges++;
    if (change.chains.size === 0 && !change.routing && change.lanes.size === 0) this.stats.mixKnobOnly++;
    for (const id of change.levels) {
      const levels = readStripLevels(this.doc, id);
      if (levels && this.graph.channelFor(id)) this.graph.mix.setLevels(id, levels);
    }
    if (change.routing) this.syncRouting();
    for (const id of change.chains)
      if (this.graph.channelFor(id)) this.graph.mix.setInserts(id, readStripInserts(this.doc, id));
    for (const [insertId] of change.params) {
      const insert = readInsertById(this.doc, insertId);
      if (insert && !change.chains.has(insert.strip))
        this.graph.mix.setParams(insert, readStripInserts(this.doc, insert.strip));
    }
    if (change.lanes.size > 0 || change.chains.size > 0 || change.routing) {
      this.graph.automation.setLanes(readMix(this.doc).lanes, this.tempoMap);
    }
  }

  /** The whole mix once (construction): strips, inserts, routing, automation. */
  private syncMix(): void {
    const mix = readMix(this.doc);
    for (const s of mix.strips) {
      if (s.kind === "track" && !this.graph.channelFor(s.id)) continue; // left out of this render
      this.graph.setStrip(s.id, s.kind, s);
      this.graph.mix.setInserts(s.id, mix.inserts.get(s.id) ?? []);
    }
    const { outputs, sends } = routingOf(mix);
    this.graph.mix.setRouting(outputs, sends);
    this.graph.automation.setLanes(mix.lanes, this.tempoMap);
  }

  /** Buses come and go, outputs and sends change: make the strips and feeds match. */
  private syncRouting(): void {
    const mix = readMix(this.doc);
    const buses = new Set(mix.strips.filter((s) => s.kind === "bus").map((s) => s.id));
    for (const s of mix.strips) {
      if (s.kind !== "bus" || this.graph.channelFor(s.id)) continue;
      this.graph.setStrip(s.id, "bus", s);
      this.graph.mix.setInserts(s.id, mix.inserts.get(s.id) ?? []);
    }
    for (const id of this.graph.mix.stripIds) {
      if (this.graph.mix.strip(id)?.kind === "bus" && !buses.has(id)) this.graph.removeTrack(id);
    }
    const { outputs, sends } = routingOf(mix);
    this.graph.mix.setRouting(outputs, sends);
  }

  /** A track's strip follows the track: its instrument and mix, or nothing once it is deleted (or left out). */
  private syncTrack(id: string, track: Track | null): void {
    if (!track || (this.only && !this.only.has(id))) {
      this.graph.removeTrack(id);
      return;
    }
    const isNew = !this.graph.channelFor(id);
    const levels = readStripLevels(this.doc, id);
    if (levels) this.graph.setStrip(id, "track", levels);
    if (isNew && levels) this.graph.mix.setInserts(id, readStripInserts(this.doc, id));
    this.graph.setTrack(id, track.instrument ?? null);
  }
}
