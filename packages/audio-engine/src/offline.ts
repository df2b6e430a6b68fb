import type * as Y from "yjs";
import { planAudioPlayback, readTempoMap } from "@bandspace/model";
import { startRegion, type RegionVoice } from "./edit/region-source";
import { EngineCore } from "./core";
import { connect, inContext, OfflineContext } from "./tone";
import { loadMixWorklets } from "./mix/worklets";
import type { Seconds, Ticks } from "./units";

export interface RenderOfflineOptions {
  fromTick: Ticks;
  toTick: Ticks;
  /** Default 48000. */
  sampleRate?: number;
  /** Default 2. */
  channels?: 1 | 2;
  /** Render only these tracks (stems, tests); default every track. */
  trackIds?: readonly string[];
  /** Extra seconds after `toTick` so release tails are kept (no note starts in it); default 0. */
  tailSeconds?: Seconds;
  /**
   * Decoded takes by take id: audio clips (trims, slips, gains, fades, crossfades, comps — model
   * planAudioPlayback) play from these. A region whose take is missing is skipped; default none.
   */
  takeBuffers?: ReadonlyMap<string, AudioBuffer>;
  /** Render the metronome's clicks too (tests of the click track; with `trackIds: []`, the clicks alone). */
  metronome?: boolean;
  /**
   * Streaming renders (exports): where the engine's output goes instead of the context's destination — e.g. an
   * AudioWorklet that hands blocks on as they are rendered. Called once the context exists (load worklets here).
   */
  output?: (context: OfflineAudioContext) => Promise<AudioNode>;
  /** Channels of the context's own result buffer; a streaming render needs only 1 (it stays silent). */
  contextChannels?: number;
  /**
   * Called at every pause (each second of audio) with the seconds rendered so far; the render waits for the
   * promise (back-pressure: let the consumer catch up). Rejecting it abandons the render (cancel). Given, it
   * makes the render pause every second; without it, the render pauses only where notes need handing over.
   */
  onProgress?: (renderedSeconds: Seconds) => Promise<void> | void;
  /**
   * Called once the graph is built, before rendering: tests connect their own signals (tones, clicks, DC) into
   * strips here (`core.graph.channelFor(trackId).input`), or set this render's solo.
   */
  prepare?: (context: OfflineAudioContext, core: EngineCore) => void;
}

/**
 * The scheduler hands over CHUNK seconds at a time (its look-ahead is 1.5 chunks). A render pauses at a chunk
 * boundary only when that tick has notes to hand over or a consumer paces it (`onProgress`): every pause is a
 * round trip from the audio rendering thread to the page's main thread and back, which costs render time.
 */
const CHUNK: Seconds = 1;

/**
 * Renders [fromTick, toTick) of the document into an AudioBuffer with an OfflineAudioContext, through the same
 * graph, instruments and look-ahead scheduler as live playback (`EngineCore`). The scheduler is driven by the
 * render itself: the context suspends at second boundaries and the scheduler hands over the next stretch, as
 * the live clock does every 25 ms — so only the notes around the render position exist as nodes (a render that
 * made every note up front would make Chromium pull tens of thousands of idle nodes through every block).
 * A boundary whose stretch holds no note is not paused at: its tick runs early, at the last pause, so its
 * automation is still handed over (with exact times) before it plays; a render of audio alone never pauses.
 * Sample 0 is `fromTick`; notes starting at or after `toTick` are not played; the loop is ignored.
 */
export async function renderOffline(doc: Y.Doc, opts: RenderOfflineOptions): Promise<AudioBuffer> {
  const sampleRate = opts.sampleRate ?? 48000;
  const channels = opts.channels ?? 2;
  const map = readTempoMap(doc);
  const fromSeconds = map.ticksToSeconds(opts.fromTick);
  const toSeconds = map.ticksToSeconds(Math.max(opts.fromTick, opts.toTick));
  const duration = toSeconds - fromSeconds + Math.max(0, opts.tailSeconds ?? 0);
  const length = Math.max(1, Math.ceil(duration * sampleRate));
  const raw = new OfflineAudioContext({ numberOfChannels: opts.contextChannels ?? channels, length, sampleRate });
  const worklets = await loadMixWorklets(raw);
  const context = new OfflineContext(raw);
  const destination = opts.output ? await opts.output(raw) : raw.destination;
  // Suspend points must fall on render-quantum boundaries.
  const quantum = 128 / sampleRate;
  const chunk = Math.max(1, Math.round(CHUNK / quantum)) * quantum;
  const core = inContext(
    context,
    () =>
      new EngineCore(doc, context, {
        destination,
        trackIds: opts.trackIds,
        worklets,
        scheduler: { lookAhead: 1.5 * chunk, minWindow: 0, maxLateness: Infinity },
      }),
  );
  const voices = scheduleRegions(doc, core, raw, opts.takeBuffers, fromSeconds, toSeconds, 1.5 * chunk);
  opts.prepare?.(raw, core);
  let failure: unknown = null;
  let abandon: (reason: unknown) => void = () => {};
  const abandoned = new Promise<never>((_, reject) => {
    abandon = reject;
  });
  const step = (now: Seconds) => {
    try {
      inContext(context, () => core.scheduler.tick(now));
      // Reversed regions' blocks are made as far ahead as notes are handed over, no further.
      for (const v of voices) v.extend(now + core.scheduler.lookAhead);
    } catch (err) {
      failure ??= err;
    }
  };
  /** Whether stepping to `at` would start a region's next block (then the render pauses there to make it). */
  const voiceDue = (at: Seconds) => voices.some((v) => v.pendingAt < at + core.scheduler.lookAhead);
  const end = length / sampleRate;
  /**
   * Ticks every boundary after the one at `k` that would hand over no note, and returns the first that would
   * (or a region's next block: one past the end otherwise): that is where the render pauses next. With a consumer pacing it, the next boundary.
   */
  const nextPause = (k: number): number => {
    let next = k + 1;
    if (opts.onProgress) return next;
    for (; next * chunk < end; next++) {
      const note = core.scheduler.nextNoteAt();
      if (note !== null && note < next * chunk + core.scheduler.lookAhead) break;
      if (voiceDue(next * chunk)) break;
      step(next * chunk);
    }
    return next;
  };
  const suspendAt = (k: number) => {
    const at = k * chunk;
    if (at >= end) return;
    void raw.suspend(at).then(async () => {
      step(at);
      suspendAt(nextPause(k));
      if (opts.onProgress) {
        try {
          await opts.onProgress(at);
        } catch (err) {
          abandon(err); // left suspended: nothing more is rendered
          return;
        }
      }
      return raw.resume();
    });
  };
  try {
    core.scheduler.metronome = opts.metronome === true;
    core.scheduler.start({ at: 0, fromSeconds, loop: null, untilSeconds: toSeconds });
    step(0);
    suspendAt(nextPause(0));
    const buffer = await Promise.race([raw.startRendering(), abandoned]);
    if (failure) throw failure instanceof Error ? failure : new Error("The offline render failed", { cause: failure });
    return buffer;
  } finally {
    for (const v of voices) v.gain.disconnect();
    core.dispose();
    context.dispose();
  }
}

/**
 * Audio regions are few and long, so the render schedules them all up front (notes go through the scheduler):
 * each region overlapping [from, to) starts at its place, part-way in if it began before `from` (a reversed one
 * only its blocks before `until`: the render's ticks extend it).
 */
function scheduleRegions(
  doc: Y.Doc,
  core: EngineCore,
  raw: OfflineAudioContext,
  buffers: ReadonlyMap<string, AudioBuffer> | undefined,
  fromSeconds: Seconds,
  toSeconds: Seconds,
  until: Seconds,
): RegionVoice[] {
  if (!buffers || buffers.size === 0) return [];
  const voices: RegionVoice[] = [];
  for (const region of planAudioPlayback(doc, readTempoMap(doc))) {
    const buffer = buffers.get(region.takeId);
    const channel = core.graph.channelFor(region.trackId);
    const rate = region.sampleRate;
    const end = region.startSeconds + region.lengthFrames / rate;
    if (!buffer || !channel || region.startSeconds >= toSeconds || end <= fromSeconds) continue;
    const fromFrame =
      region.startSeconds >= fromSeconds ? 0 : Math.ceil((fromSeconds - region.startSeconds) * rate - 1e-9);
    const when = region.startSeconds + fromFrame / rate - fromSeconds;
    const voice = startRegion(raw, region, buffer, when, fromFrame, region.lengthFrames, until);
    if (!voice) continue;
    if (voice.channels > 1) channel.carryStereo();
    connect(voice.gain, channel.input);
    voices.push(voice);
  }
  return voices;
}
