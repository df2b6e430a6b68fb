/**
 * `npm run bench:mix` — issue #17's mixer benchmark (a benchmark, not a test).
 *
 * Starts the production server on its own port and measures in Chromium:
 *  1. offline render of a BENCH_SECONDS session, BENCH_TRACKS tracks × (EQ + compressor + saturation), two
 *     reverb buses, a master limiter — through the engine from the document — × real time, beside the same
 *     content built as a bare Web Audio graph of native nodes in the same run (ratio; goal ≥ 0.8), by wall
 *     time and by the CPU seconds of the browser's processes (the work itself on a machine shared with others);
 *  2. knob-to-ear latency: a parameter change made by one client (a y-websocket client in this process, on
 *     the real server) until the other client's engine (a studio page) has applied it, plus that page's audio
 *     output latency (base + output, as its transport bar shows it) — p50/p95 over BENCH_KNOBS changes under
 *     each latency choice, picked in the transport bar (goal p95 < 50 ms); beside it the network + server leg
 *     alone (a third client here hears the relay);
 *  3. real-time headroom: the most such tracks a live AudioContext plays without its clock falling behind the
 *     wall clock (how a dropout shows in headless Chromium, which has no audio device: the fake output pulls
 *     blocks on a timer, and a block that takes longer to render than it lasts delays the clock), under the
 *     default latency and under "low" (what the smaller buffer costs).
 * The last line of output is one JSON object.
 *
 * Env: BENCH_TRACKS 16, BENCH_SECONDS 180, BENCH_KNOBS 60, BENCH_RT_SECONDS 3, BENCH_OFFLINE_ONLY=1 (part 1 only),
 * BENCH_PORT, BENCH_URL, CHROMIUM_PATH.
 */
import type { Page } from "@playwright/test";
import os from "node:os";
import { addInsert, addTrack, setInsertParam, type Origin } from "@bandspace/model";
import {
  DEFAULT_LATENCY_CHOICE,
  LATENCY_CHOICES,
  LATENCY_HINTS,
  type LatencyChoice,
} from "@bandspace/audio-engine/pure";
import { startProductionServer, type ProductionServer } from "./engine/server";
import { browserPid, launchBenchChromium, processTree } from "./engine/browser";
import { cpuSeconds } from "./lib/targets";
import { openSongDoc } from "../e2e/helpers";
import type { BandspaceLab } from "../app/lab/engine/lab";

const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return n;
};
const tracks = num("BENCH_TRACKS", 16);
const seconds = num("BENCH_SECONDS", 180);
const knobs = num("BENCH_KNOBS", 60);
const rtSeconds = num("BENCH_RT_SECONDS", 3);
/** Only part 1 (quick comparisons of the render path). */
const offlineOnly = process.env.BENCH_OFFLINE_ONLY === "1";
const log = (line = "") => process.stdout.write(line + "\n");
const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : "–");
const round = (n: number, d = 2) => Number(n.toFixed(d));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
};
type Lab = BandspaceLab;

/** A new session from the landing page, as a person makes one (Playwright's expect needs its test runner: waits here). */
async function startSession(page: Page, name: string, displayName: string): Promise<string> {
  await page.goto("/");
  await page.getByTestId("session-name-input").fill(name);
  await page.getByTestId("session-name-input").press("Enter");
  await page.waitForURL(/\/s\/[a-z0-9]{16}$/);
  await page.getByTestId("display-name-input").fill(displayName);
  await page.getByTestId("display-name-submit").click();
  await page.getByTestId("studio").waitFor();
  return new URL(page.url()).pathname.split("/").pop()!;
}

interface KnobResult {
  latency: LatencyChoice;
  engineP50: number;
  engineP95: number;
  p50: number;
  p95: number;
  /** The studio engine's context: baseLatency + outputLatency, as the transport bar shows it. */
  outputLatencyMs: number;
  /** Sender → server → another client in this process: the network and server leg alone. */
  relayP50: number;
  relayP95: number;
  n: number;
}

/**
 * Knob-to-ear under each latency choice, chosen in the studio's transport bar as a person does (which replaces
 * the engine's AudioContext): BENCH_KNOBS parameter changes per choice from another client.
 */
async function knobToEar(page: Page): Promise<KnobResult[]> {
  const sessionId = await startSession(page, "Bench mix", "Bench");
  const replica = await openSongDoc(page, sessionId);
  // A second client in this process hears the server's relay: splits the path into network + server and page.
  const listener = await openSongDoc(page, sessionId);
  const heard: number[] = [];
  listener.doc.on("update", () => heard.push(Date.now()));
  const origin: Origin = { kind: "user", userId: "bench-knob" };
  const track = addTrack(replica.doc, { kind: "instrument", instrument: "pad", name: "Pad" }, origin);
  const eq = addInsert(replica.doc, track.id, "eq", {}, origin);
  const results: KnobResult[] = [];
  for (const latency of LATENCY_CHOICES) {
    // A change while playing replaces the engine and plays on (the old one is marked to tell them apart);
    // before the first Play there is no engine yet, and Play makes one with the chosen buffer.
    const hadEngine = await page.evaluate(() => {
      const engine = window.bandspaceStudio?.engine();
      if (engine) (engine as unknown as { benchOld: boolean }).benchOld = true;
      return !!engine;
    });
    await page.getByTestId("transport-latency").selectOption(latency);
    if (!hadEngine) await page.getByTestId("transport-play").click();
    await page.waitForFunction(() => {
      const engine = window.bandspaceStudio?.engine();
      return engine?.state === "playing" && !(engine as unknown as { benchOld?: boolean }).benchOld;
    });
    await page.waitForFunction(
      (id) => !!window.bandspaceStudio?.engine()?.internals.graph.channelFor(id)?.insertIds.length,
      track.id,
    );
    // The number the transport bar shows once audio flows: what this choice gives on this machine.
    await page.getByTestId("transport-latency-ms").filter({ hasText: "ms" }).waitFor();
    const outputLatencyMs = await page.evaluate(() => window.bandspaceStudio!.engine()!.outputLatencyMs);
    // Record when the engine has applied each parameter change (wall clock, the same clock as this process).
    await page.evaluate(() => {
      const core = window.bandspaceStudio!.engine()!.internals;
      const applied: number[] = [];
      (window as unknown as { __applied: number[] }).__applied = applied;
      const follow = core.followMix.bind(core);
      core.followMix = (change) => {
        follow(change);
        if (change.params.size > 0) applied.push(Date.now());
      };
    });
    heard.length = 0;
    const sent: number[] = [];
    for (let i = 0; i < knobs; i++) {
      sent.push(Date.now());
      setInsertParam(replica.doc, eq, "b3Gain", (i % 2 ? 1 : -1) * (1 + (i % 10)), origin);
      await sleep(60);
    }
    await sleep(500);
    const applied = await page.evaluate(() => (window as unknown as { __applied: number[] }).__applied.slice());
    const lat = sent.map((t, i) => (applied[i] ?? NaN) - t).filter(Number.isFinite);
    const relay = sent.map((t, i) => (heard[i] ?? NaN) - t).filter(Number.isFinite);
    const withEar = lat.map((l) => l + outputLatencyMs);
    results.push({
      latency,
      engineP50: quantile(lat, 0.5),
      engineP95: quantile(lat, 0.95),
      p50: quantile(withEar, 0.5),
      p95: quantile(withEar, 0.95),
      outputLatencyMs,
      relayP50: quantile(relay, 0.5),
      relayP95: quantile(relay, 0.95),
      n: lat.length,
    });
  }
  replica.close();
  listener.close();
  return results;
}

async function main() {
  let server: ProductionServer | null = null;
  const base = process.env.BENCH_URL ?? (server = await startProductionServer(log)).url;
  const marker = `--user-agent=bandspace-bench-mix-${process.pid}`;
  const browser = await launchBenchChromium([marker]);
  const pid = browserPid(marker);
  try {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", (err) => log(`[page error] ${err.message}`));
    await page.goto(`${base}/lab/engine`);
    await page.waitForSelector('[data-testid="engine-lab"][data-ready="true"]', { timeout: 60_000 });
    log(
      `Chromium ${browser.version()}, ${os.cpus().length} cores; ${tracks} tracks × (EQ + compressor + saturation), 2 reverb buses, master limiter`,
    );

    // Wall time and the browser's CPU time (all its processes) around each render: on a machine shared with
    // other work the wall clock also counts waiting for a core; the CPU seconds are the work itself.
    const render = async (which: "engine" | "bare") => {
      const tree = processTree(pid);
      const cpu = () => tree.reduce((sum, p) => sum + (cpuSeconds(p) || 0), 0);
      const cpu0 = cpu();
      const r = await page.evaluate(
        ([t, s, w]) => (window as unknown as { bandspaceLab: Lab }).bandspaceLab.mixBench.offline(t, s, w),
        [tracks, seconds, which] as const,
      );
      const cpuS = cpu() - cpu0;
      return { ...r, cpuSeconds: cpuS, cpuXRealtime: seconds / cpuS };
    };
    const engine = await render("engine");
    const bare = await render("bare");
    log();
    log(`1. offline render, ${seconds} s at 48 kHz stereo (wall; CPU seconds of the browser's processes)`);
    log(
      `   engine (document → mixer graph)  ${f(engine.wallSeconds)} s = ${f(engine.xRealtime, 1)}× real time; CPU ${f(engine.cpuSeconds)} s = ${f(engine.cpuXRealtime, 1)}× (peak ${f(engine.peak, 3)})`,
    );
    log(
      `   bare Web Audio graph, same content  ${f(bare.wallSeconds)} s = ${f(bare.xRealtime, 1)}× real time; CPU ${f(bare.cpuSeconds)} s = ${f(bare.cpuXRealtime, 1)}× (peak ${f(bare.peak, 3)})`,
    );
    log(
      `   ratio engine / bare = ${f(engine.xRealtime / bare.xRealtime)} wall, ${f(engine.cpuXRealtime / bare.cpuXRealtime)} CPU (goal ≥ 0.8)`,
    );

    const offlineFigures = {
      bench: "mix",
      chromium: browser.version(),
      tracks,
      seconds,
      offline_x_realtime: round(engine.xRealtime, 2),
      bare_x_realtime: round(bare.xRealtime, 2),
      offline_ratio_vs_bare: round(engine.xRealtime / bare.xRealtime, 3),
      offline_cpu_x_realtime: round(engine.cpuXRealtime, 2),
      bare_cpu_x_realtime: round(bare.cpuXRealtime, 2),
      offline_cpu_ratio_vs_bare: round(engine.cpuXRealtime / bare.cpuXRealtime, 3),
    };
    if (offlineOnly) {
      log();
      log(JSON.stringify(offlineFigures));
      return;
    }

    // 3 before 2: the studio page's engine would compete for the audio thread.
    const headroom = async (latency: LatencyChoice) => {
      let best = 0;
      let lo = 0;
      let hi = 0;
      const tried: { tracks: number; clockRatio: number }[] = [];
      const attempt = async (n: number) => {
        const r = await page.evaluate(
          ([t, s, h]) => (window as unknown as { bandspaceLab: Lab }).bandspaceLab.mixBench.realtime(t, s, h),
          [n, rtSeconds, LATENCY_HINTS[latency]] as const,
        );
        tried.push({ tracks: n, clockRatio: round(r.clockRatio, 4) });
        log(`   ${n} tracks: clock ${f(r.clockRatio * 100, 1)} % of wall time → ${r.ok ? "no dropout" : "dropouts"}`);
        return r.ok;
      };
      log(`   latency ${latency} (latencyHint ${JSON.stringify(LATENCY_HINTS[latency])}):`);
      for (let n = 8; n <= 512; n *= 2) {
        if (await attempt(n)) {
          best = lo = n;
        } else {
          hi = n;
          break;
        }
      }
      while (hi && hi - lo > Math.max(1, lo / 8)) {
        const mid = Math.round((lo + hi) / 2);
        if (await attempt(mid)) best = lo = mid;
        else hi = mid;
      }
      log(`   largest without a dropout: ${best} tracks`);
      return { best, tried };
    };
    log();
    log(`3. real-time headroom (${rtSeconds} s per try; a dropout = the context clock below 98.5 % of wall time)`);
    const rt = await headroom(DEFAULT_LATENCY_CHOICE);
    const rtLow = await headroom("low");

    await page.goto(`${base}/`);
    const knobs = await knobToEar(page);
    log();
    log(`2. knob-to-ear: parameter changes from another client (y-websocket, real server) to this engine, per latency`);
    for (const k of knobs) {
      log(
        `   ${k.latency.padEnd(8)} applied in the engine p50 ${f(k.engineP50, 1)} ms p95 ${f(k.engineP95, 1)} ms` +
          ` + output latency ${f(k.outputLatencyMs, 1)} ms = knob-to-ear p50 ${f(k.p50, 1)} ms p95 ${f(k.p95, 1)} ms` +
          ` (n ${k.n}; network + server p95 ${f(k.relayP95, 1)} ms)`,
      );
    }
    log(`   goal p95 < 50 ms; the default is "${DEFAULT_LATENCY_CHOICE}"`);
    const knob = knobs.find((k) => k.latency === DEFAULT_LATENCY_CHOICE)!;
    const byLatency = Object.fromEntries(
      knobs.map((k) => [
        k.latency,
        {
          p50: round(k.p50, 1),
          p95: round(k.p95, 1),
          engine_p95: round(k.engineP95, 1),
          output_ms: round(k.outputLatencyMs, 1),
        },
      ]),
    );

    log();
    log(
      JSON.stringify({
        ...offlineFigures,
        latency_default: DEFAULT_LATENCY_CHOICE,
        knob_to_engine_p95_ms: round(knob.engineP95, 1),
        knob_to_ear_p50_ms: round(knob.p50, 1),
        knob_to_ear_p95_ms: round(knob.p95, 1),
        knob_relay_p95_ms: round(knob.relayP95, 1),
        output_latency_ms: round(knob.outputLatencyMs, 1),
        knob_to_ear_by_latency: byLatency,
        realtime_max_tracks: rt.best,
        realtime_max_tracks_low_latency: rtLow.best,
        realtime_detection: "AudioContext clock vs wall clock over each try; below 98.5 % = dropouts",
        realtime_tries: rt.tried,
        realtime_tries_low_latency: rtLow.tried,
      }),
    );
  } finally {
    await browser.close();
    await server?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
