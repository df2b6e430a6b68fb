"use client";

import type {
  AudioClipPlayer,
  AudioEngine,
  InputCapture,
  InputDevice,
  Recorder,
  SegmenterEvent,
} from "@bandspace/audio-engine";
import {
  addRecordedTake,
  getTrack,
  randomId,
  readLoopRange,
  setTrackInputChannels,
  type Origin,
  type TrackInputChannels,
} from "@bandspace/model";
import { takeAudioPath, takePeaksPath, TakePeaks, type TakeInfo } from "@bandspace/protocol";
import { decodeWav, deinterleave } from "@bandspace/dsp";
import { ValueStore, jsonEqual } from "../collab/store";
import type { SessionConnection } from "../collab/SessionConnection";
import type { TransportController } from "../engine/TransportController";
import { TakeUploader } from "./TakeUploader";
import { LiveTakeStore } from "./liveTakes";
import { effectiveLatencyMs, loadLatency, saveLatency, type LatencySetting } from "./latency";

type EngineModule = typeof import("@bandspace/audio-engine");

export interface RecordingState {
  armedTrackId: string | null;
  devices: InputDevice[];
  deviceId: string;
  /** Input open (permission granted, capturing for the meter). */
  input: "closed" | "opening" | "open" | "denied";
  inputLabel: string;
  /** Channels the open input gives (0 while closed). */
  inputChannels: number;
  /** The armed track records stereo but the open input gives one channel: its takes are recorded mono. */
  stereoFallback: boolean;
  monitor: boolean;
  /** Punch between the loop-range locators instead of recording from the playhead. */
  punch: boolean;
  recording: boolean;
  latency: LatencySetting;
  calibration: {
    running: boolean;
    progress: number;
    error: string | null;
    lastSpreadMs: number | null;
    /** Context time of the last test's first click (diagnostics: where the clicks were played). */
    firstClickCtx: number | null;
  };
  /** Context time at which the last recording's first tick played (diagnostics: pairs with firstClickCtx). */
  lastAnchorCtx: number | null;
  listenLive: boolean;
  error: string | null;
}

/** Take ids: 24 characters of base36 (the protocol's TakeId accepts 16–32). */
export function newTakeId(): string {
  return randomId(24);
}

/**
 * Recording for one studio page: arming, the input (device, meter, monitor), latency calibration, the
 * Recorder against the engine's transport, streaming through the TakeUploader, placing finished takes in the
 * document, following bandmates' takes as they arrive (growing waveforms, listen live) and playing audio clips.
 */
export class RecordingController {
  readonly state: ValueStore<RecordingState>;
  readonly live = new LiveTakeStore();
  /** Set while attached (mounted). */
  uploader: TakeUploader | null = null;
  readonly uploadStatus = new ValueStore<import("./TakeUploader").UploadStatus>(
    { online: false, takes: [] },
    jsonEqual,
  );
  private input: InputCapture | null = null;
  private recorder: Recorder | null = null;
  private clipPlayer: AudioClipPlayer | null = null;
  private mod: EngineModule | null = null;
  /** Takes heard live: a player each, into its track's channel through `input` (disconnected when done). */
  private liveListen = new Map<
    string,
    { player: import("@bandspace/audio-engine").LiveTakePlayer; input: AudioNode }
  >();
  private readonly peaksCache = new Map<string, Promise<TakePeaks | null>>();
  private readonly offs: (() => void)[] = [];
  private recordingIds = new Map<number, string>();

  constructor(
    private readonly connection: SessionConnection,
    private readonly transport: TransportController,
    private readonly sessionId: string,
    private readonly token: string,
    private readonly userId: string,
    private readonly displayName: () => string,
    private readonly origin: Origin,
  ) {
    this.state = new ValueStore<RecordingState>(
      {
        armedTrackId: null,
        devices: [],
        deviceId: "",
        input: "closed",
        inputLabel: "",
        inputChannels: 0,
        stereoFallback: false,
        monitor: false,
        punch: false,
        recording: false,
        latency: loadLatency(userId, ""),
        calibration: { running: false, progress: 0, error: null, lastSpreadMs: null, firstClickCtx: null },
        lastAnchorCtx: null,
        listenLive: false,
        error: null,
      },
      jsonEqual,
    );
  }

  /** Mount: follow relays, resume the outbox, follow the engine. (Unmount: detach; strict mode may do both twice.) */
  attach(): void {
    if (this.uploader) return;
    const connection = this.connection;
    const uploader = new TakeUploader(this.sessionId, connection.live, (take, info) =>
      this.placeTake(take.groupId, info),
    );
    this.uploader = uploader;
    this.offs.push(uploader.status.subscribe(() => this.uploadStatus.set(uploader.status.get())));
    const socket = connection.live.socket;
    const onStarted = (info: TakeInfo) => this.live.start(info, false);
    const onChunk = (c: { takeId: string; startFrame: number; pcm: ArrayBuffer | Uint8Array }) => {
      const pcm = toFloat32(c.pcm);
      this.live.append(c.takeId, pcm, c.startFrame);
      if (this.state.get().listenLive) this.listenTo(c.takeId)?.push(c.startFrame, pcm);
    };
    const onEnded = (info: TakeInfo) => this.finishLive(info.takeId);
    const onAborted = (r: { takeId: string }) => this.finishLive(r.takeId);
    socket.on("take:started", onStarted);
    socket.on("take:chunk", onChunk);
    socket.on("take:ended", onEnded);
    socket.on("take:aborted", onAborted);
    this.offs.push(() => {
      socket.off("take:started", onStarted);
      socket.off("take:chunk", onChunk);
      socket.off("take:ended", onEnded);
      socket.off("take:aborted", onAborted);
    });
    this.offs.push(this.transport.state.subscribe(() => this.syncEngine()));
    this.syncEngine();
  }

  /** Audio URL with the share token (same-origin fetches, <audio>, tests). */
  audioUrl(takeId: string): string {
    return `${takeAudioPath(this.sessionId, takeId)}?token=${encodeURIComponent(this.token)}`;
  }

  /** The server's waveform overview of a finished take (cached). */
  peaks(takeId: string): Promise<TakePeaks | null> {
    let p = this.peaksCache.get(takeId);
    if (!p) {
      p = fetch(`${takePeaksPath(this.sessionId, takeId)}?token=${encodeURIComponent(this.token)}`)
        .then(async (r) => (r.ok ? TakePeaks.parse(await r.json()) : null))
        .catch(() => null);
      // `p` never rejects (caught above): a failed fetch is forgotten so the next look tries again.
      void p.then((v) => v === null && this.peaksCache.delete(takeId));
      this.peaksCache.set(takeId, p);
    }
    return p;
  }

  arm(trackId: string | null): void {
    this.state.update((s) => ({ ...s, armedTrackId: s.armedTrackId === trackId ? null : trackId }));
    const { armedTrackId: armed, input } = this.state.get();
    // Opened again only once open (an input still opening is checked again when recording starts).
    if (armed && (input === "closed" || (input === "open" && !this.inputFits(armed)))) void this.openInput();
    else this.updateFallback();
  }

  /**
   * Mono / Stereo for a track (shared with the band through the document). When the track is armed here the input
   * is opened again asking for what the track now records.
   */
  setTrackInputChannels(trackId: string, channels: TrackInputChannels): void {
    try {
      setTrackInputChannels(this.connection.songDoc, trackId, channels, this.origin);
    } catch (err) {
      this.state.update((s) => ({ ...s, error: err instanceof Error ? err.message : String(err) }));
      return;
    }
    if (this.state.get().armedTrackId === trackId && this.input && !this.inputFits(trackId)) void this.openInput();
    else this.updateFallback();
  }

  /** What the track records: 2 for a stereo track, else 1. */
  private trackChannels(trackId: string | null): TrackInputChannels {
    return (trackId && getTrack(this.connection.songDoc, trackId)?.inputChannels) || 1;
  }

  /** The open input was asked for at least the channels the track records (a stereo input serves a mono track). */
  private inputFits(trackId: string): boolean {
    return !!this.input && this.input.requestedChannels >= this.trackChannels(trackId);
  }

  /** The channels a take on the armed track gets: stereo only when the track wants it and the input gives two. */
  private takeChannels(trackId: string, input: InputCapture): 1 | 2 {
    return this.trackChannels(trackId) === 2 && input.channelCount === 2 ? 2 : 1;
  }

  private updateFallback(): void {
    const st = this.state.get();
    const fallback =
      !!this.input && !!st.armedTrackId && this.trackChannels(st.armedTrackId) === 2 && this.input.channelCount < 2;
    if (fallback !== st.stereoFallback) this.state.update((s) => ({ ...s, stereoFallback: fallback }));
  }

  setMonitor(on: boolean): void {
    this.input?.setMonitor(on);
    this.state.update((s) => ({ ...s, monitor: on }));
  }

  setPunch(on: boolean): void {
    this.state.update((s) => ({ ...s, punch: on }));
  }

  setListenLive(on: boolean): void {
    if (!on) this.stopListening();
    this.state.update((s) => ({ ...s, listenLive: on }));
    if (on) void this.transport.ensureEngine();
  }

  setManualOffset(ms: number): void {
    const latency = { ...this.state.get().latency, offsetMs: Math.max(-500, Math.min(500, Math.round(ms * 10) / 10)) };
    saveLatency(this.userId, this.state.get().inputLabel, latency);
    this.state.update((s) => ({ ...s, latency }));
  }

  inputPeaks(): number[] {
    return this.input?.peaks ?? [];
  }

  /**
   * Opens (or switches) the input device; call from a user gesture (it may start the AudioContext). Both channels
   * are asked for when the armed track records stereo.
   */
  async openInput(deviceId?: string): Promise<void> {
    const engine = await this.transport.ensureEngine();
    const mod = await this.module();
    if (!engine) return;
    this.state.update((s) => ({ ...s, input: "opening", error: null }));
    try {
      this.input?.dispose();
      this.input = null;
      const ctx = engine.context.rawContext as unknown as AudioContext;
      const input = await mod.InputCapture.open(ctx, {
        deviceId: deviceId || undefined,
        channels: this.trackChannels(this.state.get().armedTrackId),
      });
      this.input = input;
      input.setMonitor(this.state.get().monitor);
      const devices = await mod.listInputDevices().catch(() => []);
      const label = input.deviceLabel;
      this.state.update((s) => ({
        ...s,
        input: "open",
        devices,
        deviceId: deviceId ?? input.stream.getAudioTracks()[0]?.getSettings().deviceId ?? "",
        inputLabel: label,
        inputChannels: input.channelCount,
        latency: loadLatency(this.userId, label),
      }));
      this.updateFallback();
    } catch (err) {
      const denied = err instanceof DOMException && (err.name === "NotAllowedError" || err.name === "SecurityError");
      this.state.update((s) => ({
        ...s,
        input: denied ? "denied" : "closed",
        error: denied
          ? "The browser blocked the microphone. Allow it in the address bar's site settings, then try again."
          : `The input could not be opened (${err instanceof Error ? err.message : String(err)}).`,
      }));
    }
  }

  async calibrate(): Promise<void> {
    const mod = await this.module();
    if (!this.input) await this.openInput(this.state.get().deviceId);
    const input = this.input;
    if (!input) return;
    this.state.update((s) => ({
      ...s,
      calibration: { running: true, progress: 0, error: null, lastSpreadMs: null, firstClickCtx: null },
    }));
    try {
      const result = await mod.measureRoundTripLatency(input, {
        onProgress: (p) =>
          this.state.update((s) => ({ ...s, calibration: { ...s.calibration, progress: Math.round(p * 100) / 100 } })),
      });
      const latency: LatencySetting = {
        ...this.state.get().latency,
        roundTripMs: Math.round(result.latencyMs * 100) / 100,
        measuredAt: Date.now(),
      };
      saveLatency(this.userId, this.state.get().inputLabel, latency);
      this.state.update((s) => ({
        ...s,
        latency,
        calibration: {
          running: false,
          progress: 1,
          error: null,
          lastSpreadMs: result.spreadMs,
          firstClickCtx: result.firstClickCtx,
        },
      }));
    } catch (err) {
      this.state.update((s) => ({
        ...s,
        calibration: {
          running: false,
          progress: 0,
          error: err instanceof Error ? err.message : String(err),
          lastSpreadMs: null,
          firstClickCtx: null,
        },
      }));
    }
  }

  /** Starts recording on the armed track (R). Opens the input first if needed. */
  async record(): Promise<void> {
    const st = this.state.get();
    if (st.recording) return this.stop();
    if (!st.armedTrackId) {
      this.state.update((s) => ({ ...s, error: "Arm an audio track first (the ● button in its header)." }));
      return;
    }
    const engine = await this.transport.ensureEngine();
    if (!engine) return;
    if (!this.input || !this.inputFits(st.armedTrackId)) await this.openInput(st.deviceId);
    const input = this.input;
    if (!input) return;
    const mod = await this.module();
    if (this.transport.playing) this.transport.stop();
    const trackId = st.armedTrackId;
    const latencyMs = effectiveLatencyMs(st.latency);
    const loopOn = this.transport.state.get().loop;
    const loop = readLoopRange(this.connection.songDoc);
    const groupId = newTakeId();
    const rate = input.context.sampleRate;
    // A mono track records one channel whatever the device gives (two are averaged: what a mono strip played).
    const channels = this.takeChannels(trackId, input);
    this.updateFallback();
    this.recordingIds = new Map();
    const recorder = new mod.Recorder(engine, input);
    this.recorder = recorder;
    const fromTick =
      st.punch && !loopOn ? Math.min(this.transport.positionTick(), loop.startTick) : this.transport.positionTick();
    recorder.start({
      fromTick: loopOn ? Math.min(fromTick, loop.startTick) : fromTick,
      latency: latencyMs / 1000,
      loop: loopOn,
      punch: st.punch ? { inTick: loop.startTick, outTick: loop.endTick } : null,
      channels,
      chunkSeconds: 0.2,
      onEvent: (e) => this.onSegment(e, { trackId, groupId, rate, channels, latencyMs }),
    });
    const anchor = engine.internals.scheduler.current?.anchorCtx ?? null;
    this.state.update((s) => ({ ...s, recording: true, error: null, lastAnchorCtx: anchor }));
  }

  async stop(): Promise<void> {
    const recorder = this.recorder;
    if (!recorder) return;
    this.recorder = null;
    await recorder.stop();
    this.state.update((s) => ({ ...s, recording: false }));
  }

  detach(): void {
    void this.recorder?.stop();
    this.recorder = null;
    this.input?.dispose();
    this.input = null;
    this.clipPlayer?.dispose();
    this.clipPlayer = null;
    this.stopListening();
    for (const off of this.offs.splice(0)) off();
    this.uploader?.dispose();
    this.uploader = null;
    this.state.update((s) => ({ ...s, input: "closed", recording: false, monitor: false }));
  }

  private onSegment(
    e: SegmenterEvent,
    t: { trackId: string; groupId: string; rate: number; channels: 1 | 2; latencyMs: number },
  ): void {
    if (e.type === "take-start") {
      const takeId = newTakeId();
      this.recordingIds.set(e.passIndex, takeId);
      const start = {
        takeId,
        trackId: t.trackId,
        sampleRate: t.rate,
        channels: t.channels,
        startTick: e.startTick,
        latencyMs: t.latencyMs,
        passIndex: e.passIndex,
        displayName: this.displayName().slice(0, 60),
      };
      this.live.start({ ...start, createdBy: start.displayName }, true);
      void this.uploader?.begin(start, t.groupId);
      return;
    }
    const takeId = this.recordingIds.get(e.passIndex);
    if (!takeId) return;
    if (e.type === "chunk") {
      this.live.append(takeId, e.pcm);
      void this.uploader?.chunk(takeId, e.seq, e.frames, e.pcm);
    } else {
      void this.uploader?.end(takeId, e.chunkCount, e.totalFrames);
      // A punch ends at the out-locator by itself: recording is over, playback goes on (as in a DAW; Space
      // stops it). Checked after the recorder has released its input, which it does right after this event.
      const recorder = this.recorder;
      queueMicrotask(() => {
        if (!recorder || this.recorder !== recorder || recorder.active) return;
        this.recorder = null;
        this.state.update((s) => ({ ...s, recording: false }));
      });
    }
  }

  /** The server has the whole take: it becomes a clip on the track (or the newest pass of its loop recording). */
  private placeTake(groupId: string, info: TakeInfo): void {
    this.live.end(info.takeId);
    if (info.frames < 1) return;
    try {
      addRecordedTake(
        this.connection.songDoc,
        {
          takeId: info.takeId,
          trackId: info.trackId,
          groupId,
          passIndex: info.passIndex,
          startTick: info.startTick,
          sampleRate: info.sampleRate,
          channels: info.channels === 2 ? 2 : 1,
          frames: info.frames,
          latencyMs: Math.max(-2000, Math.min(2000, info.latencyMs)),
          createdBy: info.createdBy.slice(0, 60),
          createdAt: Date.parse(info.createdAt) || Date.now(),
        },
        this.origin,
      );
    } catch (err) {
      this.state.update((s) => ({
        ...s,
        error: `The take was saved but could not be placed: ${err instanceof Error ? err.message : String(err)}`,
      }));
    }
  }

  private finishLive(takeId: string): void {
    // Keep drawing the live waveform until the clip (from the document) has had time to arrive.
    window.setTimeout(() => this.live.end(takeId), 1500);
    const listening = this.liveListen.get(takeId);
    if (listening) window.setTimeout(() => release(listening), 2000);
    this.liveListen.delete(takeId);
  }

  private listenTo(takeId: string) {
    let p = this.liveListen.get(takeId);
    const take = this.live.takes.get(takeId);
    const engine = this.transport.getEngine();
    if (!p && take && engine && this.mod) {
      const ctx = engine.context.rawContext as unknown as AudioContext;
      // Through the take's track: the band's fader and mute and this listener's solo apply while it records.
      const channels = take.channels === 2 ? 2 : 1;
      let input: AudioNode | null = engine.trackInput(take.trackId, channels);
      if (!input) {
        // Its track is not (yet) in this listener's document: straight to the output.
        input = ctx.createGain();
        input.connect(engine.output);
      }
      p = { player: new this.mod.LiveTakePlayer(ctx, take.sampleRate, channels, input, 0.3), input };
      this.liveListen.set(takeId, p);
    }
    return p?.player;
  }

  private stopListening(): void {
    for (const p of this.liveListen.values()) release(p);
    this.liveListen.clear();
  }

  private async module(): Promise<EngineModule> {
    if (!this.mod) this.mod = await import("@bandspace/audio-engine");
    return this.mod;
  }

  private syncEngine(): void {
    const engine = this.transport.getEngine();
    if (engine && !this.clipPlayer) {
      void this.module().then((mod) => {
        if (this.clipPlayer || this.transport.getEngine() !== engine) return;
        this.clipPlayer = new mod.AudioClipPlayer(engine, this.connection.songDoc, (takeId) =>
          this.loadTake(engine, takeId),
        );
      });
    } else if (!engine && this.clipPlayer) {
      this.clipPlayer.dispose();
      this.clipPlayer = null;
    }
  }

  private async loadTake(engine: AudioEngine, takeId: string): Promise<AudioBuffer> {
    const res = await fetch(this.audioUrl(takeId));
    if (!res.ok) throw new Error(`Take ${takeId}: HTTP ${res.status}`);
    const wav = decodeWav(new Uint8Array(await res.arrayBuffer()));
    const ctx = engine.context.rawContext as unknown as BaseAudioContext;
    // Built by hand at the take's own rate: decodeAudioData would resample to the context's rate.
    const buffer = ctx.createBuffer(wav.channels, Math.max(1, wav.frames), wav.sampleRate);
    // Every channel of the take (a stereo take plays in stereo through its track's strip).
    deinterleave(wav.samples.subarray(0, wav.frames * wav.channels), wav.channels).forEach((ch, c) =>
      buffer.copyToChannel(ch as Float32Array<ArrayBuffer>, c),
    );
    return buffer;
  }
}

function toFloat32(pcm: ArrayBuffer | Uint8Array): Float32Array {
  if (pcm instanceof ArrayBuffer) return new Float32Array(pcm.slice(0));
  const copy = pcm.slice();
  return new Float32Array(copy.buffer, 0, copy.byteLength >> 2);
}

function release(listening: { player: { dispose: () => void }; input: AudioNode }): void {
  listening.player.dispose();
  listening.input.disconnect();
}
