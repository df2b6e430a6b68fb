/**
 * Bounded-memory offline renders: the range is rendered as a row of short OfflineAudioContexts (segment-plan.ts),
 * each starting a pre-roll before its segment so every stateful part of the graph has converged, and only the
 * segment's own samples are handed on. Memory holds one segment (pre-roll + segment), whatever the song's length:
 * each segment indexes only its own stretch's notes, audio clips read only the take frames a segment plays (ranged
 * reads), never whole takes, and a segment's realm is removed once its samples are copied (render-realm.ts).
 *
 * Beside renderOffline (offline.ts), not inside it: the same engine (EngineCore, scheduler, regions) driven the
 * same way, so a segmented render equals the one-piece one — tests compare the two.
 */
import type * as Y from "yjs";
import { planAudioPlayback, readTempoMap, type PlayRegion } from "@bandspace/model";
import { startRegion, type RegionVoice } from "./edit/region-source";
import { EngineCore } from "./core";
import { connect, inContext, OfflineContext } from "./tone";
import { loadMixWorklets, MIX_WORKLET_URL } from "./mix/worklets";
import { openRenderRealm, type RenderRealm } from "./render-realm";
import { planSegments, segmentPrerollSeconds, type RenderSegment } from "./segment-plan";
import type { Seconds, Ticks } from "./units";

/**
 * Reads frames [fromFrame, fromFrame + frames) of a take (at the take's own rate), one array per channel; fewer
 * frames at the take's end; null when the take cannot be read (its regions are then skipped).
 */
export type ReadTakeFrames = (takeId: string, fromFrame: number, frames: number) => Promise<Float32Array[] | null>;

export interface RenderSegmentedOptions {
  fromTick: Ticks;
  toTick: Ticks;
  /** Default 48000. */
  sampleRate?: number;
  /** Default 2. */
  channels?: 1 | 2;
  /** Render only these tracks (stems, bounces); default every track. */
  trackIds?: readonly string[];
  /** Extra seconds after `toTick` for release tails; default 0. */
  tailSeconds?: Seconds;
  metronome?: boolean;
  /** Seconds handed on per segment; default 20. */
  segmentSeconds?: Seconds;
  /** Pre-roll per segment; default from the document (segmentPrerollSeconds). */
  prerollSeconds?: Seconds;
  /** Where audio clips' frames come from; without it audio clips are silent. */
  readTake?: ReadTakeFrames;
  /**
   * Receives each segment's samples in order (one array per channel, frame `startFrame` of the range first). The
   * next segment is rendered once the promise settles (back-pressure); rejecting it stops the render (cancel).
   */
  onSegment: (channels: Float32Array[], startFrame: number, totalFrames: number) => Promise<void> | void;
  /**
   * Render this node's signal instead of the master's (bounce in place: a strip's pre-fader tap). Called per
   * segment once the graph is built; the master is then left unconnected (not rendered).
   */
  output?: (context: OfflineAudioContext, core: EngineCore) => AudioNode;
  /** Tests: called per segment context once its graph is built; `startSeconds` is the context's time 0. */
  prepare?: (context: OfflineAudioContext, core: EngineCore, startSeconds: Seconds) => void;
}

export interface SegmentedRenderResult {
  totalFrames: number;
  segments: number;
  prerollSeconds: Seconds;
}

/** The scheduler is handed the next stretch of notes every CHUNK seconds of audio (as in renderOffline). */
const CHUNK: Seconds = 1;

export async function renderSegmented(doc: Y.Doc, opts: RenderSegmentedOptions): Promise<SegmentedRenderResult> {
  const sampleRate = opts.sampleRate ?? 48000;
  const map = readTempoMap(doc);
  const fromSeconds = map.ticksToSeconds(opts.fromTick);
  const toSeconds = map.ticksToSeconds(Math.max(opts.fromTick, opts.toTick));
  const duration = toSeconds - fromSeconds + Math.max(0, opts.tailSeconds ?? 0);
  // The same length as renderOffline's buffer for this range.
  const totalFrames = Math.max(1, Math.ceil(duration * sampleRate));
  const prerollSeconds = opts.prerollSeconds ?? segmentPrerollSeconds(doc);
  const segments = planSegments(
    totalFrames,
    Math.round((opts.segmentSeconds ?? 20) * sampleRate),
    Math.round(prerollSeconds * sampleRate),
  );
  const regions = opts.readTake ? planAudioPlayback(doc, map) : [];
  for (const seg of segments) {
    const out = await renderSegment(doc, opts, seg, { sampleRate, fromSeconds, toSeconds, regions });
    await opts.onSegment(out, seg.startFrame, totalFrames);
  }
  return { totalFrames, segments: segments.length, prerollSeconds };
}

interface SegmentContext {
  sampleRate: number;
  fromSeconds: Seconds;
  toSeconds: Seconds;
  regions: readonly PlayRegion[];
}

/**
 * Renders one segment in a realm of its own, closed once its samples are copied out: Chromium frees a
 * worklet-bearing offline context only with its document (render-realm.ts).
 */
async function renderSegment(
  doc: Y.Doc,
  opts: RenderSegmentedOptions,
  seg: RenderSegment,
  ctx: SegmentContext,
): Promise<Float32Array[]> {
  const realm = openRenderRealm();
  try {
    return await renderSegmentIn(realm, doc, opts, seg, ctx);
  } finally {
    realm.close();
  }
}

async function renderSegmentIn(
  realm: RenderRealm,
  doc: Y.Doc,
  opts: RenderSegmentedOptions,
  seg: RenderSegment,
  { sampleRate, fromSeconds, toSeconds, regions }: SegmentContext,
): Promise<Float32Array[]> {
  const channels = opts.channels ?? 2;
  const length = seg.prerollFrames + seg.frames;
  // Context time 0 is this timeline second: a whole number of frames after the range start, as in the one-piece
  // render, so every note and region lands on the same sub-sample position.
  const startSeconds = fromSeconds + (seg.startFrame - seg.prerollFrames) / sampleRate;
  const endSeconds = startSeconds + length / sampleRate;
  const raw = new realm.OfflineAudioContext({ numberOfChannels: channels, length, sampleRate });
  const worklets = await loadMixWorklets(raw, realm.url(MIX_WORKLET_URL));
  const context = new OfflineContext(raw);
  // With an own output the engine's master feeds a node connected to nothing: Web Audio does not pull it.
  const destination = opts.output ? raw.createGain() : raw.destination;
  const quantum = 128 / sampleRate;
  const chunk = Math.max(1, Math.round(CHUNK / quantum)) * quantum;
  // The segment's note index holds only the clips this context can play: notes starting in it, up to the
  // scheduler's look-ahead (1.5 chunks) past its end, with a tick of margin — exactly the notes a whole-song index
  // would hand over. Built from the whole song, every segment of a 30-minute export read all its notes again.
  const map = readTempoMap(doc);
  const noteWindow = {
    fromTick: Math.floor(map.secondsToTicks(startSeconds)) - 1,
    toTick: Math.ceil(map.secondsToTicks(endSeconds + 2 * chunk)) + 1,
  };
  const core = inContext(
    context,
    () =>
      new EngineCore(doc, context, {
        destination,
        trackIds: opts.trackIds,
        noteWindow,
        worklets,
        scheduler: { lookAhead: 1.5 * chunk, minWindow: 0, maxLateness: Infinity },
      }),
  );
  const voices: RegionVoice[] = [];
  try {
    voices.push(...(await scheduleRegionFrames(core, raw, regions, opts, startSeconds, endSeconds, toSeconds)));
    opts.output?.(raw, core).connect(raw.destination);
    opts.prepare?.(raw, core, startSeconds);
    let failure: unknown = null;
    const step = (now: Seconds) => {
      try {
        inContext(context, () => core.scheduler.tick(now));
      } catch (err) {
        failure ??= err;
      }
    };
    const suspendAt = (k: number) => {
      const at = k * chunk;
      if (at >= length / sampleRate) return;
      void raw.suspend(at).then(() => {
        step(at);
        suspendAt(k + 1);
        return raw.resume();
      });
    };
    core.scheduler.metronome = opts.metronome === true;
    core.scheduler.start({ at: 0, fromSeconds: startSeconds, loop: null, untilSeconds: toSeconds });
    step(0);
    suspendAt(1);
    const buffer = await raw.startRendering();
    if (failure) throw failure instanceof Error ? failure : new Error("The offline render failed", { cause: failure });
    // Copies made by the page's constructor, independent of the segment's realm (closed after this).
    return Array.from(
      { length: channels },
      (_, c) => new Float32Array(buffer.getChannelData(c).subarray(seg.prerollFrames)),
    );
  } finally {
    for (const v of voices) v.gain.disconnect();
    core.dispose();
    context.dispose();
  }
}

/**
 * Starts the audio regions this segment hears, from only the take frames it plays: for each region overlapping
 * [startSeconds, endSeconds) (and before the range end), frames from where the context starts (part-way in, as
 * renderOffline does at its start) to the context's end, read from `readTake` into a buffer of just that span.
 */
async function scheduleRegionFrames(
  core: EngineCore,
  raw: OfflineAudioContext,
  regions: readonly PlayRegion[],
  opts: RenderSegmentedOptions,
  startSeconds: Seconds,
  endSeconds: Seconds,
  toSeconds: Seconds,
): Promise<RegionVoice[]> {
  const read = opts.readTake;
  if (!read) return [];
  const voices: RegionVoice[] = [];
  const tracks = opts.trackIds ? new Set(opts.trackIds) : null;
  for (const region of regions) {
    const channel = core.graph.channelFor(region.trackId);
    const rate = region.sampleRate;
    const end = region.startSeconds + region.lengthFrames / rate;
    if (!channel || (tracks && !tracks.has(region.trackId))) continue;
    if (region.startSeconds >= toSeconds || region.startSeconds >= endSeconds || end <= startSeconds) continue;
    const fromFrame =
      region.startSeconds >= startSeconds ? 0 : Math.ceil((startSeconds - region.startSeconds) * rate - 1e-9);
    // One frame past the context's end: a take at another rate interpolates towards it.
    const toFrame = Math.min(region.lengthFrames, Math.ceil((endSeconds - region.startSeconds) * rate) + 1);
    if (!(toFrame > fromFrame)) continue;
    // A reversed region plays take frame offset + length − 1 − k at its frame k: frames fromFrame…toFrame of it
    // come from the take's stretch that ends `fromFrame` frames before the region's window ends.
    const takeFrom = region.reversed
      ? region.offsetFrames + region.lengthFrames - toFrame
      : region.offsetFrames + fromFrame;
    const frames = await read(region.takeId, takeFrom, toFrame - fromFrame);
    if (!frames || frames.length === 0 || frames[0].length === 0) continue;
    const buffer = raw.createBuffer(frames.length, frames[0].length, rate);
    frames.forEach((ch, c) => buffer.copyToChannel(ch as Float32Array<ArrayBuffer>, c));
    // The buffer holds take frames from `takeFrom`: an offset that makes startRegion read them where the whole take
    // would be (forward: the buffer's frame 0 is the region's frame `fromFrame`; reversed: its last frame is).
    const shifted: PlayRegion = { ...region, offsetFrames: region.offsetFrames - takeFrom };
    // Never before the context's start (float rounding of a region that starts exactly there).
    const when = Math.max(0, region.startSeconds + fromFrame / rate - startSeconds);
    const voice = startRegion(raw, shifted, buffer, when, fromFrame, fromFrame + frames[0].length);
    if (!voice) continue;
    if (voice.source.buffer && voice.source.buffer.numberOfChannels > 1) channel.carryStereo();
    connect(voice.gain, channel.input);
    voices.push(voice);
  }
  return voices;
}
