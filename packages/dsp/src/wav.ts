/**
 * WAV (RIFF/WAVE) with IEEE-float 32-bit samples: the lossless master format of a take. Pure code on
 * bytes (no Node or DOM APIs), so the server, tests and the browser share it.
 *
 * Layout written: RIFF header, `fmt ` (18 bytes: format 3, cbSize 0), `fact` (frame count, required
 * for non-PCM formats), `data` (little-endian Float32, channel-interleaved) — 58 header bytes.
 */

export const WAVE_FORMAT_PCM = 1;
export const WAVE_FORMAT_IEEE_FLOAT = 3;
export const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Size of the header encodeFloatWavHeader writes (the data chunk starts right after it). */
export const FLOAT_WAV_HEADER_BYTES = 58;

export interface WavFormat {
  sampleRate: number;
  channels: number;
}

/** Header for `frames` frames of interleaved Float32; append the PCM bytes after it. */
export function encodeFloatWavHeader(format: WavFormat, frames: number): Uint8Array {
  const dataBytes = frames * format.channels * 4;
  const buf = new Uint8Array(FLOAT_WAV_HEADER_BYTES);
  const v = new DataView(buf.buffer);
  const ascii = (offset: number, s: string) => {
    for (let i = 0; i < s.length; i++) buf[offset + i] = s.charCodeAt(i);
  };
  ascii(0, "RIFF");
  // RIFF sizes are 32-bit; takes are capped far below 4 GiB (TAKE_MAX_SECONDS), but never wrap silently.
  if (FLOAT_WAV_HEADER_BYTES - 8 + dataBytes > 0xffffffff) throw new RangeError("WAV data larger than 4 GiB");
  v.setUint32(4, FLOAT_WAV_HEADER_BYTES - 8 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 18, true);
  v.setUint16(20, WAVE_FORMAT_IEEE_FLOAT, true);
  v.setUint16(22, format.channels, true);
  v.setUint32(24, format.sampleRate, true);
  v.setUint32(28, format.sampleRate * format.channels * 4, true);
  v.setUint16(32, format.channels * 4, true);
  v.setUint16(34, 32, true);
  v.setUint16(36, 0, true);
  ascii(38, "fact");
  v.setUint32(42, 4, true);
  v.setUint32(46, frames, true);
  ascii(50, "data");
  v.setUint32(54, dataBytes, true);
  return buf;
}

/** A whole float WAV in one buffer (tests, small exports). `interleaved.length` must be a multiple of channels. */
export function encodeFloatWav(format: WavFormat, interleaved: Float32Array): Uint8Array {
  if (interleaved.length % format.channels !== 0)
    throw new RangeError("sample count is not a multiple of the channel count");
  const frames = interleaved.length / format.channels;
  const out = new Uint8Array(FLOAT_WAV_HEADER_BYTES + interleaved.length * 4);
  out.set(encodeFloatWavHeader(format, frames), 0);
  out.set(float32ToBytesLE(interleaved), FLOAT_WAV_HEADER_BYTES);
  return out;
}

export interface DecodedWav extends WavFormat {
  formatTag: number;
  bitsPerSample: number;
  frames: number;
  /** Byte offset and length of the data chunk within the input. */
  dataOffset: number;
  dataBytes: number;
  /** Interleaved samples as floats in [-1, 1] (PCM is scaled; float is exact). */
  samples: Float32Array;
  /** Speaker positions of WAVE_FORMAT_EXTENSIBLE files (dwChannelMask); undefined for plain headers. */
  channelMask?: number;
}

export class WavError extends Error {}

/** Reads PCM (8/16/24/32-bit) or IEEE float (32/64-bit) WAV files; anything else throws WavError. */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => String.fromCharCode(bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]);
  if (bytes.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") throw new WavError("not a RIFF/WAVE file");
  let fmt: { formatTag: number; channels: number; sampleRate: number; bits: number; channelMask?: number } | null =
    null;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = v.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === "fmt ") {
      if (size < 16 || body + size > bytes.length) throw new WavError("truncated fmt chunk");
      let formatTag = v.getUint16(body, true);
      let channelMask: number | undefined;
      if (formatTag === WAVE_FORMAT_EXTENSIBLE) {
        if (size < 40) throw new WavError("WAVE_FORMAT_EXTENSIBLE header is too short");
        channelMask = v.getUint32(body + 20, true);
        // The sub-format GUID's first two bytes carry the real format tag.
        formatTag = v.getUint16(body + 24, true);
      }
      fmt = {
        formatTag,
        channels: v.getUint16(body + 2, true),
        sampleRate: v.getUint32(body + 4, true),
        bits: v.getUint16(body + 14, true),
        channelMask,
      };
    } else if (id === "data") {
      if (!fmt) throw new WavError("data chunk before fmt chunk");
      const dataBytes = Math.min(size, bytes.length - body);
      const samples = decodeSamples(bytes.subarray(body, body + dataBytes), fmt.formatTag, fmt.bits);
      if (fmt.channels < 1) throw new WavError("no channels");
      return {
        formatTag: fmt.formatTag,
        bitsPerSample: fmt.bits,
        sampleRate: fmt.sampleRate,
        channels: fmt.channels,
        frames: Math.floor(samples.length / fmt.channels),
        dataOffset: body,
        dataBytes,
        samples,
        ...(fmt.channelMask !== undefined ? { channelMask: fmt.channelMask } : {}),
      };
    }
    offset = body + size + (size & 1); // chunks are padded to even sizes
  }
  throw new WavError("no data chunk");
}

function decodeSamples(data: Uint8Array, formatTag: number, bits: number): Float32Array {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (formatTag === WAVE_FORMAT_IEEE_FLOAT && bits === 32)
    return bytesToFloat32LE(data.subarray(0, data.length - (data.length % 4)));
  if (formatTag === WAVE_FORMAT_IEEE_FLOAT && bits === 64) {
    const out = new Float32Array(Math.floor(data.length / 8));
    for (let i = 0; i < out.length; i++) out[i] = v.getFloat64(i * 8, true);
    return out;
  }
  if (formatTag === WAVE_FORMAT_IEEE_FLOAT) throw new WavError(`unsupported float WAV of ${bits} bits (32 or 64)`);
  if (formatTag !== WAVE_FORMAT_PCM)
    throw new WavError(
      `unsupported WAV format tag 0x${formatTag.toString(16).padStart(4, "0")}: only PCM (1) and IEEE float (3) are read`,
    );
  const step = bits / 8;
  if (![1, 2, 3, 4].includes(step)) throw new WavError(`unsupported PCM bit depth ${bits}`);
  const out = new Float32Array(Math.floor(data.length / step));
  for (let i = 0; i < out.length; i++) {
    const o = i * step;
    if (step === 1) out[i] = (data[o] - 128) / 128;
    else if (step === 2) out[i] = v.getInt16(o, true) / 32768;
    else if (step === 3) out[i] = (((data[o + 2] << 24) | (data[o + 1] << 16) | (data[o] << 8)) >> 8) / 8388608;
    else out[i] = v.getInt32(o, true) / 2147483648;
  }
  return out;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The little-endian bytes of `samples` (a copy-free view on little-endian machines). */
export function float32ToBytesLE(samples: Float32Array): Uint8Array {
  if (littleEndian) return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  const out = new Uint8Array(samples.length * 4);
  const v = new DataView(out.buffer);
  samples.forEach((s, i) => v.setFloat32(i * 4, s, true));
  return out;
}

/** Little-endian Float32 bytes as samples (copies when unaligned or on big-endian machines). */
export function bytesToFloat32LE(bytes: Uint8Array): Float32Array {
  if (bytes.length % 4 !== 0) throw new RangeError("Float32 data must be a multiple of 4 bytes");
  if (littleEndian && bytes.byteOffset % 4 === 0)
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = v.getFloat32(i * 4, true);
  return out;
}
