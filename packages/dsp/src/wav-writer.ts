/**
 * WAV writer for exports: 16/24/32-bit integer PCM and 32/64-bit IEEE float, any rate, any channel count.
 * Streaming: write `header(frames)` once (the export knows its length before rendering), then `encode()` each
 * block as it arrives, so a long export never holds the whole file. Files with more than two channels or more
 * than 16 bits use WAVE_FORMAT_EXTENSIBLE with a channel mask, as Microsoft's rules ask (players that see a
 * plain header on a 5.1 or 24-bit file guess the layout). Reducing to 16 bits adds TPDF dither by default.
 */
import { defaultChannelMask } from "./loudness/channel-weights";
import { WAVE_FORMAT_EXTENSIBLE, WAVE_FORMAT_IEEE_FLOAT, WAVE_FORMAT_PCM } from "./wav";

export type WavSampleFormat = "pcm16" | "pcm24" | "pcm32" | "float32" | "float64";

export const WAV_SAMPLE_FORMATS: readonly WavSampleFormat[] = ["pcm16", "pcm24", "pcm32", "float32", "float64"];

export interface WavWriterOptions {
  sampleRate: number;
  channels: number;
  format: WavSampleFormat;
  /** Speaker mask for EXTENSIBLE headers; default: the WAV default layout for the channel count. */
  channelMask?: number;
  /** TPDF dither when quantising; default on for pcm16 only (24 and 32 bits sit far under any noise floor). */
  dither?: boolean;
  /** Seed of the dither's generator (reproducible files and tests). */
  seed?: number;
}

const BITS: Record<WavSampleFormat, number> = { pcm16: 16, pcm24: 24, pcm32: 32, float32: 32, float64: 64 };

export function wavBytesPerFrame(o: Pick<WavWriterOptions, "format" | "channels">): number {
  return (BITS[o.format] / 8) * o.channels;
}

function usesExtensible(o: WavWriterOptions): boolean {
  return o.channels > 2 || (BITS[o.format] > 16 && !o.format.startsWith("float"));
}

/** Size of the header `wavHeader` writes for these options. */
export function wavHeaderBytes(o: WavWriterOptions): number {
  const isFloat = o.format.startsWith("float");
  const fmtBody = usesExtensible(o) ? 40 : isFloat ? 18 : 16;
  const fact = isFloat || usesExtensible(o) ? 12 : 0;
  return 12 + 8 + fmtBody + fact + 8;
}

export function wavHeader(o: WavWriterOptions, frames: number): Uint8Array {
  const isFloat = o.format.startsWith("float");
  const bits = BITS[o.format];
  const blockAlign = (bits / 8) * o.channels;
  const dataBytes = frames * blockAlign;
  const extensible = usesExtensible(o);
  const fmtBody = extensible ? 40 : isFloat ? 18 : 16;
  const hasFact = isFloat || extensible;
  const total = wavHeaderBytes(o);
  if (total - 8 + dataBytes > 0xffffffff) throw new RangeError("WAV data larger than 4 GiB: export shorter ranges");
  const buf = new Uint8Array(total);
  const v = new DataView(buf.buffer);
  const ascii = (offset: number, s: string) => {
    for (let i = 0; i < s.length; i++) buf[offset + i] = s.charCodeAt(i);
  };
  ascii(0, "RIFF");
  v.setUint32(4, total - 8 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, fmtBody, true);
  const tag = isFloat ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM;
  v.setUint16(20, extensible ? WAVE_FORMAT_EXTENSIBLE : tag, true);
  v.setUint16(22, o.channels, true);
  v.setUint32(24, o.sampleRate, true);
  v.setUint32(28, o.sampleRate * blockAlign, true);
  v.setUint16(32, blockAlign, true);
  v.setUint16(34, bits, true);
  let p = 36;
  if (fmtBody >= 18) {
    v.setUint16(p, fmtBody - 18, true);
    p += 2;
  }
  if (extensible) {
    v.setUint16(p, bits, true); // valid bits
    v.setUint32(p + 2, o.channelMask ?? safeDefaultMask(o.channels), true);
    // Sub-format GUID: {0000XXXX-0000-0010-8000-00AA00389B71} with XXXX the format tag.
    v.setUint16(p + 6, tag, true);
    buf.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], p + 8);
    p += 22;
  }
  if (hasFact) {
    ascii(p, "fact");
    v.setUint32(p + 4, 4, true);
    v.setUint32(p + 8, frames, true);
    p += 12;
  }
  ascii(p, "data");
  v.setUint32(p + 4, dataBytes, true);
  return buf;
}

function safeDefaultMask(channels: number): number {
  try {
    return defaultChannelMask(channels);
  } catch {
    return 0; // "no particular layout", allowed by the format
  }
}

/** Small, fast, seedable generator for dither (xorshift32): quality is ample for noise, and tests can replay it. */
function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

export class WavEncoder {
  readonly options: WavWriterOptions;
  readonly bytesPerFrame: number;
  private readonly random: () => number;
  private readonly dither: boolean;

  constructor(options: WavWriterOptions) {
    if (!Number.isInteger(options.channels) || options.channels < 1 || options.channels > 18)
      throw new RangeError(`unsupported channel count ${options.channels}`);
    if (!Number.isInteger(options.sampleRate) || options.sampleRate < 1)
      throw new RangeError(`unsupported sample rate ${options.sampleRate}`);
    this.options = options;
    this.bytesPerFrame = wavBytesPerFrame(options);
    this.dither = options.dither ?? options.format === "pcm16";
    this.random = xorshift32(options.seed ?? 0x2545f491);
  }

  header(frames: number): Uint8Array {
    return wavHeader(this.options, frames);
  }

  /** Interleaved little-endian bytes of `frames` frames of planar float input. */
  encode(planar: ArrayLike<number>[], frames = planar[0]?.length ?? 0): Uint8Array {
    const { channels, format } = this.options;
    if (planar.length !== channels) throw new RangeError(`expected ${channels} channels`);
    const out = new Uint8Array(frames * this.bytesPerFrame);
    const v = new DataView(out.buffer);
    // Frame-major, channel-minor: the dither sequence then depends only on sample order, not on block sizes.
    const fs = format === "pcm16" ? 32768 : format === "pcm24" ? 8388608 : 2147483648;
    let o = 0;
    for (let i = 0; i < frames; i++) {
      for (let c = 0; c < channels; c++) {
        const x = planar[c][i];
        switch (format) {
          case "float32":
            v.setFloat32(o, x, true);
            o += 4;
            break;
          case "float64":
            v.setFloat64(o, x, true);
            o += 8;
            break;
          case "pcm16":
            v.setInt16(o, this.quantise(x, fs), true);
            o += 2;
            break;
          case "pcm24": {
            const q = this.quantise(x, fs);
            out[o] = q & 0xff;
            out[o + 1] = (q >> 8) & 0xff;
            out[o + 2] = (q >> 16) & 0xff;
            o += 3;
            break;
          }
          case "pcm32":
            v.setInt32(o, this.quantise(x, fs), true);
            o += 4;
            break;
        }
      }
    }
    return out;
  }

  /**
   * Scales to integers of full scale `fs` (−fs … fs−1, the decoder's convention), with TPDF dither: the sum of
   * two independent uniform values of ±½ LSB, which makes the error's mean and variance independent of the signal.
   */
  private quantise(x: number, fs: number): number {
    let y = x * fs;
    if (this.dither) y += this.random() - this.random();
    const q = Math.round(y);
    return q > fs - 1 ? fs - 1 : q < -fs ? -fs : q;
  }
}

/** A whole WAV in one buffer (tests, short files). */
export function encodeWav(options: WavWriterOptions, planar: ArrayLike<number>[]): Uint8Array {
  const enc = new WavEncoder(options);
  const frames = planar[0]?.length ?? 0;
  const header = enc.header(frames);
  const body = enc.encode(planar, frames);
  const out = new Uint8Array(header.length + body.length);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}
