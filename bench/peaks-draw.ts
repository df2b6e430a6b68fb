/**
 * Peaks fetch and draw for a 30-minute take at three zoom levels (issue 19, part of `bench:edit`; runnable alone:
 * `npx tsx bench/peaks-draw.ts`).
 *
 * Starts the production server (or uses BENCH_URL), records a BENCH_PEAKS_MINUTES-minute mono take through the real
 * take protocol (tone and silence, 30 s each), places it on a track and opens the session in Chromium. Then, for
 * each of three zooms — all the way out, 6 steps in, and all the way in (level 0) — from the key press to the
 * moment the clip's waveform canvas says every tile under it has arrived and is drawn (`data-peaks="loaded"`):
 * our figure (cold: that level's tiles are not cached yet). Beside it, in the same page and run, the bare reference:
 * fetching the very same peak-bins URLs with plain `fetch` (no cache, no draw), all at once. Also: bytes fetched
 * per zoom against the take's audio bytes (what decoding the take would have had to download).
 *
 * `measurePeaksDraw()` returns `{ peaks_draw_ms, perZoom }` (peaks_draw_ms: the slowest of the three zooms).
 * Run alone, prints a table and, last, one JSON line.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "@playwright/test";
import { addRecordedTake } from "@bandspace/model";
import { startProductionServer, type ProductionServer } from "./engine/server";
import { launchBenchChromium } from "./engine/browser";
import { openSongDoc } from "../e2e/helpers";
import { streamLongTake } from "../tests/helpers/long-take";
import { connectTakeSocket, newTakeId } from "../tests/helpers/take-client";

export interface PeaksZoomFigure {
  zoom: string;
  pxPerQuarter: number;
  level: number;
  /** Peak-bins requests this zoom made, and their bytes. */
  requests: number;
  bytes: number;
  /** Key press → every visible tile fetched and drawn. */
  ours_ms: number;
  /** The same URLs fetched with plain fetch, all at once (no cache, no drawing). */
  bare_fetch_ms: number;
}

export interface PeaksDrawResult {
  peaks_draw_ms: number;
  perZoom: PeaksZoomFigure[];
  take_minutes: number;
  take_audio_bytes: number;
}

const RATE = 48000;

/**
 * Waits until the clip's canvas is drawn completely after the view changed; returns ms since `t0` (page clock).
 * Sent as source text: tsx names the functions it compiles (`__name`), which the page does not define.
 */
async function drawnSince(page: Page, t0: number): Promise<number> {
  return page.evaluate<number>(`new Promise((resolve, reject) => {
    const start = ${t0};
    const canvas = document.querySelector('[data-testid="take-waveform"]');
    const ppt = document.querySelector('[data-testid="timeline"]').dataset.pxPerTick;
    if (!canvas) return reject(new Error("no waveform canvas"));
    const deadline = performance.now() + 60000;
    // Drawn at the current zoom with every tile under it (the redraw runs in the frame after the view changed).
    const check = () => {
      if (canvas.dataset.pxPerTick === ppt && canvas.dataset.peaks === "loaded") return resolve(performance.now() - start);
      if (performance.now() > deadline) return reject(new Error("waveform not drawn within 60 s"));
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
}

/**
 * Presses `key` `times` times within one task (so only the final zoom is drawn, as the waveform redraws once per
 * frame) and times, on the page's clock, until the waveform is completely redrawn. Resource timings are cleared
 * first, so the page's list then holds this zoom's requests only.
 */
async function zoomAndTime(page: Page, key: string, times: number): Promise<number> {
  await page.evaluate(() => performance.clearResourceTimings());
  const t0 = await page.evaluate(
    ([k, n]) => {
      const t = performance.now();
      for (let i = 0; i < n; i++) window.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true }));
      return t;
    },
    [key, times] as const,
  );
  return drawnSince(page, t0);
}

export async function measurePeaksDraw(
  opts: { baseUrl?: string; minutes?: number; log?: (line: string) => void } = {},
): Promise<PeaksDrawResult> {
  const log = opts.log ?? (() => {});
  const minutes = opts.minutes ?? 30;
  let server: ProductionServer | null = null;
  const base = opts.baseUrl ?? (server = await startProductionServer(log)).url;
  const browser = await launchBenchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", (err) => log(`[page error] ${err.message}`));
    // A session and an audio track, through the UI like a person.
    await page.goto(`${base}/`);
    await page.getByTestId("session-name-input").fill("Peaks bench");
    await page.getByTestId("session-name-input").press("Enter");
    await page.waitForURL(/\/s\/[a-z0-9]{16}$/);
    await page.getByTestId("display-name-input").fill("Bench");
    await page.getByTestId("display-name-submit").click();
    await page.getByTestId("studio").waitFor();
    const sessionUrl = page.url();
    const sessionId = new URL(sessionUrl).pathname.split("/").pop()!;
    await page.getByTestId("add-track").click();
    await page.getByTestId("add-track-audio").click();
    const lane = page.getByTestId("track-lane").first();
    await lane.waitFor();
    const trackId = (await lane.getAttribute("data-track-id"))!;
    const token = await page.evaluate(
      (id) => (JSON.parse(window.localStorage.getItem(`bandspace:session:${id}`)!) as { token: string }).token,
      sessionId,
    );
    const song = await openSongDoc(page, sessionId);

    // The take, recorded through the take protocol with the page closed (no live relay to draw).
    await page.goto("about:blank");
    const takeId = newTakeId();
    const frames = RATE * 60 * minutes;
    const started = Date.now();
    const { socket } = await connectTakeSocket(base, sessionId, token);
    try {
      await streamLongTake(socket, { takeId, trackId, sampleRate: RATE, channels: 1, frames });
    } finally {
      socket.disconnect();
    }
    log(`recorded a ${minutes}-minute take in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    addRecordedTake(
      song.doc,
      { takeId, trackId, startTick: 0, sampleRate: RATE, channels: 1, frames, createdBy: "Bench" },
      { kind: "user", userId: "bench" },
    );

    await page.goto(sessionUrl);
    await page.locator('[data-testid="audio-clip"][data-peaks="loaded"]').waitFor({ timeout: 60_000 });
    song.close();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    // From the default zoom: all the way out (− × 10), 6 steps in (+), all the way in (+ × 14).
    const steps: Array<{ zoom: string; key: string; times: number }> = [
      { zoom: "all the way out", key: "-", times: 10 },
      { zoom: "6 steps in", key: "+", times: 6 },
      { zoom: "all the way in", key: "+", times: 14 },
    ];
    const perZoom: PeaksZoomFigure[] = [];
    for (const step of steps) {
      const ours = await zoomAndTime(page, step.key, step.times);
      const figure = await page.evaluate(async () => {
        const urls = performance
          .getEntriesByType("resource")
          .map((e) => e.name)
          .filter((u) => u.includes("/peaks/bins"));
        const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="take-waveform"]')!;
        const timeline = document.querySelector<HTMLElement>('[data-testid="timeline"]')!;
        const t = performance.now();
        const bodies = await Promise.all(urls.map((u) => fetch(u, { cache: "no-store" }).then((r) => r.arrayBuffer())));
        return {
          bare: performance.now() - t,
          requests: urls.length,
          bytes: bodies.reduce((n, b) => n + b.byteLength, 0),
          level: Number(canvas.dataset.level),
          pxPerQuarter: Number(timeline.dataset.pxPerTick) * 960,
        };
      });
      perZoom.push({
        zoom: step.zoom,
        pxPerQuarter: Math.round(figure.pxPerQuarter * 100) / 100,
        level: figure.level,
        requests: figure.requests,
        bytes: figure.bytes,
        ours_ms: Math.round(ours * 10) / 10,
        bare_fetch_ms: Math.round(figure.bare * 10) / 10,
      });
    }
    return {
      peaks_draw_ms: Math.max(...perZoom.map((z) => z.ours_ms)),
      perZoom,
      take_minutes: minutes,
      take_audio_bytes: 58 + frames * 4,
    };
  } finally {
    await browser.close();
    await server?.stop();
  }
}

async function main() {
  const log = (line = "") => process.stdout.write(line + "\n");
  const minutes = Number(process.env.BENCH_PEAKS_MINUTES ?? 30);
  const r = await measurePeaksDraw({ baseUrl: process.env.BENCH_URL, minutes, log });
  log();
  log(
    `peaks fetch + draw, ${minutes}-minute take (${(r.take_audio_bytes / 1e6).toFixed(0)} MB of audio, never fetched)`,
  );
  log("zoom              px/quarter  level  requests   bytes   ours (fetch+draw)  bare fetch (same URLs)");
  for (const z of r.perZoom)
    log(
      `${z.zoom.padEnd(18)}${String(z.pxPerQuarter).padStart(10)}${String(z.level).padStart(7)}${String(z.requests).padStart(10)}${String(z.bytes).padStart(8)}${`${z.ours_ms} ms`.padStart(19)}${`${z.bare_fetch_ms} ms`.padStart(24)}`,
    );
  log(JSON.stringify(r));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
