/**
 * MP3 exports are gapless: the Info/Xing frame's LAME tag carries the encoder delay and padding, so ffmpeg decodes
 * exactly the exported number of frames, aligned to the sample (CBR and VBR, 44.1 and 48 kHz), and reads the
 * ID3 title and artist. Runs the export's own encoder module (LAME in WebAssembly) in Node.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEncoder } from "../../../app/lib/export/encoders";
import type { ExportFormat } from "../../../app/lib/export/protocol";
import { musicSignal } from "../../helpers/music-signal";

const run = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "bandspace-mp3-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("MP3 export encoder", () => {
  it.each([
    ["CBR 320 at 48 kHz", { codec: "mp3", mode: { kind: "cbr", kbps: 320 } }, 48000],
    ["VBR V2 at 44.1 kHz", { codec: "mp3", mode: { kind: "vbr", quality: 2 } }, 44100],
  ] as [string, ExportFormat, number][])(
    "%s decodes to the exact length, sample-aligned",
    async (name, format, rate) => {
      const planar = musicSignal({ sampleRate: rate, seconds: 6.789, gainDb: -10 });
      const frames = planar[0].length;
      const enc = await createEncoder(format, {
        sampleRate: rate,
        channels: 2,
        totalFrames: frames,
        tags: { title: "Gapless", artist: "Band" },
        canPatch: true,
      });
      const parts = [enc.start()];
      for (let i = 0; i < frames; i += 4096) parts.push(enc.encode(planar.map((c) => c.subarray(i, i + 4096))));
      parts.push(await enc.finish());
      const bytes = Buffer.concat(parts);
      const patch = enc.patch!()!;
      bytes.set(patch.bytes, patch.at);
      const file = path.join(dir, `${name.replace(/\W+/g, "_")}.mp3`);
      await writeFile(file, bytes);
      const { stdout } = await run("ffmpeg", ["-v", "error", "-i", file, "-f", "f32le", "-ac", "2", "-"], {
        encoding: "buffer",
        maxBuffer: 256 * 1024 * 1024,
      });
      const decoded = new Float32Array(stdout.buffer, stdout.byteOffset, stdout.byteLength / 4);
      expect(decoded.length / 2).toBe(frames);
      // Best-matching lag between source and decoded left channel: 0 when the delay is trimmed exactly.
      const x = planar[0];
      let best = -Infinity;
      let bestLag = 0;
      for (let lag = -1200; lag <= 1200; lag += 1) {
        let s = 0;
        for (let i = 50000; i < 90000; i += 2) s += x[i] * decoded[2 * (i + lag)];
        if (s > best) {
          best = s;
          bestLag = lag;
        }
      }
      expect(bestLag).toBe(0);
      const probe = JSON.parse((await run("ffprobe", ["-v", "error", "-show_format", "-of", "json", file])).stdout) as {
        format: { tags: Record<string, string>; duration: string };
      };
      expect(probe.format.tags).toMatchObject({ title: "Gapless", artist: "Band" });
      // The container duration (from the Info frame) counts delay and padding: within one MP3 frame or so.
      expect(Math.abs(Number(probe.format.duration) - frames / rate)).toBeLessThan(0.06);
    },
  );
});
