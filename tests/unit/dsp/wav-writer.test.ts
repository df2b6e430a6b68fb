/** WAV writer: round trips for every sample format, EXTENSIBLE headers with channel masks, TPDF dither statistics. */
import { describe, expect, it } from "vitest";
import {
  WAV_SAMPLE_FORMATS,
  WavEncoder,
  decodeWav,
  encodeWav,
  wavHeaderBytes,
  type WavSampleFormat,
} from "@bandspace/dsp";

const FULL_SCALE: Record<WavSampleFormat, number> = {
  pcm16: 32768,
  pcm24: 8388608,
  pcm32: 2147483648,
  float32: 0,
  float64: 0,
};

/** Deterministic test content on each format's grid (so integer formats can round-trip exactly). */
function content(frames: number, channels: number, format: WavSampleFormat): Float32Array[] {
  const fs = FULL_SCALE[format];
  return Array.from({ length: channels }, (_, c) => {
    const ch = new Float32Array(frames);
    for (let i = 0; i < frames; i++) {
      const x = 0.9 * Math.sin((2 * Math.PI * (110 * (c + 1)) * i) / 48000) + (i % 7 === 0 ? 0.05 : 0);
      // 32-bit PCM values must also be float32-representable to compare exactly.
      ch[i] = (fs === 0 ? x : Math.round(x * fs) / fs) + 0; // + 0: no −0, which integer formats cannot keep
    }
    ch[1] = -1; // negative full scale is representable in every format
    return ch;
  });
}

describe("WAV writer", () => {
  for (const format of WAV_SAMPLE_FORMATS)
    for (const [rate, channels] of [
      [44100, 1],
      [48000, 2],
      [96000, 6],
    ] as const)
      it(`round-trips ${format} at ${rate} Hz, ${channels} channel(s)`, () => {
        const planar = content(1234, channels, format);
        const wav = encodeWav({ sampleRate: rate, channels, format, dither: false }, planar);
        const d = decodeWav(wav);
        expect(d.sampleRate).toBe(rate);
        expect(d.channels).toBe(channels);
        expect(d.frames).toBe(1234);
        expect(d.dataOffset).toBe(wavHeaderBytes({ sampleRate: rate, channels, format }));
        expect(d.bitsPerSample).toBe(
          format === "pcm16" ? 16 : format === "pcm24" ? 24 : format === "float64" ? 64 : 32,
        );
        // 32-bit integers carry more precision than the decoder's float32 output: within one float32 rounding.
        const tolerance = format === "pcm32" ? 2 ** -24 : 0;
        let worst = 0;
        for (let c = 0; c < channels; c++)
          for (let i = 0; i < 1234; i++) worst = Math.max(worst, Math.abs(d.samples[i * channels + c] - planar[c][i]));
        expect(worst).toBeLessThanOrEqual(tolerance);
      });

  it("writes WAVE_FORMAT_EXTENSIBLE with the 5.1 mask for six channels and for 24-bit stereo", () => {
    const six = decodeWav(encodeWav({ sampleRate: 48000, channels: 6, format: "pcm16" }, content(10, 6, "pcm16")));
    expect(six.channelMask).toBe(0x3f);
    const side = decodeWav(
      encodeWav({ sampleRate: 48000, channels: 6, format: "float32", channelMask: 0x60f }, content(10, 6, "float32")),
    );
    expect(side.channelMask).toBe(0x60f);
    expect(side.formatTag).toBe(3);
    const hi = decodeWav(encodeWav({ sampleRate: 48000, channels: 2, format: "pcm24" }, content(10, 2, "pcm24")));
    expect(hi.channelMask).toBe(0x3);
    expect(hi.formatTag).toBe(1);
    const plain = decodeWav(encodeWav({ sampleRate: 48000, channels: 2, format: "pcm16" }, content(10, 2, "pcm16")));
    expect(plain.channelMask).toBeUndefined();
  });

  it("clips out-of-range input to the integer limits instead of wrapping", () => {
    const d = decodeWav(encodeWav({ sampleRate: 8000, channels: 1, format: "pcm24", dither: false }, [[1.7, -3, 1]]));
    expect(Array.from(d.samples)).toEqual([8388607 / 8388608, -1, 8388607 / 8388608]);
  });

  it("streams: header plus blocks equals the one-shot file", () => {
    const planar = content(5000, 2, "float32");
    const enc = new WavEncoder({ sampleRate: 48000, channels: 2, format: "pcm16", seed: 7 });
    const parts = [enc.header(5000)];
    for (let i = 0; i < 5000; i += 999)
      parts.push(enc.encode(planar.map((ch) => ch.subarray(i, Math.min(5000, i + 999)))));
    const streamed = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      streamed.set(p, o);
      o += p.length;
    }
    expect(streamed).toEqual(encodeWav({ sampleRate: 48000, channels: 2, format: "pcm16", seed: 7 }, planar));
  });
});

describe("TPDF dither to 16 bits", () => {
  const N = 200_000;
  /** Error in LSB of dithered 16-bit output against the input, for a constant input `lsbOffset` LSB above zero. */
  function errors(lsbOffset: number, dither = true): Float64Array {
    const x = new Float32Array(N).fill(lsbOffset / 32768);
    const d = decodeWav(encodeWav({ sampleRate: 48000, channels: 1, format: "pcm16", dither, seed: 12345 }, [x]));
    const e = new Float64Array(N);
    for (let i = 0; i < N; i++) e[i] = (d.samples[i] - x[i]) * 32768;
    return e;
  }
  const mean = (e: Float64Array) => e.reduce((a, b) => a + b, 0) / e.length;
  const variance = (e: Float64Array) => {
    const m = mean(e);
    return e.reduce((a, b) => a + (b - m) * (b - m), 0) / e.length;
  };

  it("has zero-mean error with the variance of TPDF plus rounding (1/4 LSB²), whatever the input level", () => {
    for (const offset of [0, 0.25, 0.5, 0.8]) {
      const e = errors(offset);
      expect(Math.abs(mean(e)), `offset ${offset}`).toBeLessThan(0.01);
      expect(variance(e), `offset ${offset}`).toBeGreaterThan(0.24);
      expect(variance(e), `offset ${offset}`).toBeLessThan(0.26);
      // TPDF spans ±1 LSB; with rounding the error never reaches 1.5 LSB.
      expect(e.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThan(1.5);
    }
  });

  it("without dither, error depends on the signal (the distortion dither removes)", () => {
    // Plain rounding maps 0.25 LSB to 0 every time: a constant −0.25 LSB error, zero variance.
    const e = errors(0.25, false);
    expect(mean(e)).toBeCloseTo(-0.25, 6);
    expect(variance(e)).toBeLessThan(1e-12);
  });

  it("keeps a sine far below one LSB audible: its average tracks the input", () => {
    const frames = 48000;
    const amp = 0.4 / 32768; // 0.4 LSB
    const x = new Float32Array(frames);
    for (let i = 0; i < frames; i++) x[i] = amp * Math.sin((2 * Math.PI * 1000 * i) / 48000);
    const d = decodeWav(encodeWav({ sampleRate: 48000, channels: 1, format: "pcm16", seed: 99 }, [x])).samples;
    // Correlate with the sine: the dithered output keeps the tone's amplitude; undithered rounding gives silence.
    let corr = 0;
    for (let i = 0; i < frames; i++) corr += d[i] * Math.sin((2 * Math.PI * 1000 * i) / 48000);
    expect((2 * corr) / frames / amp).toBeGreaterThan(0.9);
    expect((2 * corr) / frames / amp).toBeLessThan(1.1);
    const plain = decodeWav(encodeWav({ sampleRate: 48000, channels: 1, format: "pcm16", dither: false }, [x])).samples;
    expect(plain.every((v) => v === 0)).toBe(true);
  });
});
