import { describe, expect, it } from "vitest";
import {
  FLOAT_WAV_HEADER_BYTES,
  PeakAccumulator,
  computePeaks,
  decodeWav,
  encodeFloatWav,
  encodeFloatWavHeader,
  peaksByChannel,
} from "@bandspace/dsp";

function sine(frames: number, channels: number, sampleRate: number): Float32Array {
  const out = new Float32Array(frames * channels);
  for (let f = 0; f < frames; f++)
    for (let c = 0; c < channels; c++)
      out[f * channels + c] = Math.sin((2 * Math.PI * (220 * (c + 1)) * f) / sampleRate) * (0.5 + 0.1 * c);
  return out;
}

describe("float WAV", () => {
  it("round-trips interleaved float samples bit-exactly", () => {
    const samples = sine(4801, 2, 48000);
    samples[7] = 1.5; // hot float values survive (no clipping in the master)
    samples[8] = -0;
    const wav = encodeFloatWav({ sampleRate: 48000, channels: 2 }, samples);
    expect(wav.length).toBe(FLOAT_WAV_HEADER_BYTES + samples.length * 4);
    const decoded = decodeWav(wav);
    expect(decoded).toMatchObject({
      formatTag: 3,
      bitsPerSample: 32,
      sampleRate: 48000,
      channels: 2,
      frames: 4801,
      dataOffset: FLOAT_WAV_HEADER_BYTES,
    });
    expect(
      Buffer.from(decoded.samples.buffer, decoded.samples.byteOffset, decoded.samples.byteLength).equals(
        Buffer.from(samples.buffer),
      ),
    ).toBe(true);
  });

  it("writes the header fields a float WAV needs", () => {
    const h = encodeFloatWavHeader({ sampleRate: 44100, channels: 1 }, 100);
    const v = new DataView(h.buffer);
    expect(String.fromCharCode(...h.subarray(0, 4))).toBe("RIFF");
    expect(v.getUint32(4, true)).toBe(FLOAT_WAV_HEADER_BYTES - 8 + 400);
    expect(v.getUint16(20, true)).toBe(3);
    expect(v.getUint32(28, true)).toBe(44100 * 4);
    expect(v.getUint32(46, true)).toBe(100); // fact: frames
    expect(v.getUint32(54, true)).toBe(400);
  });

  it("decodes 16-bit PCM and refuses garbage", () => {
    const h = new Uint8Array(44 + 4);
    const v = new DataView(h.buffer);
    h.set(
      [..."RIFF"].map((c) => c.charCodeAt(0)),
      0,
    );
    v.setUint32(4, 40, true);
    h.set(
      [..."WAVEfmt "].map((c) => c.charCodeAt(0)),
      8,
    );
    v.setUint32(16, 16, true);
    v.setUint16(20, 1, true);
    v.setUint16(22, 1, true);
    v.setUint32(24, 8000, true);
    v.setUint16(34, 16, true);
    h.set(
      [..."data"].map((c) => c.charCodeAt(0)),
      36,
    );
    v.setUint32(40, 4, true);
    v.setInt16(44, -32768, true);
    v.setInt16(46, 16384, true);
    expect(Array.from(decodeWav(h).samples)).toEqual([-1, 0.5]);
    expect(() => decodeWav(new Uint8Array([1, 2, 3]))).toThrow(/RIFF/);
  });
});

describe("peaks", () => {
  it("incremental peaks over arbitrary chunk boundaries equal the whole-signal peaks", () => {
    const samples = sine(10_000, 2, 48000);
    const whole = computePeaks(samples, 2, 256);
    const acc = new PeakAccumulator(2, 256);
    let f = 0;
    for (const n of [1, 255, 256, 257, 1000, 4800, 3431]) {
      acc.push(samples.subarray(f * 2, (f + n) * 2));
      f += n;
    }
    expect(f).toBe(10_000);
    expect(Array.from(acc.toFloat32())).toEqual(Array.from(whole));
    expect(acc.binCount).toBe(Math.ceil(10_000 / 256));
  });

  it("min/max per channel per bin", () => {
    const s = new Float32Array([0.1, -0.2, 0.5, 0.3, -0.4, 0.9, 0.2, -1]);
    const flat = computePeaks(s, 2, 2);
    expect(peaksByChannel(flat, 2).map((ch) => ch.map((x) => Math.round(x * 10) / 10))).toEqual([
      [0.1, 0.5, -0.4, 0.2],
      [-0.2, 0.3, -1, 0.9],
    ]);
  });
});
