/**
 * Offline renders of the mixer with test signals (tones, clicks, DC steps) played into track strips: what the
 * mixer e2e specs measure. The document is the real one (model operations), the graph is the engine's.
 */
import type * as Y from "yjs";
import { renderOffline } from "@bandspace/audio-engine";
import { PPQ, readTempoMap } from "@bandspace/model";

export interface MixRenderOptions {
  seconds: number;
  sampleRate?: number;
  /** Mono test signal per track id (played from sample 0 into the track's strip input). */
  signals: Record<string, Float32Array>;
  /** This render's solo set (per listener, not in the document). */
  solo?: string[];
  /** Render only these tracks (default: every track). */
  trackIds?: string[];
  /** Loop each signal (a short buffer standing for a long part: benchmarks). */
  loop?: boolean;
}

/** Renders `seconds` from the song start; returns [left, right]. */
export async function renderMix(doc: Y.Doc, opts: MixRenderOptions): Promise<[Float32Array, Float32Array]> {
  const sampleRate = opts.sampleRate ?? 48000;
  const toTick = Math.ceil(readTempoMap(doc).secondsToTicks(opts.seconds));
  const buffer = await renderOffline(doc, {
    fromTick: 0,
    toTick: Math.max(toTick, PPQ),
    sampleRate,
    channels: 2,
    trackIds: opts.trackIds,
    prepare: (context, core) => {
      for (const [trackId, signal] of Object.entries(opts.signals)) {
        const strip = core.graph.channelFor(trackId);
        if (!strip) throw new Error(`no strip for track ${trackId}`);
        const b = context.createBuffer(1, signal.length, sampleRate);
        b.copyToChannel(new Float32Array(signal), 0);
        const src = context.createBufferSource();
        src.buffer = b;
        src.loop = opts.loop ?? false;
        src.connect(strip.input);
        src.start(0);
      }
      if (opts.solo) core.graph.setSolo(opts.solo);
    },
  });
  const n = Math.round(opts.seconds * sampleRate);
  return [buffer.getChannelData(0).slice(0, n), buffer.getChannelData(1).slice(0, n)];
}

export const signals = {
  sine(seconds: number, hz: number, amplitude: number, sampleRate = 48000): Float32Array {
    return Float32Array.from(
      { length: Math.round(seconds * sampleRate) },
      (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate),
    );
  },
  dc(seconds: number, level: number, sampleRate = 48000): Float32Array {
    return new Float32Array(Math.round(seconds * sampleRate)).fill(level);
  },
  /** Constant levels, each held for `stepSeconds`. */
  steps(levels: number[], stepSeconds: number, sampleRate = 48000): Float32Array {
    const per = Math.round(stepSeconds * sampleRate);
    const out = new Float32Array(per * levels.length);
    levels.forEach((l, i) => out.fill(l, i * per, (i + 1) * per));
    return out;
  },
  click(seconds: number, at: number, amplitude: number, sampleRate = 48000): Float32Array {
    const out = new Float32Array(Math.round(seconds * sampleRate));
    out[Math.round(at * sampleRate)] = amplitude;
    return out;
  },
};
