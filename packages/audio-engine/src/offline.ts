import type * as Y from "yjs";
import { readTempoMap } from "@bandspace/model";
import { EngineCore } from "./core";
import { inContext, inContextAsync, OfflineContext } from "./tone";
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
}

/** Look-ahead of offline renders: the same scheduler, fed by Tone's simulated render clock, in bigger windows. */
const OFFLINE_SCHEDULER = { lookAhead: 0.2, minWindow: 0.1, maxLateness: Infinity };

/**
 * Renders [fromTick, toTick) of the document into an AudioBuffer with an OfflineAudioContext — through the same
 * graph, instruments and look-ahead scheduler as live playback (`EngineCore`), driven by Tone's offline clock.
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
  const raw = new OfflineAudioContext({ numberOfChannels: channels, length, sampleRate });
  const context = new OfflineContext(raw);
  const core = inContext(context, () =>
    new EngineCore(doc, context, { destination: raw.destination, trackIds: opts.trackIds, scheduler: OFFLINE_SCHEDULER }),
  );
  try {
    core.scheduler.start({ at: 0, fromSeconds, loop: null, untilSeconds: toSeconds });
    const onTick = () => core.scheduler.tick(context.currentTime);
    context.on("tick", onTick);
    // The clock runs synchronously (`render(false)`): no document edit can land in the middle of a render.
    const buffer = await inContextAsync(context, () => context.render(false));
    context.off("tick", onTick);
    return buffer.get() as AudioBuffer;
  } finally {
    core.dispose();
    context.dispose();
  }
}
