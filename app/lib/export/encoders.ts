/**
 * Encoders the export worker streams into: each takes planar float blocks and returns bytes to append. WAV is
 * ours (packages/dsp); MP3 is LAME in WebAssembly (wasm-media-encoders), loaded only when an MP3 is exported.
 */
import { FlacEncoder, WavEncoder, type WavSampleFormat } from "@bandspace/dsp";
import type { ExportFormat, Tags } from "./protocol";
import { id3v2Tag } from "./id3";

export interface StreamEncoder {
  readonly extension: string;
  readonly mime: string;
  /** Bytes before the first block (header, tags). */
  start(): Uint8Array;
  encode(planar: Float32Array[]): Uint8Array;
  finish(): Uint8Array;
}

export async function createEncoder(
  format: ExportFormat,
  o: { sampleRate: number; channels: number; totalFrames: number; tags: Tags },
): Promise<StreamEncoder> {
  if (format.codec === "wav") {
    const wav = new WavEncoder({
      sampleRate: o.sampleRate,
      channels: o.channels,
      format: format.depth as WavSampleFormat,
    });
    return {
      extension: "wav",
      mime: "audio/wav",
      start: () => wav.header(o.totalFrames),
      encode: (planar) => wav.encode(planar),
      finish: () => new Uint8Array(0),
    };
  }
  if (format.codec === "flac") {
    const flac = new FlacEncoder({
      sampleRate: o.sampleRate,
      channels: o.channels,
      bitsPerSample: format.depth,
      totalFrames: o.totalFrames,
      tags: { TITLE: o.tags.title, ARTIST: o.tags.artist },
    });
    return {
      extension: "flac",
      mime: "audio/flac",
      start: () => flac.header(),
      encode: (planar) => flac.encode(planar),
      finish: () => flac.finish(),
    };
  }
  if (o.sampleRate !== 44100 && o.sampleRate !== 48000) throw new Error("MP3 is exported at 44.1 or 48 kHz");
  if (o.channels !== 1 && o.channels !== 2) throw new Error("MP3 is mono or stereo");
  const { createMp3Encoder } = await import("wasm-media-encoders");
  const mp3 = await createMp3Encoder();
  mp3.configure({
    sampleRate: o.sampleRate,
    channels: o.channels,
    ...(format.mode.kind === "cbr" ? { bitrate: format.mode.kbps } : { vbrQuality: format.mode.quality }),
  });
  // The encoder owns its output buffer: copy before the next call.
  const copy = (b: Uint8Array) => b.slice();
  return {
    extension: "mp3",
    mime: "audio/mpeg",
    start: () => id3v2Tag(o.tags),
    encode: (planar) => copy(mp3.encode(planar)),
    finish: () => copy(mp3.finalize()),
  };
}
