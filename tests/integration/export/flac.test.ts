/**
 * Our FLAC encoder against ffmpeg's decoder (libavcodec checks every frame's CRC): lossless to the integer we
 * quantised, at 16 and 24 bits, mono to 5.1, 44.1–96 kHz, with STREAMINFO's length and the Vorbis-comment tags.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FlacEncoder } from "@bandspace/dsp";
import { musicSignal } from "../../helpers/music-signal";

const run = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "bandspace-flac-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("FLAC encoder", () => {
  it.each([
    [16, 44100, 2],
    [24, 48000, 2],
    [24, 96000, 1],
    [16, 48000, 6],
  ] as const)("%i-bit %i Hz, %i channel(s): ffmpeg decodes exactly our integers", async (bits, rate, channels) => {
    const seconds = 7.3; // not a whole number of 4096-frame blocks: the last frame is short
    const planar = musicSignal({
      sampleRate: rate,
      seconds,
      gainDb: -6,
      channels: channels === 1 ? 1 : channels === 6 ? 6 : 2,
    });
    // Add digital silence (CONSTANT subframes) and a full-scale square (VERBATIM-prone) section.
    for (const ch of planar) {
      ch.fill(0, 0, Math.round(0.5 * rate));
      for (let i = Math.round(5 * rate); i < Math.round(5.2 * rate); i++) ch[i] = (i >> 3) % 2 ? 0.999 : -1;
    }
    const frames = planar[0].length;
    const enc = new FlacEncoder({
      sampleRate: rate,
      channels,
      bitsPerSample: bits,
      totalFrames: frames,
      dither: false,
      tags: { TITLE: "Ünïcode title", ARTIST: "Band" },
    });
    const parts = [enc.header()];
    for (let i = 0; i < frames; i += 5000) parts.push(enc.encode(planar.map((c) => c.subarray(i, i + 5000))));
    parts.push(enc.finish());
    const file = path.join(dir, `t-${bits}-${rate}-${channels}.flac`);
    await writeFile(file, Buffer.concat(parts));
    const { stdout } = await run("ffmpeg", ["-v", "error", "-i", file, "-f", "s32le", "-acodec", "pcm_s32le", "-"], {
      encoding: "buffer",
      maxBuffer: 512 * 1024 * 1024,
    });
    const decoded = new Int32Array(stdout.buffer, stdout.byteOffset, stdout.byteLength / 4);
    expect(decoded.length).toBe(frames * channels);
    const fs = bits === 16 ? 32768 : 8388608;
    let mismatches = 0;
    for (let i = 0; i < frames; i++)
      for (let c = 0; c < channels; c++) {
        const q = Math.min(fs - 1, Math.max(-fs, Math.round(planar[c][i] * fs)));
        // ffmpeg widens to 32 bits by shifting left.
        if (decoded[i * channels + c] !== q * 2 ** (32 - bits)) mismatches++;
      }
    expect(mismatches).toBe(0);
    const probe = JSON.parse(
      (await run("ffprobe", ["-v", "error", "-show_streams", "-show_format", "-of", "json", file])).stdout,
    ) as {
      streams: { sample_rate: string; channels: number; duration: string }[];
      format: { tags: Record<string, string> };
    };
    expect(Number(probe.streams[0].sample_rate)).toBe(rate);
    expect(probe.streams[0].channels).toBe(channels);
    expect(Number(probe.streams[0].duration)).toBeCloseTo(frames / rate, 4);
    expect(probe.format.tags.TITLE).toBe("Ünïcode title");
  });
});
