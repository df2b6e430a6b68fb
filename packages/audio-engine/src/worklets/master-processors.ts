/**
 * The master's AudioWorklet processors, bundled with the mixer's (mix-processors.ts imports this file) into
 * public/worklets/bandspace-mix.js. Their DSP cores are packages/dsp classes, unit tested in Node; these wrappers
 * only move samples and messages.
 *
 * - "bandspace-multiband": the 3-band compressor; settings as processorOptions, then as port messages.
 * - "bandspace-true-peak-limiter": the export's true-peak limiter as a live insert (latency = its look-ahead).
 * - "bandspace-loudness": the live loudness meter on the master output (no audio output): a reading and history
 *   points about 10 times a second of audio; "reset" starts it afresh.
 */
import { LiveLoudness, MultibandCompressorCore, TruePeakLimiter, type MultibandSettings } from "@bandspace/dsp";

// The AudioWorkletGlobalScope is not in TypeScript's DOM lib: declare the three names it provides.
declare const sampleRate: number;
declare function registerProcessor(name: string, ctor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: unknown);
}

/** Copies the input into two working channels (a mono input plays on both sides, as a stereo master hears it). */
function stereoIn(input: Float32Array[], work: Float32Array[], frames: number): Float32Array[] {
  for (let c = 0; c < 2; c++) {
    const src = input[c] ?? input[0];
    if (src) work[c].set(src);
    else work[c].fill(0);
  }
  return work.map((w) => w.subarray(0, frames));
}

/** Gain reduction posts about 30 times a second (every 12 render quanta). */
const GR_EVERY = 12;

class MultibandProcessor extends AudioWorkletProcessor {
  private readonly core: MultibandCompressorCore;
  private readonly work = [new Float32Array(128), new Float32Array(128)];
  private blocks = 0;

  constructor(options: { processorOptions: { settings: MultibandSettings } }) {
    super(options);
    this.core = new MultibandCompressorCore(options.processorOptions.settings, sampleRate, 2);
    this.port.onmessage = (e: MessageEvent<MultibandSettings>) => this.core.update(e.data);
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const output = outputs[0];
    const frames = output[0]?.length ?? 128;
    const chans = stereoIn(inputs[0] ?? [], this.work, frames);
    this.core.process(chans);
    for (let c = 0; c < output.length; c++) output[c].set(chans[Math.min(c, 1)]);
    if (++this.blocks % GR_EVERY === 0) {
      const bands = this.core.gainReductionDb;
      this.port.postMessage({ gainReductionDb: Math.min(bands.low, bands.mid, bands.high), bands });
    }
    return true;
  }
}

interface LimiterSettings {
  ceilingDb: number;
  lookaheadMs: number;
  releaseMs: number;
}

class TruePeakLimiterProcessor extends AudioWorkletProcessor {
  private readonly limiter: TruePeakLimiter;
  private readonly work = [new Float32Array(128), new Float32Array(128)];
  private blocks = 0;

  constructor(options: { processorOptions: { settings: LimiterSettings } }) {
    super(options);
    const s = options.processorOptions.settings;
    this.limiter = new TruePeakLimiter({
      sampleRate,
      channels: 2,
      ceilingDb: s.ceilingDb,
      lookaheadMs: s.lookaheadMs,
      releaseMs: s.releaseMs,
    });
    // The look-ahead is fixed (it is the latency): the engine rebuilds the node when it changes.
    this.port.onmessage = (e: MessageEvent<LimiterSettings>) =>
      this.limiter.update({ ceilingDb: e.data.ceilingDb, releaseMs: e.data.releaseMs });
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const output = outputs[0];
    const frames = output[0]?.length ?? 128;
    const chans = stereoIn(inputs[0] ?? [], this.work, frames);
    const out = output.length >= 2 ? output : [output[0], new Float32Array(frames)];
    this.limiter.process(chans, out, frames);
    if (++this.blocks % GR_EVERY === 0) this.port.postMessage({ gainReductionDb: this.limiter.gainReductionDb });
    return true;
  }
}

class LoudnessProcessor extends AudioWorkletProcessor {
  private readonly live = new LiveLoudness({ sampleRate, channels: 2 });
  private readonly work = [new Float32Array(128), new Float32Array(128)];

  constructor(options: unknown) {
    super(options);
    this.port.onmessage = (e: MessageEvent<string>) => {
      if (e.data === "reset") this.live.reset();
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const input = inputs[0] ?? [];
    const frames = input[0]?.length ?? 128;
    const update = this.live.process(stereoIn(input, this.work, frames), frames);
    if (update) this.port.postMessage(update);
    return true;
  }
}

registerProcessor("bandspace-multiband", MultibandProcessor);
registerProcessor("bandspace-true-peak-limiter", TruePeakLimiterProcessor);
registerProcessor("bandspace-loudness", LoudnessProcessor);
