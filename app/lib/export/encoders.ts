/**
 * Encoders the export worker streams into: each takes planar float blocks and returns bytes to append. WAV is
 * ours (packages/dsp); MP3 is LAME in WebAssembly (wasm-media-encoders), loaded only when an MP3 is exported.
 */
import { FlacEncoder, WavEncoder } from "@bandspace/dsp";
import type { ExportFormat, Tags } from "./protocol";
import { id3v2Tag } from "./id3";
import { OggOpusWriter, concat } from "./ogg-opus";
import { Mp3FrameCounter, infoFrame, infoFrameSize } from "./mp3-info";

export interface StreamEncoder {
  readonly extension: string;
  readonly mime: string;
  /** Bytes before the first block (header, tags). */
  start: () => Uint8Array;
  encode: (planar: Float32Array[]) => Uint8Array;
  finish: () => Uint8Array | Promise<Uint8Array>;
  /** After `finish`: bytes to write over the encoder's output at `at` (from its first byte), if it reserved any. */
  patch?: () => { at: number; bytes: Uint8Array } | null;
}

export async function createEncoder(
  format: ExportFormat,
  o: { sampleRate: number; channels: number; totalFrames: number; tags: Tags; canPatch?: boolean },
): Promise<StreamEncoder> {
  if (format.codec === "wav") {
    const wav = new WavEncoder({
      sampleRate: o.sampleRate,
      channels: o.channels,
      format: format.depth,
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
  if (format.codec === "opus") return createOpusEncoder(format.kbps, o);
  if (o.sampleRate !== 44100 && o.sampleRate !== 48000) throw new Error("MP3 is exported at 44.1 or 48 kHz");
  if (o.channels !== 1 && o.channels !== 2) throw new Error("MP3 is mono or stereo");
  const { createMp3Encoder } = await import("wasm-media-encoders");
  const mp3 = await createMp3Encoder();
  mp3.configure({
    sampleRate: o.sampleRate,
    channels: o.channels,
    ...(format.mode.kind === "cbr" ? { bitrate: format.mode.kbps } : { vbrQuality: format.mode.quality }),
  });
  // The encoder owns its output buffer: copy before the next call. Frames are counted for the Info frame.
  const counter = new Mp3FrameCounter();
  const copy = (b: Uint8Array) => {
    const out = b.slice();
    counter.push(out);
    return out;
  };
  const id3 = id3v2Tag(o.tags);
  // The Info/Xing frame (length, seek table, encoder delay and padding) needs a place we can write later.
  const reserve = o.canPatch ? infoFrameSize(o.sampleRate) : 0;
  return {
    extension: "mp3",
    mime: "audio/mpeg",
    start: () => concat([id3, new Uint8Array(reserve)]),
    encode: (planar) => copy(mp3.encode(planar)),
    finish: () => copy(mp3.finalize()),
    patch: () =>
      reserve === 0
        ? null
        : {
            at: id3.length,
            bytes: infoFrame({
              sampleRate: o.sampleRate,
              channels: o.channels,
              vbr: format.mode.kind === "vbr",
              counter,
              totalFrames: o.totalFrames,
            }),
          },
  };
}

/**
 * Opus through WebCodecs' AudioEncoder (Chromium's libopus; no code shipped), muxed into Ogg here. The encoder
 * answers asynchronously: each `encode` returns the pages completed so far, `finish` flushes the rest.
 */
async function createOpusEncoder(
  kbps: number,
  o: { sampleRate: number; channels: number; totalFrames: number; tags: Tags },
): Promise<StreamEncoder> {
  if (o.sampleRate !== 48000) throw new Error("Opus is exported at 48 kHz");
  if (typeof AudioEncoder === "undefined") throw new Error("This browser has no WebCodecs audio encoder for Opus");
  const config = { codec: "opus", sampleRate: 48000, numberOfChannels: o.channels, bitrate: kbps * 1000 };
  const support = await AudioEncoder.isConfigSupported(config);
  if (!support.supported) throw new Error("This browser cannot encode Opus");
  let ogg: OggOpusWriter | null = null;
  let ready: Uint8Array[] = [];
  let failure: Error | null = null;
  const encoder = new AudioEncoder({
    output: (chunk, meta) => {
      if (!ogg) {
        // Pre-skip from the encoder's OpusHead when it gives one; libopus' usual look-ahead otherwise.
        const desc = meta?.decoderConfig?.description;
        let preSkip = 312;
        if (desc) {
          const bytes = ArrayBuffer.isView(desc)
            ? new Uint8Array(desc.buffer, desc.byteOffset, desc.byteLength)
            : new Uint8Array(desc);
          if (bytes.length >= 12) preSkip = bytes[10] | (bytes[11] << 8);
        }
        ogg = new OggOpusWriter(o.channels, preSkip, o.sampleRate);
        ready.push(ogg.header(o.tags));
      }
      const data = new Uint8Array(chunk.byteLength);
      chunk.copyTo(data);
      const samples = Math.round(((chunk.duration ?? 20000) * 48000) / 1e6);
      ready.push(ogg.packet(data, samples));
    },
    error: (e) => {
      failure = e instanceof Error ? e : new Error(String(e));
    },
  });
  encoder.configure(config);
  let timestamp = 0;
  const take = () => {
    if (failure) throw failure;
    const out = concat(ready);
    ready = [];
    return out;
  };
  return {
    extension: "opus",
    mime: "audio/ogg",
    start: () => new Uint8Array(0),
    encode: (planar) => {
      const frames = planar[0].length;
      const data = new Float32Array(frames * o.channels);
      planar.forEach((ch, c) => data.set(ch, c * frames));
      const audio = new AudioData({
        format: "f32-planar",
        sampleRate: 48000,
        numberOfFrames: frames,
        numberOfChannels: o.channels,
        timestamp,
        data,
      });
      timestamp += (frames * 1e6) / 48000;
      encoder.encode(audio);
      audio.close();
      return take();
    },
    finish: async () => {
      await encoder.flush();
      encoder.close();
      const rest = take();
      if (!ogg) throw new Error("the Opus encoder produced nothing");
      return concat([rest, ogg.end(o.totalFrames)]);
    },
  };
}
