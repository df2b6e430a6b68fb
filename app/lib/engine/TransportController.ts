"use client";

import type { AudioEngine } from "@bandspace/audio-engine";
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
}

type EngineModule = typeof import("@bandspace/audio-engine");

const PREFS_KEY = "bandspace:transport";
const PUBLISH_MS = 100; // presence: ~10 Hz while playing

function loadPrefs(): Pick<TransportState, "loop" | "metronome" | "countInBars"> {
  const fallback = { loop: false, metronome: false, countInBars: 0 as CountInBars };
  try {
    const raw = JSON.parse(window.localStorage.getItem(PREFS_KEY) ?? "null") as Record<string, unknown> | null;
    if (!raw) return fallback;
    return {
      loop: raw.loop === true,
      metronome: raw.metronome === true,
      countInBars: raw.countInBars === 1 || raw.countInBars === 2 ? raw.countInBars : 0,
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
      { engine: "idle", playing: false, solo: [], ...loadPrefs() },
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
    const start = (mod: EngineModule) => mod.AudioEngine.create({ doc: this.connection.songDoc });
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

  private setPrefs(patch: Partial<Pick<TransportState, "loop" | "metronome" | "countInBars">>): void {
    this.state.update((s) => ({ ...s, ...patch }));
    const { loop, metronome, countInBars } = this.state.get();
    try {
      window.localStorage.setItem(PREFS_KEY, JSON.stringify({ loop, metronome, countInBars }));
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
