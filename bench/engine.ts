/**
 * `npm run bench:engine` — issue #3's audio-engine benchmark (a benchmark, not a test).
 *
 * Starts the production server (like playwright.config.ts, on its own port), opens the engine diagnostics page
 * (/lab/engine) in Chromium and measures, on a BENCH_TRACKS-track / BENCH_CLIPS-clip arrangement:
 *  1. graph build: `AudioEngine.create` (TempoMap, note index, instruments, channels, master) — median of
 *     BENCH_RUNS — beside the raw Tone.js figure (reading the same notes, making the same Tone instruments and
 *     channel strips directly);
 *  2. one remote edit while playing: a bandmate's update applied to the doc → the engine's incremental update
 *     done (p95 over BENCH_EDITS edits), beside the raw Yjs figure (the same updates applied to a doc with no
 *     engine) and the engine's own share;
 *  3. offline render of a BENCH_SECONDS arrangement at 48 kHz stereo, × real time, beside, on its first
 *     BENCH_TONE_SECONDS: (a) raw Web Audio — the engine's instruments fed every note before rendering in one
 *     OfflineAudioContext (no scheduler), and (b) raw Tone.js — Tone's own synths (PolySynth …) playing the same
 *     notes. (Made up front, the whole arrangement's notes exhaust the renderer's memory.)
 * The last line of output is one JSON object.
 *
 * Env: BENCH_TRACKS 24, BENCH_CLIPS 200, BENCH_SECONDS 180, BENCH_BPM 120, BENCH_EDITS 100, BENCH_RUNS 7,
 * BENCH_TONE_SECONDS 10,
 * BENCH_PORT (default: a free port), BENCH_URL (use a running server instead), CHROMIUM_PATH.
 */
import os from "node:os";
import { startProductionServer, type ProductionServer } from "./engine/server";
import { launchBenchChromium } from "./engine/browser";
import type { BandspaceLab } from "../app/lab/engine/lab";

const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return n;
};

const spec = {
  tracks: num("BENCH_TRACKS", 24),
  clips: num("BENCH_CLIPS", 200),
  seconds: num("BENCH_SECONDS", 180),
  bpm: num("BENCH_BPM", 120),
  seed: 1,
};
const edits = num("BENCH_EDITS", 100);
const runs = num("BENCH_RUNS", 7);
const toneSeconds = num("BENCH_TONE_SECONDS", 10); // Tone.js renders at ~0.16× real time here: 10 s take a minute
const log = (line = "") => process.stdout.write(line + "\n");
const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : "–");

async function main() {
  let server: ProductionServer | null = null;
  const base = process.env.BENCH_URL ?? (server = await startProductionServer(log)).url;
  const browser = await launchBenchChromium();
  try {
    const page = await browser.newPage();
    page.on("pageerror", (err) => log(`[page error] ${err.message}`));
    await page.goto(`${base}/lab/engine`);
    await page.waitForSelector('[data-testid="engine-lab"][data-ready="true"]', { timeout: 60_000 });
    const version = browser.version();
    log(
      `Chromium ${version}, ${os.cpus().length} cores; arrangement: ${spec.tracks} tracks, ${spec.clips} clips, ${spec.seconds} s at ${spec.bpm} BPM`,
    );

    type Lab = BandspaceLab;
    const graph = await page.evaluate(
      ([s, r]) => (window as unknown as { bandspaceLab: Lab }).bandspaceLab.bench.graphBuild(s, r),
      [spec, runs] as const,
    );
    log();
    log(`1. graph build (AudioEngine.create), ${runs} runs`);
    log(`   engine  median ${f(graph.engine.p50)} ms  (min ${f(graph.engine.min)}, max ${f(graph.engine.max)})`);
    log(
      `   raw Tone.js, same instruments + channel strips + note read: median ${f(graph.raw.p50)} ms  (min ${f(graph.raw.min)})`,
    );

    const remote = await page.evaluate(
      ([s, e]) => (window as unknown as { bandspaceLab: Lab }).bandspaceLab.bench.remoteEdits(s, e),
      [spec, edits] as const,
    );
    log();
    log(
      `2. remote edit while playing, ${remote.applyAndFollow.n} edits (${Object.entries(remote.kinds)
        .map(([k, v]) => `${v} ${k}`)
        .join(", ")})`,
    );
    log(
      `   applied → engine updated   p50 ${f(remote.applyAndFollow.p50, 3)} ms  p95 ${f(remote.applyAndFollow.p95, 3)} ms  max ${f(remote.applyAndFollow.max, 3)} ms`,
    );
    log(
      `   of which the engine's own update   p50 ${f(remote.engineOnly.p50, 3)} ms  p95 ${f(remote.engineOnly.p95, 3)} ms`,
    );
    log(
      `   raw Yjs applyUpdate, no engine      p50 ${f(remote.rawYjsApply.p50, 3)} ms  p95 ${f(remote.rawYjsApply.p95, 3)} ms`,
    );
    log(
      `   rebuilt: ${remote.stats.instrumentsBuilt} instruments in total (24 at build), ${remote.stats.tempoMapsBuilt} TempoMap, ${remote.stats.clipsRead} clip reads, ${remote.stats.notesRead} note reads; index equals a fresh read: ${remote.consistent}`,
    );

    const offline = await page.evaluate(
      ([s, t]) => (window as unknown as { bandspaceLab: Lab }).bandspaceLab.bench.offline(s, 48000, t),
      [spec, toneSeconds] as const,
    );
    log();
    log(`3. offline render, ${f(offline.seconds, 1)} s, ${offline.notes} notes, ${offline.sampleRate} Hz stereo`);
    log(
      `   engine renderOffline   ${f(offline.engine.wallSeconds)} s  = ${f(offline.engine.xRealtime, 1)}× real time  (peak ${f(offline.engine.peak, 3)}, rms ${f(offline.engine.rms, 4)})`,
    );
    log(
      `   raw Web Audio: the engine's instruments, every note made before rendering (no scheduler), first ${f(offline.rawWebAudio.seconds, 0)} s (${offline.rawWebAudio.notes} notes)   ${f(offline.rawWebAudio.wallSeconds)} s  = ${f(offline.rawWebAudio.xRealtime, 1)}× real time`,
    );
    log(
      `   raw Tone.js synths (PolySynth etc.), same notes, first ${f(offline.rawTone.seconds, 0)} s (${offline.rawTone.notes} notes)   ${f(offline.rawTone.wallSeconds)} s  = ${f(offline.rawTone.xRealtime, 2)}× real time`,
    );

    const result = {
      bench: "engine",
      chromium: version,
      tracks: spec.tracks,
      clips: spec.clips,
      seconds: spec.seconds,
      notes: offline.notes,
      graph_build_ms: round(graph.engine.p50),
      graph_build_raw_tone_ms: round(graph.raw.p50),
      remote_edit_p50_ms: round(remote.applyAndFollow.p50, 3),
      remote_edit_p95_ms: round(remote.applyAndFollow.p95, 3),
      remote_edit_engine_only_p95_ms: round(remote.engineOnly.p95, 3),
      remote_edit_raw_yjs_p95_ms: round(remote.rawYjsApply.p95, 3),
      remote_edit_index_consistent: remote.consistent,
      offline_x_realtime: round(offline.engine.xRealtime, 1),
      offline_raw_webaudio_x_realtime: round(offline.rawWebAudio.xRealtime, 1),
      offline_raw_seconds: offline.rawWebAudio.seconds,
      offline_raw_tone_x_realtime: round(offline.rawTone.xRealtime, 2),
      offline_wall_s: round(offline.engine.wallSeconds, 2),
    };
    log();
    log(JSON.stringify(result));
  } finally {
    await browser.close();
    await server?.stop();
  }
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
