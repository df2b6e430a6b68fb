/**
 * The mixer's AudioWorklet processors, bundled by scripts/build-worklets.mjs into public/worklets/bandspace-mix.js
 * (served by Next like the capture worklet). Their DSP cores are packages/dsp classes, unit tested in Node; these
 * wrappers only move samples and messages.
 *
 * - "bandspace-dynamics": compressor | gate | limiter on its first input; a compressor's optional second input
 *   is the side-chain. Settings arrive as processorOptions and then as port messages.
 * - "bandspace-meter": peak/RMS/hold/clip ballistics per channel, posted ~30 times a second; passes audio through.
 * The master's processors (multiband, true-peak limiter, loudness meter) live in master-processors.ts.
 */
import "./master-processors";
import {
  CompressorCore,
  GateCore,
  LimiterCore,
  MeterBallistics,
  type CompressorSettings,
  type GateSettings,
  type LimiterSettings,
} from "@bandspace/dsp";

// The AudioWorkletGlobalScope is not in TypeScript's DOM lib: declare the three names it provides.
declare const sampleRate: number;
declare function registerProcessor(name: string, ctor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: unknown);
}

type DynamicsOptions =
  | { kind: "compressor"; settings: CompressorSettings }
  | { kind: "gate"; settings: GateSettings }
  | { kind: "limiter"; settings: LimiterSettings };

class DynamicsProcessor extends AudioWorkletProcessor {
  private readonly kind: DynamicsOptions["kind"];
  private compressor: CompressorCore | null = null;
  private gate: GateCore | null = null;
  private limiter: LimiterCore | null = null;
  private readonly work: Float32Array[] = [new Float32Array(128), new Float32Array(128)];
  private readonly detector = new Float32Array(128);
  /** Views of `work` handed to the cores (made once: no allocation per block on the audio thread). */
  private readonly mono: Float32Array[] = [this.work[0]];
  private readonly stereo: Float32Array[] = [this.work[0], this.work[1]];
  private blocks = 0;

  constructor(options: { processorOptions: DynamicsOptions }) {
    super(options);
    const o = options.processorOptions;
    this.kind = o.kind;
    if (o.kind === "compressor") this.compressor = new CompressorCore(o.settings, sampleRate);
    else if (o.kind === "gate") this.gate = new GateCore(o.settings, sampleRate);
    else this.limiter = new LimiterCore(o.settings, sampleRate, 2);
    this.port.onmessage = (e: MessageEvent<Record<string, number>>) => {
      if (this.compressor) this.compressor.update(e.data);
      else if (this.gate) this.gate.update(e.data);
      else this.limiter?.update(e.data);
    };
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const input = inputs[0] ?? [];
    const output = outputs[0];
    const frames = output[0]?.length ?? 128;
    // As many channels inside as the output has (it follows the input: one for a mono track, two for stereo);
    // a mono input into a two-channel output (a side-chained compressor) plays on both sides.
    const count = Math.min(2, Math.max(1, output.length));
    for (let c = 0; c < count; c++) {
      const src = input[c] ?? input[0];
      const dst = this.work[c];
      if (src) dst.set(src);
      else dst.fill(0);
    }
    const chans = count === 1 ? this.mono : this.stereo;
    if (chans[0].length !== frames) for (let c = 0; c < count; c++) chans[c] = this.work[c].subarray(0, frames);
    if (this.compressor) {
      const side = inputs[1];
      if (side && side.length > 0) {
        for (let i = 0; i < frames; i++) {
          let m = 0;
          for (const ch of side) m = Math.max(m, Math.abs(ch[i]));
          this.detector[i] = m;
        }
        this.compressor.process(chans, this.detector.subarray(0, frames));
      } else this.compressor.process(chans);
    } else if (this.gate) this.gate.process(chans);
    else this.limiter!.process(chans);
    for (let c = 0; c < output.length; c++) output[c].set(chans[Math.min(c, count - 1)]);
    // The gain reduction for the GR meter, about 30 times a second.
    if (++this.blocks % 12 === 0 && this.kind !== "gate") {
      const gr = this.compressor ? this.compressor.gainReductionDb : this.limiter!.gainReductionDb;
      this.port.postMessage({ gainReductionDb: gr });
    }
    return true;
  }
}

class MeterProcessor extends AudioWorkletProcessor {
  private meters: MeterBallistics[] = [];
  private blocks = 0;

  constructor(options: unknown) {
    super(options);
    this.port.onmessage = (e: MessageEvent<string>) => {
      if (e.data === "reset-clip") for (const m of this.meters) m.resetClip();
    };
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const input = inputs[0] ?? [];
    while (this.meters.length < Math.max(1, input.length)) this.meters.push(new MeterBallistics({ sampleRate }));
    input.forEach((ch, c) => this.meters[c].process(ch));
    const out = outputs[0];
    if (out) for (let c = 0; c < out.length; c++) if (input[c]) out[c].set(input[c]);
    if (++this.blocks % 12 === 0) this.port.postMessage(this.meters.map((m) => m.read()));
    return true;
  }
}

registerProcessor("bandspace-dynamics", DynamicsProcessor);
registerProcessor("bandspace-meter", MeterProcessor);
