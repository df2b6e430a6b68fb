import type { InputCapture } from "./input";
import { detectOnsets, estimateLatencyFrames } from "./onsets";
import type { Seconds } from "../units";

export interface CalibrationOptions {
  clicks?: number;
  /** Time between clicks; also the largest latency that can be measured (default 0.5 s). */
  interval?: Seconds;
  /** Where the clicks play (default the context's destination). */
  destination?: AudioNode;
  onProgress?: (fraction: number) => void;
}

export interface CalibrationResult {
  /** Round-trip latency: played → captured, in milliseconds. */
  latencyMs: number;
  /** Clicks heard back of those played. */
  matched: number;
  played: number;
  /** Largest minus smallest single measurement (ms): a large spread means an unreliable measurement. */
  spreadMs: number;
  /** Context time the first click was played at (with `latencyMs`, where every click was captured). */
  firstClickCtx: Seconds;
}

/**
 * The loopback test: plays short clicks at exact context times, records them back through the input (a
 * microphone near the speakers, or a cable from output to input), finds their onsets and returns the median
 * delay. Every take is shifted by it so it lines up with what the player heard.
 */
export async function measureRoundTripLatency(
  input: InputCapture,
  opts: CalibrationOptions = {},
): Promise<CalibrationResult> {
  const ctx = input.context;
  const rate = ctx.sampleRate;
  const count = opts.clicks ?? 8;
  const interval = opts.interval ?? 0.5;
  const first = ctx.currentTime + 0.3;
  const click = ctx.createBuffer(1, Math.round(rate * 0.01), rate);
  const data = click.getChannelData(0);
  for (let i = 0; i < data.length; i++) data[i] = Math.exp(-i / (rate * 0.0015)) * (i % 8 < 4 ? 0.9 : -0.9);
  const out = ctx.createGain();
  out.connect(opts.destination ?? ctx.destination);
  const played: number[] = [];
  for (let k = 0; k < count; k++) {
    const src = ctx.createBufferSource();
    src.buffer = click;
    src.connect(out);
    const t = first + k * interval;
    src.start(t);
    played.push(Math.round(t * rate));
  }
  const startFrame = Math.round((first - 0.05) * rate);
  const endFrame = Math.round((first + count * interval + 0.1) * rate);
  const captured = new Float32Array(endFrame - startFrame);
  await new Promise<void>((resolve) => {
    const stop = input.onBlock((b) => {
      const n = b.channels[0].length;
      for (let i = 0; i < n; i++) {
        const at = b.frame + i - startFrame;
        if (at < 0 || at >= captured.length) continue;
        let s = 0;
        for (const ch of b.channels) s += ch[i];
        captured[at] = s / b.channels.length;
      }
      opts.onProgress?.(Math.min(1, Math.max(0, (b.frame + n - startFrame) / captured.length)));
      if (b.frame + n >= endFrame) {
        stop();
        resolve();
      }
    });
  });
  out.disconnect();
  const onsets = detectOnsets(captured, rate, { gapSeconds: Math.min(0.05, interval / 4) });
  const est = estimateLatencyFrames(
    played.map((p) => p - startFrame),
    onsets,
    Math.round(interval * rate) - 1,
  );
  if (!est)
    throw new Error(
      "No clicks came back. Turn up the speakers (or connect a cable from output to input) and try again.",
    );
  return {
    latencyMs: (est.frames / rate) * 1000,
    matched: est.matched,
    played: count,
    spreadMs: (est.spread / rate) * 1000,
    firstClickCtx: played[0] / rate,
  };
}
