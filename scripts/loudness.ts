/**
 * `npm run loudness -- FILE.wav`: one JSON line with the file's loudness (BS.1770-5 / EBU R128): integrated,
 * LRA, true peak, sample peak, momentary and short-term maxima and series. Reads the file in blocks, so hour-long
 * files need no more memory than a short one. Exit status 1 with a message on stderr for unreadable files.
 */
import { open } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  LoudnessMeter,
  WavError,
  bs1770ChannelWeights,
  decodeWavFrames,
  loudnessReport,
  parseWavHeader,
} from "@bandspace/dsp";

const HEAD_BYTES = 1 << 16;
const BLOCK_FRAMES = 1 << 15;

export async function measureFile(path: string): Promise<ReturnType<typeof loudnessReport>> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const head = new Uint8Array(Math.min(HEAD_BYTES, size));
    await file.read(head, 0, head.length, 0);
    const info = parseWavHeader(head, size);
    let weights: number[];
    try {
      weights = bs1770ChannelWeights(info.channels, info.channelMask);
    } catch {
      throw new WavError(
        `${info.channels} channels without a channel mask: mono, stereo, 5.0 and 5.1 are understood (or WAVE_FORMAT_EXTENSIBLE with a mask)`,
      );
    }
    const meter = new LoudnessMeter({
      sampleRate: info.sampleRate,
      channels: info.channels,
      channelWeights: weights,
      seriesInterval: 0.1,
    });
    const buf = new Uint8Array(BLOCK_FRAMES * info.bytesPerFrame);
    for (let done = 0; done < info.dataBytes;) {
      const want = Math.min(buf.length, info.dataBytes - done);
      const { bytesRead } = await file.read(buf, 0, want, info.dataOffset + done);
      if (bytesRead === 0) break;
      const whole = bytesRead - (bytesRead % info.bytesPerFrame);
      meter.push(decodeWavFrames(info, buf.subarray(0, whole)));
      done += whole;
    }
    return loudnessReport(meter, true);
  } finally {
    await file.close();
  }
}

async function main(): Promise<void> {
  const path = process.argv[2];
  if (!path || process.argv.length > 3) {
    process.stderr.write("usage: npm run loudness -- FILE.wav\n");
    process.exit(2);
  }
  try {
    const report = await measureFile(path);
    const { durationSeconds: _d, ...out } = report;
    process.stdout.write(JSON.stringify(out) + "\n");
  } catch (err) {
    const message =
      err instanceof WavError
        ? err.message
        : err instanceof RangeError
          ? err.message
          : (err as NodeJS.ErrnoException).code === "ENOENT"
            ? "no such file"
            : String(err);
    process.stderr.write(`loudness: ${path}: ${message}\n`);
    process.exit(1);
  }
}

// Run as a command, not when imported (bench:master measures `measureFile` itself).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) void main();
