import type * as Y from "yjs";
import { listAudioClips, getTake, observeTakes, type AudioClip } from "@bandspace/model";
import type { AudioEngine } from "../engine";
import { connect } from "../tone";
import type { Seconds } from "../units";

/** Fetches and decodes a take's audio (the app supplies it: HTTP + auth + cache). */
export type TakeLoader = (takeId: string) => Promise<AudioBuffer>;

const LOOK_AHEAD: Seconds = 0.25;

/**
 * Plays the document's audio clips with the engine's transport: on every engine tick it hands Web Audio the
 * clips starting in the look-ahead window — from the same PlaybackTimeline the notes use, so loops wrap and
 * seeks land identically — plus, at a play start or a loop wrap, the clips already under way (started part-way
 * in). Decoded takes are cached; a take still loading is skipped this pass.
 */
export class AudioClipPlayer {
  private clips: AudioClip[];
  private readonly buffers = new Map<string, AudioBuffer | "loading" | "failed">();
  private readonly sources = new Set<AudioBufferSourceNode>();
  private cursor: Seconds = -1;
  private timelineSeen: unknown = null;
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly engine: AudioEngine,
    private readonly doc: Y.Doc,
    private readonly load: TakeLoader,
  ) {
    this.clips = listAudioClips(doc);
    for (const c of this.clips) this.ensure(c.takeId);
    this.offs.push(
      observeTakes(doc, () => {
        this.clips = listAudioClips(doc);
        for (const c of this.clips) this.ensure(c.takeId);
      }),
      engine.on("position", () => this.tick()),
      engine.on("state", () => {
        if (!engine.playing) this.silence();
      }),
    );
  }

  /** Decoded take, if loaded (tests and waveform views reuse it). */
  buffer(takeId: string): AudioBuffer | null {
    const b = this.buffers.get(takeId);
    return b && typeof b !== "string" ? b : null;
  }

  private ensure(takeId: string): void {
    if (this.buffers.has(takeId)) return;
    this.buffers.set(takeId, "loading");
    this.load(takeId).then(
      (b) => this.buffers.set(takeId, b),
      () => this.buffers.set(takeId, "failed"),
    );
  }

  private tick(): void {
    const scheduler = this.engine.internals.scheduler;
    const timeline = scheduler.current;
    if (!timeline || !this.engine.playing) return;
    const now = this.engine.context.currentTime;
    let fresh = false;
    if (timeline !== this.timelineSeen) {
      fresh = true;
      // A new anchor (play, seek, tempo or loop change): start from it, including clips under way.
      if (this.timelineSeen !== null) this.silence();
      this.timelineSeen = timeline;
      this.cursor = Math.max(timeline.anchorCtx, now);
    }
    const to = now + LOOK_AHEAD;
    if (to <= this.cursor) return;
    const map = scheduler.tempoMap;
    const raw = this.engine.context.rawContext as unknown as BaseAudioContext;
    const loopEnd = timeline.loop && timeline.anchorSeconds < timeline.loop.end ? timeline.loop.end : Infinity;
    const segments = timeline.segments(this.cursor, to);
    for (const seg of segments) {
      // Clips already under way start part-way in only where playing begins: the anchor, or a loop wrap.
      const segStartsPass =
        (fresh && seg === segments[0]) || (seg.pass > 0 && Math.abs(seg.ctxStart - seg.passCtx) < 1e-9);
      for (const clip of this.clips) {
        const buffer = this.buffer(clip.takeId);
        const take = getTake(this.doc, clip.takeId);
        if (!buffer || !take) continue;
        const rate = buffer.sampleRate;
        const start = map.ticksToSeconds(clip.startTick);
        const length = Math.min(clip.lengthFrames, buffer.length - clip.offsetFrames) / rate;
        const end = Math.min(start + length, loopEnd);
        if (!(length > 0)) continue;
        let when: Seconds;
        let offset: Seconds;
        if (start >= seg.from && start < seg.to) {
          when = seg.ctxStart + (start - seg.from);
          offset = clip.offsetFrames / rate;
        } else if (segStartsPass && start < seg.from && end > seg.from) {
          when = seg.ctxStart;
          offset = clip.offsetFrames / rate + (seg.from - start);
        } else continue;
        const duration = end - (start + offset - clip.offsetFrames / rate);
        // Through the track's channel, so the track's fader, pan, mute and this listener's solo apply.
        const channel = this.engine.internals.graph.channelFor(clip.trackId);
        if (duration <= 0 || !channel) continue;
        const src = raw.createBufferSource();
        src.buffer = buffer;
        const gain = raw.createGain();
        gain.gain.value = Math.pow(10, clip.gainDb / 20);
        src.connect(gain);
        connect(gain, channel.input);
        src.start(Math.max(when, raw.currentTime), offset + Math.max(0, raw.currentTime - when), duration);
        this.sources.add(src);
        src.onended = () => {
          this.sources.delete(src);
          gain.disconnect();
        };
      }
    }
    this.cursor = to;
  }

  private silence(): void {
    for (const s of this.sources) {
      try {
        s.stop();
      } catch {
        /* already stopped */
      }
    }
    this.sources.clear();
    this.timelineSeen = null;
  }

  dispose(): void {
    this.silence();
    for (const off of this.offs) off();
  }
}
