import type * as Y from "yjs";
import { EngineCore, type EngineStats } from "./core";
import { planCountIn } from "./schedule/beats";
import { loadMixWorklets } from "./mix/worklets";
import { contextLatencyMs, LATENCY_HINTS, type LatencyHint } from "./latency";
import { MasterLoudness } from "./mix/master-loudness";
import { connect, inContext, wrapContext, type Context } from "./tone";
import type { MidiPitch, MidiVelocity, Seconds, Ticks } from "./units";

export interface EngineOptions {
  doc: Y.Doc;
  /** A native context to play in; default a new AudioContext owned (and closed) by the engine. */
  context?: BaseAudioContext;
  /** The buffer the engine's own AudioContext asks for (see latency.ts); ignored with `context`. */
  latencyHint?: LatencyHint;
}

export type TransportState = "stopped" | "paused" | "counting-in" | "playing";
export type EngineEvent = "position" | "state";

/** Time from a play/seek call to the first note, so the first window is handed over before it is due. */
const START_DELAY: Seconds = 0.05;
const AUDITION_LENGTH: Seconds = 0.5;
/**
 * How far ahead everything is handed over when a bandmate's edit arrives, before it is applied. Applying it
 * (new instruments, strips) and the page's re-render after it can hold the main thread longer than the normal
 * look-ahead (0.1 s), and a note that comes due meanwhile would be dropped as late — seen as a missing downbeat
 * in the live-edit e2e on a busy machine. The cost: an edit landing in the next 0.4 s is heard a pass later.
 */
const REMOTE_EDIT_AHEAD: Seconds = 0.4;

/**
 * The document played live. One per studio view; its own AudioContext (never Tone's global one).
 * Transport (play/pause/stop/seek, loop, metronome, count-in) is per person and lives here, not in the document.
 */
export class AudioEngine {
  /** The Tone context around the native one (for advanced use and tests). */
  readonly context: Context;
  private readonly core: EngineCore;
  private readonly raw: BaseAudioContext;
  private readonly ownsContext: boolean;
  private transport: TransportState = "stopped";
  private startTick: Ticks = 0;
  private heldTick: Ticks = 0;
  private countInBars: 0 | 1 | 2 = 0;
  private metronomeOn = false;
  private readonly listeners: Record<EngineEvent, Set<() => void>> = { position: new Set(), state: new Set() };
  private wasDisposed = false;
  private readonly worklets: boolean;
  private loudness: MasterLoudness | null = null;
  private readonly onTick = () => this.tick();
  private readonly onTransaction = (tr: Y.Transaction) => {
    if (!tr.local && this.playing && !this.wasDisposed)
      this.core.scheduler.tick(this.context.currentTime, REMOTE_EDIT_AHEAD);
  };
  private readonly doc: Y.Doc;

  /** Call from a user gesture: it starts (resumes) the AudioContext. */
  static async create(opts: EngineOptions): Promise<AudioEngine> {
    const owns = !opts.context;
    const raw = opts.context ?? new AudioContext({ latencyHint: opts.latencyHint ?? LATENCY_HINTS.balanced });
    if (raw instanceof AudioContext && raw.state === "suspended") {
      // Resolves at once inside a user gesture; without one it may wait forever — do not hang on it.
      await Promise.race([raw.resume(), new Promise((r) => setTimeout(r, 1000))]);
    }
    const worklets = await loadMixWorklets(raw);
    return new AudioEngine(opts.doc, raw, owns, worklets);
  }

  private constructor(doc: Y.Doc, raw: BaseAudioContext, ownsContext: boolean, worklets: boolean) {
    this.raw = raw;
    this.ownsContext = ownsContext;
    this.worklets = worklets;
    this.context = wrapContext(raw);
    this.core = inContext(
      this.context,
      () => new EngineCore(doc, this.context, { destination: raw.destination, worklets, meters: true }),
    );
    this.context.on("tick", this.onTick);
    this.doc = doc;
    doc.on("beforeTransaction", this.onTransaction);
  }

  get state(): TransportState {
    return this.transport;
  }

  /** True while playing or counting in. */
  get playing(): boolean {
    return this.transport === "playing" || this.transport === "counting-in";
  }

  /** The playhead in ticks; live while playing (what is being heard, output latency included). */
  get positionTick(): Ticks {
    if (!this.playing) return this.heldTick;
    const tick = this.core.scheduler.positionTick(this.heardTime());
    return tick === null ? this.heldTick : Math.max(0, Math.floor(tick + 1e-6));
  }

  get loopEnabled(): boolean {
    return this.core.loopEnabled;
  }

  get metronomeEnabled(): boolean {
    return this.metronomeOn;
  }

  get countIn(): 0 | 1 | 2 {
    return this.countInBars;
  }

  /**
   * From the graph to the ear, ms: the context's base latency (its buffer) + output latency (the device's).
   * The device's part is known only once audio flows (0 until then).
   */
  get outputLatencyMs(): number {
    return contextLatencyMs(this.raw as AudioContext);
  }

  /** A tap on the master output (unity gain): connect an AnalyserNode or a recorder to it. */
  get output(): AudioNode {
    return this.core.graph.master.output;
  }

  /**
   * The live loudness meter on the master output, made on first use (it costs a little CPU: only once someone
   * opens the master view) and kept while the engine lives, so closing the view does not lose the integrated
   * reading. Null when the mixer worklet did not load.
   */
  masterLoudness(): MasterLoudness | null {
    if (!this.loudness && this.worklets && !this.wasDisposed)
      this.loudness = new MasterLoudness(this.core.graph.master.output);
    return this.loudness;
  }

  /** What following the document has cost so far (for diagnostics and tests). */
  get stats(): Readonly<EngineStats> {
    return this.core.stats;
  }

  /** The shared core (graph, note index, scheduler) — for diagnostics and tests. */
  get internals(): EngineCore {
    return this.core;
  }

  /** Starts playing from `fromTick` (default: where the playhead is), after the count-in if one is set. */
  play(fromTick?: Ticks): void {
    if (this.wasDisposed) return;
    if (this.playing) {
      if (fromTick !== undefined) this.seek(fromTick);
      return;
    }
    const tick = Math.max(0, fromTick ?? this.heldTick);
    this.startTick = tick;
    this.heldTick = tick;
    this.resume();
    const map = this.core.map;
    const countIn = planCountIn(map, tick, this.countInBars, this.context.currentTime + START_DELAY);
    for (const c of countIn.clicks) this.core.graph.metronome.click(c.time, c.downbeat);
    this.start(tick, countIn.startCtx);
    this.setState(countIn.clicks.length > 0 ? "counting-in" : "playing");
    this.tick();
  }

  /** Stops where the playhead is; `play()` resumes from there. */
  pause(): void {
    if (!this.playing) return;
    this.heldTick = this.positionTick;
    this.halt();
    this.setState("paused");
    this.emit("position");
  }

  /** Stops and returns the playhead to where playing started. */
  stop(): void {
    if (this.playing) this.halt();
    if (this.transport === "stopped" && this.heldTick === this.startTick) return;
    this.heldTick = this.startTick;
    this.setState("stopped");
    this.emit("position");
  }

  /** Moves the playhead; while playing, playing continues from there at once (no count-in). */
  seek(tick: Ticks): void {
    if (this.wasDisposed) return;
    const to = Math.max(0, tick);
    this.startTick = to;
    this.heldTick = to;
    if (this.playing) {
      this.halt();
      this.start(to, this.context.currentTime + START_DELAY);
      this.setState("playing");
      this.tick();
    }
    this.emit("position");
  }

  /** Loop the document's loop range (`readLoopRange`), following its changes. */
  setLoop(enabled: boolean): void {
    this.core.setLoopEnabled(enabled);
  }

  /** Metronome clicks on every beat, the downbeat accented (higher and louder). */
  setMetronome(enabled: boolean): void {
    this.metronomeOn = enabled;
    this.core.scheduler.metronome = enabled;
  }

  /** Bars of clicks before playing starts (the playhead starts moving after them). */
  setCountInBars(bars: 0 | 1 | 2): void {
    this.countInBars = bars === 1 || bars === 2 ? bars : 0;
  }

  /**
   * This listener's solo: only these tracks are heard (empty: every unmuted track). Solo is per person and
   * never written to the document, so anyone — a reviewer with a comment or view link too — may solo.
   */
  setSolo(trackIds: Iterable<string>): void {
    this.core.graph.setSolo(trackIds);
  }

  /**
   * A native node that plays into a track's channel — its fader, pan and mute, and this listener's solo — for
   * audio the engine does not schedule itself (a bandmate's take heard live). The caller disconnects it when
   * done. Null when there is no such track. `channels` 2: the audio is stereo and the strip keeps it so.
   */
  trackInput(trackId: string, channels: 1 | 2 = 1): GainNode | null {
    const channel = this.core.graph.channelFor(trackId);
    if (!channel) return null;
    if (channels === 2) channel.carryStereo();
    const node = (this.context.rawContext as unknown as BaseAudioContext).createGain();
    connect(node, channel.input);
    return node;
  }

  get solo(): ReadonlySet<string> {
    return this.core.graph.solo;
  }

  /** Plays one note on a track's instrument now (a piano-roll click). */
  audition(trackId: string, pitch: MidiPitch, velocity: MidiVelocity = 100): void {
    const instrument = this.core.graph.instrumentFor(trackId);
    if (!instrument || this.wasDisposed) return;
    this.resume();
    instrument.triggerNote(pitch, this.context.currentTime + 0.005, AUDITION_LENGTH, velocity);
  }

  on(event: EngineEvent, cb: () => void): () => void {
    this.listeners[event].add(cb);
    return () => this.listeners[event].delete(cb);
  }

  dispose(): void {
    if (this.wasDisposed) return;
    this.wasDisposed = true;
    this.context.off("tick", this.onTick);
    this.doc.off("beforeTransaction", this.onTransaction);
    this.loudness?.dispose();
    this.core.dispose();
    this.listeners.position.clear();
    this.listeners.state.clear();
    if (this.ownsContext) {
      this.context.dispose(); // closes the AudioContext and ends Tone's clock worker
    } else {
      this.context.clockSource = "offline"; // ends the clock worker; the caller's context stays open
    }
  }

  private start(tick: Ticks, at: Seconds): void {
    const scheduler = this.core.scheduler;
    scheduler.metronome = this.metronomeOn;
    scheduler.start({ at, fromSeconds: this.core.map.ticksToSeconds(tick), loop: this.core.loopSpan() });
  }

  private halt(): void {
    this.core.scheduler.stop();
    this.core.graph.silence(this.context.currentTime);
  }

  private tick(): void {
    if (!this.playing || this.wasDisposed) return;
    const now = this.context.currentTime;
    this.core.scheduler.tick(now);
    if (this.transport === "counting-in" && now >= (this.core.scheduler.current?.anchorCtx ?? 0))
      this.setState("playing");
    this.emit("position");
  }

  /** Context time of the sample reaching the listener now. */
  private heardTime(): Seconds {
    const raw = this.raw as AudioContext;
    return this.context.currentTime - contextLatencyMs(raw) / 1000;
  }

  private resume(): void {
    if (this.raw instanceof AudioContext && this.raw.state === "suspended") void this.raw.resume();
  }

  private setState(state: TransportState): void {
    if (state === this.transport) return;
    this.transport = state;
    this.emit("state");
  }

  private emit(event: EngineEvent): void {
    for (const cb of this.listeners[event]) cb();
  }
}
