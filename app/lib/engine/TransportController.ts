"use client";

import type { AudioEngine } from "@bandspace/audio-engine";
import {
  DEFAULT_LATENCY_CHOICE,
  LATENCY_HINTS,
  isLatencyChoice,
  type LatencyChoice,
} from "@bandspace/audio-engine/pure";
import { ValueStore, jsonEqual } from "../collab/store";
import type { SessionConnection } from "../collab/SessionConnection";

export type CountInBars = 0 | 1 | 2;

export interface TransportState {
  /** idle: no AudioContext yet (created on the first Play); starting: being created; failed: could not start. */
  engine: "idle" | "starting" | "ready" | "failed";
  playing: boolean;
  loop: boolean;
  metronome: boolean;
  countInBars: CountInBars;
  /** Tracks this person has soloed (what they hear; never in the document, so every role may solo). */
  solo: string[];
  /** The audio buffer this person chose; applied when the AudioContext is (re)created. */
  latency: LatencyChoice;
  /** The running context's base + output latency, ms (null before audio flows). */
  outputLatencyMs: number | null;
}

type Prefs = Pick<TransportState, "loop" | "metronome" | "countInBars" | "latency">;

type EngineModule = typeof import("@bandspace/audio-engine");

const PREFS_KEY = "bandspace:transport";
const PUBLISH_MS = 100; // presence: ~10 Hz while playing

/** How long after a context starts its output latency is read (the device's part is 0 until audio flows). */
const LATENCY_READ_MS = 300;

function loadPrefs(): Prefs {
  const fallback: Prefs = { loop: false, metronome: false, countInBars: 0, latency: DEFAULT_LATENCY_CHOICE };
  try {
    const raw = JSON.parse(window.localStorage.getItem(PREFS_KEY) ?? "null") as Record<string, unknown> | null;
    if (!raw) return fallback;
    return {
      loop: raw.loop === true,
      metronome: raw.metronome === true,
      countInBars: raw.countInBars === 1 || raw.countInBars === 2 ? raw.countInBars : 0,
      latency: isLatencyChoice(raw.latency) ? raw.latency : DEFAULT_LATENCY_CHOICE,
    };
  } catch {
    return fallback;
  }
}

/**
 * One studio page's transport: owns the AudioEngine (created lazily from the first Play click, because an
 * AudioContext may only start from a user gesture), the per-person settings (loop on/off, metronome,
 * count-in — not in the document), and publishes this person's transport to awareness at ~10 Hz.
 *
 * Position is read with `positionTick()` from animation frames (never through React state); discrete jumps
 * (seek, stop, play/pause) also notify `onPosition` listeners.
 */
export class TransportController {
  readonly state: ValueStore<TransportState>;
  private engine: AudioEngine | null = null;
  private engineModule: EngineModule | null = null;
  private creating: Promise<AudioEngine | null> | null = null;
  private cursorTick = 0;
  private attached = false;
  private generation = 0;
  private publishTimer: number | null = null;
  private lastPublished = { playing: false, positionTick: -1 };
  private positionListeners = new Set<() => void>();
  private engineOff: Array<() => void> = [];

  constructor(
    private readonly connection: SessionConnection,
    private readonly onError: (message: string) => void,
  ) {
    this.state = new ValueStore<TransportState>(
      { engine: "idle", playing: false, solo: [], outputLatencyMs: null, ...loadPrefs() },
      jsonEqual,
    );
  }

  /** Mount: preload the engine's code so the first Play starts audio without waiting for a download. */
  attach(): void {
    if (this.attached) return;
    this.attached = true;
    this.generation++;
    void this.loadModule().catch(() => {});
    this.publish(true);
  }

  /** Unmount: stop and dispose the engine (a new one is made on the next Play if the page mounts again). */
  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    this.generation++;
    this.stopPublishing();
    this.releaseEngine();
    this.creating = null;
    this.state.update((s) => ({ ...s, engine: "idle", playing: false }));
    try {
      this.connection.setTransport({ playing: false, positionTick: this.cursorTick });
    } catch {
      // the connection may already be gone
    }
  }

  /** The engine once created (null before the first Play) — for the clip editor's auditioning. */
  getEngine(): AudioEngine | null {
    return this.engine;
  }

  positionTick(): number {
    return this.engine ? this.engine.positionTick : this.cursorTick;
  }

  get playing(): boolean {
    return this.engine?.playing ?? false;
  }

  onPosition(listener: () => void): () => void {
    this.positionListeners.add(listener);
    return () => {
      this.positionListeners.delete(listener);
    };
  }

  /**
   * Creates the engine if needed (call from a user gesture). Resolves to null when it could not start.
   * Also used by views that need sound before the first Play (e.g. auditioning a note).
   */
  ensureEngine(): Promise<AudioEngine | null> {
    if (this.engine) return Promise.resolve(this.engine);
    if (this.creating) return this.creating;
    const generation = this.generation;
    this.state.update((s) => ({ ...s, engine: "starting" }));
    const latencyHint = LATENCY_HINTS[this.state.get().latency];
    const start = (mod: EngineModule) => mod.AudioEngine.create({ doc: this.connection.songDoc, latencyHint });
    // With the module preloaded, create() runs synchronously inside the click that asked for it.
    const created = this.engineModule ? start(this.engineModule) : this.loadModule().then(start);
    this.creating = created.then(
      (engine) => {
        if (generation !== this.generation) {
          engine.dispose();
          return null;
        }
        this.adopt(engine);
        return engine;
      },
      (err: unknown) => {
        console.error("Audio engine failed to start", err);
        this.creating = null;
        if (generation === this.generation) {
          this.state.update((s) => ({ ...s, engine: "failed", playing: false }));
          this.onError("Audio could not start in this browser. Check that sound is allowed for this page.");
        }
        return null;
      },
    );
    return this.creating;
  }

  async play(): Promise<void> {
    const engine = await this.ensureEngine();
    if (!engine || engine.playing) return;
    engine.play(this.positionTick());
    this.syncState();
  }

  pause(): void {
    const engine = this.engine;
    if (!engine || !engine.playing) return;
    engine.pause();
    this.cursorTick = engine.positionTick;
    this.syncState();
    this.emitPosition();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else void this.play();
  }

  /** Stop: back to where playback started (the engine remembers it). */
  stop(): void {
    const engine = this.engine;
    if (!engine) return;
    engine.stop();
    this.cursorTick = engine.positionTick;
    this.syncState();
    this.emitPosition();
  }

  seek(tick: number): void {
    const t = Math.max(0, Math.round(tick));
    this.cursorTick = t;
    this.engine?.seek(t);
    this.emitPosition();
    this.publish(true);
  }

  returnToStart(): void {
    this.seek(0);
  }

  setLoop(loop: boolean): void {
    this.engine?.setLoop(loop);
    this.setPrefs({ loop });
  }

  setMetronome(metronome: boolean): void {
    this.engine?.setMetronome(metronome);
    this.setPrefs({ metronome });
  }

  setCountInBars(countInBars: CountInBars): void {
    this.engine?.setCountInBars(countInBars);
    this.setPrefs({ countInBars });
  }

  /**
   * Chooses the audio buffer. An AudioContext's buffer is fixed when it is made, so a running engine is replaced
   * by one with the new buffer (call from a user gesture: the new context starts in it); playback resumes where
   * it was.
   */
  setLatency(latency: LatencyChoice): void {
    if (latency === this.state.get().latency) return;
    this.setPrefs({ latency });
    if (!this.engine && !this.creating) return;
    const wasPlaying = this.engine?.playing ?? false;
    // A context still being made has the old buffer: its creation is abandoned (and it is disposed).
    this.generation++;
    this.creating = null;
    this.releaseEngine();
    this.state.update((s) => ({ ...s, engine: "idle", playing: false, outputLatencyMs: null }));
    if (wasPlaying) void this.play();
    else void this.ensureEngine();
  }

  /**
   * Solo a track for this listener. `exclusive` (Alt/⌥-click in DAWs): solo only this one; clicking the only
   * soloed track exclusively un-solos it.
   */
  toggleSolo(trackId: string, exclusive = false): void {
    const current = this.state.get().solo;
    const on = current.includes(trackId);
    let next: string[];
    if (exclusive) next = on && current.length === 1 ? [] : [trackId];
    else next = on ? current.filter((id) => id !== trackId) : [...current, trackId];
    this.setSolo(next);
  }

  setSolo(trackIds: string[]): void {
    this.engine?.setSolo(trackIds);
    this.state.update((s) => ({ ...s, solo: [...trackIds] }));
  }

  // ---------- internals ----------

  private loadModule(): Promise<EngineModule> {
    return import("@bandspace/audio-engine").then((mod) => {
      this.engineModule = mod;
      return mod;
    });
  }

  private adopt(engine: AudioEngine): void {
    this.engine = engine;
    this.creating = null;
    const { loop, metronome, countInBars, solo } = this.state.get();
    engine.setSolo(solo);
    engine.setLoop(loop);
    engine.setMetronome(metronome);
    engine.setCountInBars(countInBars);
    engine.seek(this.cursorTick);
    this.engineOff.push(
      engine.on("state", () => this.syncState()),
      engine.on("position", () => {
        if (!engine.playing) this.cursorTick = engine.positionTick;
        this.emitPosition();
      }),
    );
    this.state.update((s) => ({ ...s, engine: "ready" }));
    window.setTimeout(() => {
      if (this.engine !== engine) return;
      const outputLatencyMs = Math.round(engine.outputLatencyMs * 10) / 10;
      this.state.update((s) => ({ ...s, outputLatencyMs }));
    }, LATENCY_READ_MS);
  }

  private releaseEngine(): void {
    for (const off of this.engineOff.splice(0)) off();
    const engine = this.engine;
    this.engine = null;
    if (engine) {
      this.cursorTick = engine.positionTick;
      try {
        engine.dispose();
      } catch (err) {
        console.warn("Audio engine dispose failed", err);
      }
    }
  }

  private syncState(): void {
    const playing = this.engine?.playing ?? false;
    if (!playing && this.engine) this.cursorTick = this.engine.positionTick;
    this.state.update((s) => (s.playing === playing ? s : { ...s, playing }));
    if (playing) this.startPublishing();
    else this.stopPublishing();
    this.publish(true);
  }

  private setPrefs(patch: Partial<Prefs>): void {
    this.state.update((s) => ({ ...s, ...patch }));
    const { loop, metronome, countInBars, latency } = this.state.get();
    try {
      window.localStorage.setItem(PREFS_KEY, JSON.stringify({ loop, metronome, countInBars, latency }));
    } catch {
      // storage blocked: the settings last for this page view
    }
  }

  private emitPosition(): void {
    for (const l of [...this.positionListeners]) l();
  }

  private startPublishing(): void {
    if (this.publishTimer !== null) return;
    this.publishTimer = window.setInterval(() => this.publish(false), PUBLISH_MS);
  }

  private stopPublishing(): void {
    if (this.publishTimer === null) return;
    window.clearInterval(this.publishTimer);
    this.publishTimer = null;
  }

  private publish(force: boolean): void {
    if (!this.attached) return;
    const playing = this.playing;
    const positionTick = Math.round(this.positionTick());
    const last = this.lastPublished;
    if (!force && last.playing === playing && last.positionTick === positionTick) return;
    this.lastPublished = { playing, positionTick };
    this.connection.setTransport({ playing, positionTick });
  }
}
