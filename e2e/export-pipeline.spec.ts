import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { decodeWav } from "@bandspace/dsp";

/**
 * The export pipeline in Chromium: offline render → export tap worklet → worker (master chain, encoder) → OPFS
 * file. Each export is checked outside the browser with ffprobe (format, rate, channels, duration) and measured
 * with ffmpeg's ebur128 (integrated within ±0.2 LU of the target, true peak under the ceiling).
 */

const dir = mkdtempSync(path.join(os.tmpdir(), "bandspace-export-e2e-"));

async function openLab(page: Page) {
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  await page.goto("/lab/engine");
  await expect(page.getByTestId("engine-lab")).toHaveAttribute("data-ready", "true", { timeout: 30_000 });
}

interface Probe {
  codec_name: string;
  sample_rate: string;
  channels: number;
  duration: string;
  bits_per_raw_sample?: string;
  sample_fmt: string;
  tags?: Record<string, string>;
}

function ffprobe(file: string): { stream: Probe; tags: Record<string, string> } {
  const out = JSON.parse(
    execFileSync("ffprobe", ["-v", "error", "-show_streams", "-show_format", "-of", "json", file], {
      encoding: "utf8",
    }),
  ) as { streams: Probe[]; format: { tags?: Record<string, string> } };
  return { stream: out.streams[0], tags: out.format.tags ?? {} };
}

function ebur128(file: string): { integrated: number; truePeak: number } {
  const res = execFileSync(
    "ffmpeg",
    [
      "-hide_banner",
      "-nostats",
      "-i",
      file,
      "-af",
      "ebur128=peak=true:metadata=1,ametadata=print:file=-",
      "-f",
      "null",
      "-",
    ],
    { encoding: "utf8", maxBuffer: 512 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] },
  );
  const is = [...res.matchAll(/lavfi\.r128\.I=(-?[\d.]+)/g)];
  const peaks = [...res.matchAll(/lavfi\.r128\.true_peak=([\d.]+)/g)].map((m) => Number(m[1]));
  return { integrated: Number(is.at(-1)![1]), truePeak: 20 * Math.log10(Math.max(...peaks)) };
}

/** Runs Match target then the export in the page; returns the file's bytes and the in-page report. */
async function exportInPage(
  page: Page,
  opts: { format: unknown; sampleRate: number; target: { lufs: number; ceilingDb: number } },
) {
  return page.evaluate(async ({ format, sampleRate, target }) => {
    const lab = window.bandspaceLab!;
    const scene = lab.docs.grooveScene();
    const range = lab.exports.exportRange(scene.doc, "song", null)!;
    // As the Export dialog does: the limiter aims under the ceiling by the codec's overshoot margin.
    const fmt = format as Parameters<typeof lab.exports.runExport>[0]["format"];
    const ceilingDb = target.ceilingDb - lab.exports.codecPeakMarginDb(fmt);
    const match = await lab.exports.matchTarget(scene.doc, range, sampleRate, { lufs: target.lufs, ceilingDb });
    const outcome = await lab.exports.runExport({
      doc: scene.doc,
      range,
      sampleRate: sampleRate as 44100 | 48000 | 96000,
      format: format as Parameters<typeof lab.exports.runExport>[0]["format"],
      what: "mix",
      master: { gainDb: match!.gainDb, ceilingDb },
      tags: { title: "Groove Test", artist: "The Lab Band" },
      fileBase: "Groove Test",
    });
    const b64 = await new Promise<string>((resolve) => {
      const r = new FileReader();
      r.onload = () => resolve((r.result as string).split(",")[1]);
      r.readAsDataURL(outcome.file);
    });
    return { b64, name: outcome.file.name, report: outcome.report, frames: outcome.frames, gainDb: match!.gainDb };
  }, opts);
}

const CASES = [
  {
    name: "WAV 24-bit 48 kHz, Streaming",
    format: { codec: "wav", depth: "pcm24" },
    sampleRate: 48000,
    target: { lufs: -14, ceilingDb: -1 },
    ext: "wav",
    codec: "pcm_s24le",
  },
  {
    name: "WAV 16-bit 44.1 kHz, EBU R128",
    format: { codec: "wav", depth: "pcm16" },
    sampleRate: 44100,
    target: { lufs: -23, ceilingDb: -1 },
    ext: "wav",
    codec: "pcm_s16le",
  },
  {
    name: "WAV 32-bit float 96 kHz, Club",
    format: { codec: "wav", depth: "float32" },
    sampleRate: 96000,
    target: { lufs: -9, ceilingDb: -0.3 },
    ext: "wav",
    codec: "pcm_f32le",
  },
  {
    name: "FLAC 24-bit 48 kHz, Podcast",
    format: { codec: "flac", depth: 24 },
    sampleRate: 48000,
    target: { lufs: -16, ceilingDb: -1 },
    ext: "flac",
    codec: "flac",
  },
  {
    name: "FLAC 16-bit 44.1 kHz, Streaming",
    format: { codec: "flac", depth: 16 },
    sampleRate: 44100,
    target: { lufs: -14, ceilingDb: -1 },
    ext: "flac",
    codec: "flac",
  },
  {
    name: "MP3 VBR 44.1 kHz, Streaming",
    format: { codec: "mp3", mode: { kind: "vbr", quality: 2 } },
    sampleRate: 44100,
    target: { lufs: -14, ceilingDb: -1 },
    ext: "mp3",
    codec: "mp3",
  },
  {
    name: "Opus 192 kbit/s 48 kHz, Podcast",
    format: { codec: "opus", kbps: 192 },
    sampleRate: 48000,
    target: { lufs: -16, ceilingDb: -1 },
    ext: "opus",
    codec: "opus",
  },
  {
    name: "MP3 CBR 320 48 kHz, Apple",
    format: { codec: "mp3", mode: { kind: "cbr", kbps: 320 } },
    sampleRate: 48000,
    target: { lufs: -16, ceilingDb: -1 },
    ext: "mp3",
    codec: "mp3",
  },
];

for (const c of CASES)
  test(`export ${c.name}: ffprobe reads it, ebur128 measures the target`, async ({ page }) => {
    test.setTimeout(240_000);
    await openLab(page);
    const r = await exportInPage(page, c);
    expect(r.name).toBe(`Groove Test.${c.ext}`);
    const file = path.join(dir, `${c.name.replace(/[^a-z0-9]+/gi, "_")}.${c.ext}`);
    const bytes = Buffer.from(r.b64, "base64");
    writeFileSync(file, bytes);
    const { stream, tags } = ffprobe(file);
    expect(stream.codec_name).toBe(c.codec);
    expect(Number(stream.sample_rate)).toBe(c.sampleRate);
    expect(stream.channels).toBe(2);
    // Every format decodes to exactly the exported length: WAV and FLAC by construction, MP3 through the LAME
    // tag's delay and padding, Opus through its pre-skip and final granule position.
    const decodedFrames =
      execFileSync("ffmpeg", ["-v", "error", "-i", file, "-f", "f32le", "-ac", "2", "-"], {
        maxBuffer: 512 * 1024 * 1024,
      }).length / 8;
    expect(decodedFrames).toBe(r.frames);
    // ffprobe's container duration: exact for WAV and FLAC; MP3 from the Info frame; Ogg counts the pre-skip.
    expect(Math.abs(Number(stream.duration) - r.report.durationSeconds)).toBeLessThan(
      c.ext === "wav" || c.ext === "flac" ? 0.001 : 0.06,
    );
    const m = ebur128(file);
    console.info(
      `${c.name}: in-page I ${r.report.integrated}, TP ${r.report.truePeakDbtp}; ffmpeg I ${m.integrated}, TP ${m.truePeak.toFixed(2)}; gain ${r.gainDb.toFixed(2)} dB`,
    );
    expect(Math.abs(m.integrated - c.target.lufs)).toBeLessThanOrEqual(0.2);
    expect(m.truePeak).toBeLessThanOrEqual(c.target.ceilingDb);
    if (c.ext === "opus") {
      expect(tags.TITLE ?? stream.tags?.TITLE).toBe("Groove Test");
    } else if (c.ext === "mp3") {
      expect(tags.title).toBe("Groove Test");
      expect(tags.artist).toBe("The Lab Band");
    } else if (c.ext === "flac") {
      expect(tags.TITLE).toBe("Groove Test");
      expect(tags.ARTIST).toBe("The Lab Band");
      expect(Number(stream.duration)).toBeCloseTo(r.report.durationSeconds, 3);
    } else {
      const wav = decodeWav(new Uint8Array(bytes));
      expect(wav.sampleRate).toBe(c.sampleRate);
      expect(wav.frames).toBe(r.frames);
    }
  });

test("stems: one WAV per track in a zip with a list, same length as the mix, summing to the unmastered mix", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openLab(page);
  const r = await page.evaluate(async () => {
    const lab = window.bandspaceLab!;
    const scene = lab.docs.grooveScene();
    const range = lab.exports.exportRange(scene.doc, "song", null)!;
    const common = {
      doc: scene.doc,
      range,
      sampleRate: 48000 as const,
      format: { codec: "wav" as const, depth: "float32" as const },
      master: { gainDb: 0, ceilingDb: null },
      tags: { title: "Groove", artist: "Lab" },
      fileBase: "Groove",
    };
    const toB64 = (f: File) =>
      new Promise<string>((resolve) => {
        const rd = new FileReader();
        rd.onload = () => resolve((rd.result as string).split(",")[1]);
        rd.readAsDataURL(f);
      });
    const mix = await lab.exports.runExport({ ...common, what: "mix" });
    const mixB64 = await toB64(mix.file);
    const stems = await lab.exports.runExport({ ...common, what: "stems" });
    return {
      mix: mixB64,
      zip: await toB64(stems.file),
      zipName: stems.file.name,
      tracks: scene.tracks.map((t) => t.name),
    };
  });
  expect(r.zipName).toBe("Groove stems.zip");
  const { unzipSync, strFromU8 } = await import("fflate");
  const entries = unzipSync(new Uint8Array(Buffer.from(r.zip, "base64")));
  const names = Object.keys(entries);
  expect(names.filter((n) => n.endsWith(".wav"))).toEqual(r.tracks.map((t, i) => `0${i + 1} ${t}.wav`));
  const list = strFromU8(entries["stems.txt"]);
  expect(list).toContain("Tempo: 120 BPM");
  expect(list).toMatch(/Key: /);
  for (const t of r.tracks) expect(list).toContain(t);
  const mix = decodeWav(new Uint8Array(Buffer.from(r.mix, "base64")));
  const stems = r.tracks.map((_, i) => decodeWav(entries[names.filter((n) => n.endsWith(".wav"))[i]]));
  for (const s of stems) expect(s.frames).toBe(mix.frames);
  let worst = 0;
  let mixPeak = 0;
  for (let i = 0; i < mix.samples.length; i++) {
    let sum = 0;
    for (const s of stems) sum += s.samples[i];
    worst = Math.max(worst, Math.abs(sum - mix.samples[i]));
    mixPeak = Math.max(mixPeak, Math.abs(mix.samples[i]));
  }
  console.info(`stems: ${stems.length}, ${mix.frames} frames, worst |Σstems − mix| = ${worst}, mix peak ${mixPeak}`);
  expect(mixPeak).toBeGreaterThan(0.05);
  expect(worst).toBeLessThan(1e-4);
});

test("cancel half way leaves no file behind and rejects with a cancellation", async ({ page }) => {
  test.setTimeout(120_000);
  await openLab(page);
  const r = await page.evaluate(async () => {
    const lab = window.bandspaceLab!;
    const scene = lab.docs.grooveScene();
    const range = lab.exports.exportRange(scene.doc, "song", null)!;
    const controller = new AbortController();
    let cancelledAt = 0;
    const outcome = await lab.exports
      .runExport(
        {
          doc: scene.doc,
          range,
          sampleRate: 48000,
          format: { codec: "wav", depth: "pcm24" },
          what: "stems",
          master: { gainDb: 0, ceilingDb: null },
          tags: { title: "Groove", artist: "Lab" },
          fileBase: "Groove",
        },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.fraction >= 0.4 && !controller.signal.aborted) {
              cancelledAt = p.fraction;
              controller.abort();
            }
          },
        },
      )
      .then(
        () => "finished",
        (e: Error) => e.message,
      );
    const dir = await lab.exports.exportDirectory();
    const left: string[] = [];
    for await (const name of (dir as unknown as { keys: () => AsyncIterable<string> }).keys()) left.push(name);
    return { outcome, cancelledAt, left };
  });
  expect(r.cancelledAt).toBeGreaterThanOrEqual(0.4);
  expect(r.cancelledAt).toBeLessThan(0.9);
  expect(r.outcome).toBe("Export cancelled");
  expect(r.left).toEqual([]);
});
