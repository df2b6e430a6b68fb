import type * as Y from "yjs";
import { listAudioClips, planAudioPlayback, type PlayRegion } from "@bandspace/model";
import type { AudioEngine } from "../engine";
import { connect } from "../tone";
import type { Seconds } from "../units";
import { startRegion, type RegionVoice } from "../edit/region-source";

/** Fetches and decodes a take's audio (the app supplies it: HTTP + auth + cache). */
export type TakeLoader = (takeId: string) => Promise<AudioBuffer>;

const LOOK_AHEAD: Seconds = 0.25;

/**
 * Plays the document's audio clips with the engine's transport: on every engine tick it hands Web Audio the
 * regions (model planAudioPlayback: clips with trims, slips, gains, fades, crossfades, and comps in place of their
 * recording's clip; edit/region-source.ts plays each sample-accurately) starting in the look-ahead window — from the same PlaybackTimeline the notes use, so loops wrap and
 * seeks land identically — plus, at a play start or a loop wrap, the clips already under way (started part-way
 * in). Decoded takes are cached; a take still loading is skipped this pass.
 */
export class AudioClipPlayer {
  private regions: PlayRegion[] = [];
  /** Set by any document change; the regions are planned again on the next tick (not on every keystroke). */
  private regionsStale = true;
  private readonly buffers = new Map<string, AudioBuffer | "loading" | "failed">();
  /** Regions playing or due; a reversed one is extended block by block as the look-ahead reaches it. */
  private readonly voices = new Set<RegionVoice>();
  /**
   * Takes whose audio arrived while playing: their regions already under way join part-way on the next tick, so a
   * take that starts loading only once playback reaches a comp naming it is not silent for the rest of the pass.
   */
  private readonly arrived = new Set<string>();
  private cursor: Seconds = -1;
  private timelineSeen: unknown = null;
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly engine: AudioEngine,
    private readonly doc: Y.Doc,
    private readonly load: TakeLoader,
  ) {
    for (const c of listAudioClips(doc)) this.ensure(c.takeId);
    const onChange = () => {
      this.regionsStale = true;
      // Comp segments may name takes no clip plays yet: load what the plan plays, not only what clips name.
      for (const c of listAudioClips(doc)) this.ensure(c.takeId);
    };
    doc.on("afterTransaction", onChange);
    this.offs.push(
      () => doc.off("afterTransaction", onChange),
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
      (b) => {
        this.buffers.set(takeId, b);
        if (this.engine.playing) this.arrived.add(takeId);
      },
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
    for (const v of this.voices) v.extend(to);
    if (to <= this.cursor) return;
    if (this.regionsStale) {
      // Regions carry seconds: derive them with the scheduler's tempo map, so clips and notes agree.
      this.regions = planAudioPlayback(this.doc, scheduler.tempoMap);
      this.regionsStale = false;
      for (const r of this.regions) this.ensure(r.takeId);
    }
    const raw = this.engine.context.rawContext as unknown as BaseAudioContext;
    const loopEnd = timeline.loop && timeline.anchorSeconds < timeline.loop.end ? timeline.loop.end : Infinity;
    const segments = timeline.segments(this.cursor, to);
    for (const seg of segments) {
      // Clips already under way start part-way in only where playing begins: the anchor, or a loop wrap.
      const segStartsPass =
        (fresh && seg === segments[0]) || (seg.pass > 0 && Math.abs(seg.ctxStart - seg.passCtx) < 1e-9);
      for (const region of this.regions) {
        const buffer = this.buffer(region.takeId);
        if (!buffer) continue;
        const joinsUnderWay = segStartsPass || (seg === segments[0] && this.arrived.has(region.takeId));
        const rate = region.sampleRate;
        const start = region.startSeconds;
        const end = start + region.lengthFrames / rate;
        let when: Seconds;
        let fromFrame: number;
        if (start >= seg.from && start < seg.to) {
          when = seg.ctxStart + (start - seg.from);
          fromFrame = 0;
        } else if (joinsUnderWay && start < seg.from && end > seg.from) {
          fromFrame = Math.ceil((seg.from - start) * rate - 1e-9);
          when = seg.ctxStart + (start + fromFrame / rate - seg.from);
        } else continue;
        // Late (a slow tick): skip the frames whose time has passed rather than play them shifted.
        if (when < raw.currentTime) {
          const late = Math.ceil((raw.currentTime - when) * rate);
          fromFrame += late;
          when += late / rate;
        }
        const toFrame = Math.min(region.lengthFrames, Math.round((loopEnd - start) * rate));
        // Through the track's channel, so the track's fader, pan, mute and this listener's solo apply.
        const channel = this.engine.internals.graph.channelFor(region.trackId);
        if (!channel) continue;
        const voice = startRegion(raw, region, buffer, when, fromFrame, toFrame, to);
        if (!voice) continue;
        if (voice.channels > 1) channel.carryStereo();
        connect(voice.gain, channel.input);
        this.voices.add(voice);
        voice.onended = () => {
          this.voices.delete(voice);
          voice.gain.disconnect();
        };
      }
    }
    this.arrived.clear();
    this.cursor = to;
  }

  private silence(): void {
    for (const v of this.voices) v.stop();
    this.voices.clear();
    this.arrived.clear();
    this.timelineSeen = null;
  }

  dispose(): void {
    this.silence();
    for (const off of this.offs) off();
  }
}
