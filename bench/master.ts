/**
 * `npm run bench:master` — issue 18's mastering/export benchmark (a benchmark, not a test).
 *
 * 1. Loudness analysis of a BENCH_LOUDNESS_SECONDS (180) stereo 48 kHz float WAV (generated music-like signal):
 *    our meter (`measureFile`: read in blocks + BS.1770/EBU meter + 4× true peak) vs
 *    `ffmpeg -af ebur128=peak=true` on the same file, same run: CPU seconds (the machine is shared; wall times
 *    printed too), × real time, ratio (ours ÷ ffmpeg's).
 * 2. In Chromium (production server, /lab/engine): export of a BENCH_TRACKS (16) track, BENCH_SECONDS (180)
 *    arrangement to WAV 24-bit and to MP3 320 through the whole pipeline (offline render → tap worklet → worker:
 *    limiter, meter, encoder → OPFS file): seconds, × real time, and peak memory of all Chromium processes (RSS
 *    summed, sampled every 100 ms).
 * 3. Long exports: the same BENCH_LONG_TRACKS (24) track arrangement (the same density of notes per minute) at
 *    each of BENCH_LONG_LENGTHS (300,900,1800 s) exported to WAV 24-bit, each in a fresh browser with a fresh
 *    on-disk profile (bench/master/memory.ts): peak RSS of the renderer processes (the page, its offline renders
 *    and the export worker) and of all Chromium processes, beside the RSS once the song is built. Exports render
 *    in segments that are freed one by one (segmented.ts, render-realm.ts), so the peaks must not grow with the
 *    length. Reference from the same run, in a fresh browser too: one OfflineAudioContext rendering the shortest
 *    length in one piece (what exports did before segments), its peak.
 * The last line of output is one JSON object.
 *
 * Env: BENCH_LOUDNESS_SECONDS, BENCH_TRACKS, BENCH_SECONDS (0: loudness only), BENCH_LONG_TRACKS,
 * BENCH_LONG_LENGTHS (comma-separated seconds; empty skips part 3), BENCH_URL (use a running server), CHROMIUM_PATH,
 * BENCH_BASE_URL (a running server of another build, e.g. main's: parts 2 and 3 run there too, in the same run).
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Page } from "@playwright/test";
import { WavEncoder } from "@bandspace/dsp";
import { musicSignal } from "../tests/helpers/music-signal";
import { measureFile } from "../scripts/loudness";
import { startProductionServer, type ProductionServer } from "./engine/server";
import { launchBenchChromium } from "./engine/browser";
import { chromiumMemory } from "./master/memory";
import { longExport, onePieceRender, type LongExport } from "./master/long-export";
import type { MemoryRun } from "./master/memory";
import type { BandspaceLab } from "../app/lab/engine/lab";

const run = promisify(execFile);
const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number ≥ 0 (got "${raw}")`);
  return n;
};
const log = (line = "") => process.stdout.write(line + "\n");
const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : "–");
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

async function loudnessBench(seconds: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-master-"));
  const file = path.join(dir, "music.wav");
  // Written in one-minute pieces so the generator's arrays stay small.
  const enc = new WavEncoder({ sampleRate: 48000, channels: 2, format: "float32" });
  const parts: Uint8Array[] = [enc.header(seconds * 48000)];
  for (let s = 0; s < seconds; s += 60) {
    const piece = musicSignal({ sampleRate: 48000, seconds: Math.min(60, seconds - s), gainDb: -6, seed: 1 + s });
    parts.push(enc.encode(piece));
  }
  writeFileSync(file, Buffer.concat(parts));
  try {
    // Warm the file cache, then time each. Both are single-threaded; the machine is shared, so CPU time
    // (user + system) is the fair figure — wall-clock times are printed beside it.
    execFileSync("cat", [file], { stdio: "ignore" });
    const c0 = process.cpuUsage();
    let t = performance.now();
    const ours = await measureFile(file);
    const oursWall = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(c0);
    const oursSeconds = (cpu.user + cpu.system) / 1e6;
    const log2 = path.join(dir, "ffmpeg.log");
    t = performance.now();
    const { stderr: times } = await run("bash", [
      "-c",
      `TIMEFORMAT='%U %S'; time ffmpeg -hide_banner -nostats -i "${file}" -af ebur128=peak=true -f null - 2>"${log2}"`,
    ]);
    const ffmpegWall = (performance.now() - t) / 1000;
    const [u, sys] = times.trim().split(/\s+/).slice(-2).map(Number);
    const ffmpegSeconds = u + sys;
    const stderr = readFileSync(log2, "utf8");
    const ffI = Number(/I:\s+(-?[\d.]+) LUFS/.exec(stderr.slice(stderr.lastIndexOf("Summary")))?.[1]);
    return { seconds, oursSeconds, ffmpegSeconds, oursWall, ffmpegWall, ours: ours.integrated, ffmpeg: ffI };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Lab = BandspaceLab;

async function exportBench(page: Page, marker: string, spec: { tracks: number; seconds: number }, format: string) {
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, chromiumMemory(marker).treeMb);
    } catch {
      // a process ended between ps and the sum
    }
  }, 100);
  const baseline = chromiumMemory(marker).treeMb;
  try {
    const r = await page.evaluate(
      async ([s, fmt]) => {
        const lab = (window as unknown as { bandspaceLab: Lab }).bandspaceLab;
        const { doc, endTick } = lab.docs.arrangementDoc({
          tracks: s.tracks,
          clips: s.tracks * 8,
          seconds: s.seconds,
          bpm: 120,
          seed: 1,
        });
        const format =
          fmt === "mp3"
            ? ({ codec: "mp3", mode: { kind: "cbr", kbps: 320 } } as const)
            : ({ codec: "wav", depth: "pcm24" } as const);
        const t = performance.now();
        const out = await lab.exports.runExport({
          doc,
          range: { fromTick: 0, toTick: endTick, tailSeconds: 0 },
          sampleRate: 48000,
          format,
          what: "mix",
          master: { gainDb: 0, ceilingDb: -1 },
          tags: { title: "Bench", artist: "Bandspace" },
          fileBase: `bench-${fmt}`,
        });
        const wall = (performance.now() - t) / 1000;
        return { wall, bytes: out.file.size, duration: out.report.durationSeconds, integrated: out.report.integrated };
      },
      [spec, format] as const,
    );
    return { ...r, peakMb: peak, baselineMb: baseline };
  } finally {
    clearInterval(sampler);
  }
}

interface LongRuns {
  runs: MemoryRun<LongExport>[];
  loads: number[];
}

/** One long export per length on the server at `url`, each in a fresh browser, printed as it ends. */
async function longExportsAt(url: string, tracks: number, seconds: number, label: string, into: LongRuns) {
  const r = await longExport(`${url}/lab/engine`, tracks, seconds);
  into.runs.push(r);
  // Peaks depend on when the browser's collector runs, which a loaded machine delays: print the load beside them.
  into.loads.push(round(os.loadavg()[0], 1));
  log(
    `   ${label}${String(seconds).padStart(5)} s: ${f(r.result.wall, 1)} s = ${f(r.result.seconds / r.result.wall, 1)}× real time, ${f(r.result.fileMb, 0)} MB file; peak ${f(r.rendererPeakMb, 0)} | ${f(r.treePeakMb, 0)} MB (song built: ${f(r.rendererBaseMb, 0)} | ${f(r.treeBaseMb, 0)} MB, own ${f(r.rendererPeakMb - r.rendererBaseMb, 0)} MB), load ${f(into.loads[into.loads.length - 1], 1)}`,
  );
}

const ownPeaks = (l: LongRuns) => l.runs.map((r) => round(r.rendererPeakMb - r.rendererBaseMb, 0));

/**
 * Part 3: the same song at each length, each in a fresh browser, and the one-piece reference (long-export.ts).
 * With `baseUrl` (another build, e.g. main's, BENCH_BASE_URL) each length is exported there too, right before,
 * so both sets of figures come from the same run and the same load.
 */
async function longExportsBench(url: string, tracks: number, lengths: number[], baseUrl?: string) {
  if (lengths.length === 0) return {};
  log();
  log(`3. long exports: ${tracks} tracks to WAV 24-bit, each in a fresh browser (RSS: renderers | all Chromium)`);
  const ours: LongRuns = { runs: [], loads: [] };
  const base: LongRuns = { runs: [], loads: [] };
  for (const seconds of lengths) {
    if (baseUrl) await longExportsAt(baseUrl, tracks, seconds, "base ", base);
    await longExportsAt(url, tracks, seconds, baseUrl ? "this " : "", ours);
  }
  const { runs, loads } = ours;
  const shortest = Math.min(...lengths);
  const ref = await onePieceRender(`${url}/lab/engine`, tracks, shortest);
  log(
    `   reference: one OfflineAudioContext renders the ${shortest} s song in one piece: ${f(ref.result.wall, 1)} s; peak ${f(ref.rendererPeakMb, 0)} | ${f(ref.treePeakMb, 0)} MB (song built: ${f(ref.rendererBaseMb, 0)} | ${f(ref.treeBaseMb, 0)} MB, own ${f(ref.rendererPeakMb - ref.rendererBaseMb, 0)} MB), load ${f(os.loadavg()[0], 1)}`,
  );
  const first = runs[0];
  const last = runs[runs.length - 1];
  log(
    `   growth of the renderers' peak from ${lengths[0]} s to ${lengths[lengths.length - 1]} s: ${f(last.rendererPeakMb - first.rendererPeakMb, 0)} MB (export's own: ${f(last.rendererPeakMb - last.rendererBaseMb - (first.rendererPeakMb - first.rendererBaseMb), 0)} MB)`,
  );
  return {
    long_export_tracks: tracks,
    long_export_lengths_seconds: lengths,
    long_export_seconds_of_audio: lengths[lengths.length - 1],
    long_export_wall_seconds: round(last.result.wall, 1),
    long_export_peak_mb: round(last.rendererPeakMb, 0),
    long_export_peaks_mb: runs.map((r) => round(r.rendererPeakMb, 0)),
    long_export_song_built_mb: runs.map((r) => round(r.rendererBaseMb, 0)),
    // The export's own share: peak minus the RSS with the song built (what the document itself adds is in the latter).
    long_export_own_peaks_mb: ownPeaks(ours),
    long_export_tree_peaks_mb: runs.map((r) => round(r.treePeakMb, 0)),
    long_export_peak_growth_mb: round(last.rendererPeakMb - first.rendererPeakMb, 0),
    long_export_walls_seconds: runs.map((r) => round(r.result.wall, 1)),
    one_piece_ref_seconds_of_audio: shortest,
    one_piece_ref_peak_mb: round(ref.rendererPeakMb, 0),
    one_piece_ref_own_peak_mb: round(ref.rendererPeakMb - ref.rendererBaseMb, 0),
    one_piece_ref_tree_peak_mb: round(ref.treePeakMb, 0),
    long_export_load_averages: loads,
    ...(baseUrl
      ? {
          base_long_export_peaks_mb: base.runs.map((r) => round(r.rendererPeakMb, 0)),
          base_long_export_song_built_mb: base.runs.map((r) => round(r.rendererBaseMb, 0)),
          base_long_export_own_peaks_mb: ownPeaks(base),
          base_long_export_walls_seconds: base.runs.map((r) => round(r.result.wall, 1)),
          base_long_export_load_averages: base.loads,
        }
      : {}),
  };
}

async function main() {
  const loudSeconds = num("BENCH_LOUDNESS_SECONDS", 180);
  const tracks = num("BENCH_TRACKS", 16);
  const seconds = num("BENCH_SECONDS", 180);
  const longTracks = num("BENCH_LONG_TRACKS", 24);
  const lengths = (process.env.BENCH_LONG_LENGTHS ?? "300,900,1800")
    .split(",")
    .filter((x) => x.trim() !== "")
    .map((x) => {
      const n = Number(x);
      if (!(n > 0)) throw new Error(`BENCH_LONG_LENGTHS: "${x}" is not a positive number of seconds`);
      return n;
    });

  log(`1. loudness analysis of a ${loudSeconds} s stereo 48 kHz float WAV`);
  const L = await loudnessBench(loudSeconds);
  const oursX = L.seconds / L.oursSeconds;
  const ffX = L.seconds / L.ffmpegSeconds;
  log(
    `   ours (npm run loudness path)  ${f(L.oursSeconds)} s CPU = ${f(oursX, 1)}× real time (wall ${f(L.oursWall)} s)   I ${L.ours} LUFS`,
  );
  log(
    `   ffmpeg ebur128=peak=true      ${f(L.ffmpegSeconds)} s CPU = ${f(ffX, 1)}× real time (wall ${f(L.ffmpegWall)} s)   I ${L.ffmpeg} LUFS`,
  );
  log(`   speed ratio ours ÷ ffmpeg     ${f(oursX / ffX)}`);

  if (seconds === 0) {
    // BENCH_SECONDS=0: the loudness comparison alone (no browser).
    log();
    log(
      JSON.stringify({
        bench: "master",
        loudness_seconds: L.seconds,
        loudness_x_realtime: round(oursX, 1),
        ffmpeg_x_realtime: round(ffX, 1),
        loudness_speed_ratio_vs_ffmpeg: round(oursX / ffX, 2),
      }),
    );
    return;
  }
  let server: ProductionServer | null = null;
  const base = process.env.BENCH_URL ?? (server = await startProductionServer(log)).url;
  const marker = `--user-agent=bandspace-bench-master-${process.pid}`;
  const browser = await launchBenchChromium([marker]);
  try {
    const page = await browser.newPage();
    page.on("pageerror", (err) => log(`[page error] ${err.message}`));
    await page.goto(`${base}/lab/engine`);
    await page.waitForSelector('[data-testid="engine-lab"][data-ready="true"]', { timeout: 60_000 });
    log();
    log(`2. export of a ${tracks}-track, ${seconds} s arrangement at 48 kHz (Chromium ${browser.version()})`);
    const wav = await exportBench(page, marker, { tracks, seconds }, "wav");
    log(
      `   WAV 24-bit   ${f(wav.wall)} s = ${f(wav.duration / wav.wall, 1)}× real time, ${f(wav.bytes / 1e6, 1)} MB file, peak ${f(wav.peakMb, 0)} MB (before ${f(wav.baselineMb, 0)} MB)`,
    );
    const mp3 = await exportBench(page, marker, { tracks, seconds }, "mp3");
    log(
      `   MP3 320      ${f(mp3.wall)} s = ${f(mp3.duration / mp3.wall, 1)}× real time, ${f(mp3.bytes / 1e6, 1)} MB file, peak ${f(mp3.peakMb, 0)} MB (before ${f(mp3.baselineMb, 0)} MB)`,
    );
    // BENCH_BASE_URL: the same exports on another build (e.g. main's), in the same browser and run, to compare with.
    const baseUrl = process.env.BENCH_BASE_URL || undefined;
    let baseFigures = {};
    if (baseUrl) {
      const basePage = await browser.newPage();
      basePage.on("pageerror", (err) => log(`[base page error] ${err.message}`));
      await basePage.goto(`${baseUrl}/lab/engine`);
      await basePage.waitForSelector('[data-testid="engine-lab"][data-ready="true"]', { timeout: 60_000 });
      const bWav = await exportBench(basePage, marker, { tracks, seconds }, "wav");
      const bMp3 = await exportBench(basePage, marker, { tracks, seconds }, "mp3");
      await basePage.close();
      log(`   base build (${baseUrl}): WAV 24-bit ${f(bWav.wall)} s, MP3 320 ${f(bMp3.wall)} s`);
      log(`   this ÷ base: WAV ${f(wav.wall / bWav.wall)}, MP3 ${f(mp3.wall / bMp3.wall)}`);
      baseFigures = { base_export_wav_seconds: round(bWav.wall, 2), base_export_mp3_seconds: round(bMp3.wall, 2) };
    }
    const long = await longExportsBench(base, longTracks, lengths, baseUrl);
    const result = {
      bench: "master",
      loudness_seconds: L.seconds,
      loudness_x_realtime: round(oursX, 1),
      ffmpeg_x_realtime: round(ffX, 1),
      loudness_speed_ratio_vs_ffmpeg: round(oursX / ffX, 2),
      loudness_integrated: L.ours,
      ffmpeg_integrated: L.ffmpeg,
      export_tracks: tracks,
      export_seconds_of_audio: seconds,
      export_wav_seconds: round(wav.wall, 2),
      export_wav_x_realtime: round(wav.duration / wav.wall, 1),
      export_mp3_seconds: round(mp3.wall, 2),
      export_mp3_x_realtime: round(mp3.duration / mp3.wall, 1),
      export_peak_mb: round(Math.max(wav.peakMb, mp3.peakMb), 0),
      ...baseFigures,
      ...long,
    };
    log();
    log(JSON.stringify(result));
  } finally {
    await browser.close();
    await server?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
