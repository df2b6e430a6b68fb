/**
 * Incremental WAV reading for long files: parse the header from the file's first bytes, then decode the data
 * chunk block by block into planar floats. Reads 16/24/32-bit PCM (and 8-bit) and 32/64-bit float, plain or
 * WAVE_FORMAT_EXTENSIBLE; anything else is a WavError naming what was found.
 */
import { WAVE_FORMAT_EXTENSIBLE, WAVE_FORMAT_IEEE_FLOAT, WAVE_FORMAT_PCM, WavError } from "./wav";

export interface WavInfo {
  formatTag: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  channelMask?: number;
  /** Byte offset and length of the data chunk in the file. */
  dataOffset: number;
  dataBytes: number;
  frames: number;
  bytesPerFrame: number;
}

/**
 * Parses RIFF/WAVE chunks from `head` (the file's first bytes: enough to reach the data chunk's header) and the
 * file's total size (a data chunk whose size field overruns the file, as streamed writers leave it, is clipped).
 */
export function parseWavHeader(head: Uint8Array, fileBytes = head.length): WavInfo {
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const tag = (o: number) => String.fromCharCode(head[o], head[o + 1], head[o + 2], head[o + 3]);
  if (head.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE")
    throw new WavError(head.length >= 4 && tag(0) === "RF64" ? "RF64 WAV is not supported" : "not a RIFF/WAVE file");
  let fmt: Omit<WavInfo, "dataOffset" | "dataBytes" | "frames"> | null = null;
  let offset = 12;
  while (offset + 8 <= head.length) {
    const id = tag(offset);
    const size = v.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === "fmt ") {
      if (size < 16 || body + 16 > head.length) throw new WavError("truncated fmt chunk");
      let formatTag = v.getUint16(body, true);
      let channelMask: number | undefined;
      if (formatTag === WAVE_FORMAT_EXTENSIBLE) {
        if (size < 40 || body + 40 > head.length) throw new WavError("WAVE_FORMAT_EXTENSIBLE header is too short");
        channelMask = v.getUint32(body + 20, true);
        formatTag = v.getUint16(body + 24, true);
      }
      const channels = v.getUint16(body + 2, true);
      const bits = v.getUint16(body + 14, true);
      checkFormat(formatTag, bits, channels);
      fmt = {
        formatTag,
        sampleRate: v.getUint32(body + 4, true),
        channels,
        bitsPerSample: bits,
        bytesPerFrame: (bits / 8) * channels,
        ...(channelMask !== undefined ? { channelMask } : {}),
      };
    } else if (id === "data") {
      if (!fmt) throw new WavError("data chunk before fmt chunk");
      const dataBytes = Math.min(size, fileBytes - body);
      const frames = Math.floor(dataBytes / fmt.bytesPerFrame);
      return { ...fmt, dataOffset: body, dataBytes: frames * fmt.bytesPerFrame, frames };
    }
    offset = body + size + (size & 1);
  }
  throw new WavError(fmt ? "no data chunk in the file's first bytes" : "no fmt chunk");
}

function checkFormat(formatTag: number, bits: number, channels: number): void {
  if (channels < 1) throw new WavError("the file declares no channels");
  if (formatTag === WAVE_FORMAT_IEEE_FLOAT) {
    if (bits !== 32 && bits !== 64) throw new WavError(`unsupported float WAV of ${bits} bits (32 or 64 are read)`);
  } else if (formatTag === WAVE_FORMAT_PCM) {
    if (![8, 16, 24, 32].includes(bits))
      throw new WavError(`unsupported PCM bit depth ${bits} (16, 24 or 32 are read)`);
  } else {
    throw new WavError(
      `unsupported WAV format tag 0x${formatTag.toString(16).padStart(4, "0")}: only PCM and IEEE float are read`,
    );
  }
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Decodes whole frames of data-chunk bytes into planar floats (PCM scaled to [−1, 1)). */
export function decodeWavFrames(info: WavInfo, bytes: Uint8Array): Float32Array[] {
  const frames = Math.floor(bytes.length / info.bytesPerFrame);
  const n = info.channels;
  const out = Array.from({ length: n }, () => new Float32Array(frames));
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const step = info.bitsPerSample / 8;
  if (info.formatTag === WAVE_FORMAT_IEEE_FLOAT && step === 4 && bytes.byteOffset % 4 === 0 && littleEndian) {
    // The common master format: read it as floats directly, no per-sample DataView call.
    const f = new Float32Array(bytes.buffer, bytes.byteOffset, frames * n);
    for (let c = 0; c < n; c++) {
      const ch = out[c];
      for (let i = 0, j = c; i < frames; i++, j += n) ch[i] = f[j];
    }
    return out;
  }
  let o = 0;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < n; c++, o += step) {
      let x: number;
      if (info.formatTag === WAVE_FORMAT_IEEE_FLOAT) x = step === 4 ? v.getFloat32(o, true) : v.getFloat64(o, true);
      else if (step === 2) x = v.getInt16(o, true) / 32768;
      else if (step === 3) x = (((bytes[o + 2] << 24) | (bytes[o + 1] << 16) | (bytes[o] << 8)) >> 8) / 8388608;
      else if (step === 4) x = v.getInt32(o, true) / 2147483648;
      else x = (bytes[o] - 128) / 128;
      out[c][i] = x;
    }
  }
  return out;
}
