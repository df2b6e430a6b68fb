/**
 * `npm run bench:edit` — issue 19's editing benchmark (a benchmark, not a test).
 *
 * Starts the production server on a free port (or uses BENCH_URL), opens a session in Chromium and seeds it with
 * BENCH_TRACKS (24) audio tracks × BENCH_CLIPS (48) audio clips (bench/edit/seed.ts: one real take per track,
 * recorded over the take protocol, played by every clip of its track). Then measures:
 *  1. drag: a clip dragged by the mouse, from each pointer move to the first frame whose drag ghost moved (p95);
 *  2. remote edit: a bandmate (a raw Yjs client in Node, through the server) moves a visible clip, until the page
 *     draws it there — wall clocks of one machine (performance.timeOrigin + now() in Node and in the page);
 *     reference: the same update's arrival at a second raw Yjs client (bare y-websocket relay time, same run);
 *  3. frame times (requestAnimationFrame deltas) while scrolling, zooming (wheel, and zoom to fit the whole song)
 *     and playing (at "fit all" and at BENCH_PLAY_BARS, 8, bars on screen); references: a blank page's frames in the same browser, the same scroll in the studio before
 *     it is seeded (the app and the machine without the clips), and the studio idle;
 *  4. the model-level figures (a burst of edits, remote apply + `planAudioPlayback`) beside bare Yjs writes.
 * Prints a table; the last line is one JSON object. `peaks_draw_ms` comes from bench/peaks-draw.ts (a 30-minute
 * take at three zoom levels, beside a plain fetch of the same tiles).
 *
 * Each p95 is printed beside the blank page's frame p95 of the same run (one vsync as this machine delivers it
 * now: 16.8 ms is common where 16.7 is the goal) and judged "at the display's frame rate" when it is no longer.
 *
 * Env: BENCH_PROFILE (scroll | zoom | play | drag | remote, comma-separated: print that phase's CPU profile,
 * bench/edit/profile.ts; layers: what element each compositor layer at rest is for), BENCH_TRACKS 24, BENCH_CLIPS 48, BENCH_MOVES 60 (drag), BENCH_REMOTE 40 (remote edits), BENCH_EDITS 1000
 * (model burst), BENCH_PLAY_BARS 8, BENCH_URL, BENCH_PORT, CHROMIUM_PATH.
 */
import type { Page } from "@playwright/test";
import os from "node:os";
import { PPQ, getAudioClip, moveAudioClipTo } from "@bandspace/model";
import { openSongDoc, startSession } from "../e2e/helpers";
import { startProductionServer, type ProductionServer } from "./engine/server";
import { launchBenchChromium } from "./engine/browser";
import { measureModel } from "./edit/model";
import {
  PAGE_SHIM,
  dragPending,
  startDragProbe,
  startFrames,
  stopDragProbe,
  stopFrames,
  whenClipShown,
} from "./edit/probes";
import { seedAudioSession } from "./edit/seed";
import { countLayers } from "./edit/layers";
import { startProfile, startTrace, stopProfile, stopTrace } from "./edit/profile";
import { max, percentile, round } from "./edit/stats";
import { measurePeaksDraw } from "./peaks-draw";

const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return n;
};
const TRACKS = num("BENCH_TRACKS", 24);
const CLIPS = num("BENCH_CLIPS", 48);
const MOVES = num("BENCH_MOVES", 60);
const REMOTE = num("BENCH_REMOTE", 40);
const EDITS = num("BENCH_EDITS", 1000);
/** The "working view" zoom playback is measured at (besides "fit all"): at most this many bars on screen. */
const PLAY_BARS = num("BENCH_PLAY_BARS", 8);
const PROFILE = (process.env.BENCH_PROFILE ?? "").split(",");
/** The issue's goal for every p95 (one frame at 60 Hz). */
const GOAL_P95_MS = 16.7;
/** A blank page's frame p95 above this is not one vsync (60 Hz plus jitter) but a busy machine. */
const REFERENCE_VSYNC_MAX_MS = 18;
const BANDMATE = { kind: "user", userId: "bench-bandmate" } as const;
const log = (line = "") => process.stdout.write(line + "\n");
const wall = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Audio clips whose blocks are fully inside the visible timeline (ids and boxes). */
async function visibleClips(page: Page) {
  return page.evaluate(() => {
    const frame = document.querySelector('[data-testid="timeline"]')!.getBoundingClientRect();
    return [...document.querySelectorAll<HTMLElement>('[data-testid="audio-clip"]')]
      .map((el) => ({ id: el.dataset.clipId!, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.left > frame.left + 260 && r.right < frame.right - 40 && r.top > 120 && r.bottom < 860)
      .map(({ id, r }) => ({ id, x: r.left, y: r.top, width: r.width, height: r.height }));
  });
}

async function measureDrag(page: Page): Promise<number[]> {
  const [clip] = (await visibleClips(page)).filter((c) => c.width > 40);
  if (!clip) throw new Error("no audio clip on screen to drag");
  const x0 = clip.x + clip.width * 0.6;
  const y0 = clip.y + clip.height * 0.7; // below the gain line, away from the fade corners: a move
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x0 + 6, y0, { steps: 2 });
  await startDragProbe(page);
  const profiler = PROFILE.includes("drag") ? await startProfile(page) : null;
  for (let i = 1; i <= MOVES; i++) {
    await page.mouse.move(x0 + 6 + 3 * i, y0);
    await until(async () => (await dragPending(page)) === 0, "the drag ghost to follow the pointer", 5000);
  }
  if (profiler) log(["profile while dragging:", ...(await stopProfile(profiler))].join("\n"));
  const latencies = await stopDragProbe(page);
  await page.keyboard.press("Escape"); // cancel: the benchmark leaves the arrangement as seeded
  await page.mouse.up();
  return latencies;
}

async function measureRemote(
  page: Page,
  bandmate: Awaited<ReturnType<typeof openSongDoc>>,
  observer: Awaited<ReturnType<typeof openSongDoc>>,
): Promise<{ visible: number[]; bare: number[] }> {
  const ids = (await visibleClips(page)).map((c) => c.id).slice(0, 10);
  if (ids.length === 0) throw new Error("no audio clip on screen for the remote edits");
  const visible: number[] = [];
  const bare: number[] = [];
  const profiler = PROFILE.includes("remote") ? await startProfile(page) : null;
  for (let i = 0; i < REMOTE; i++) {
    const id = ids[i % ids.length];
    const clip = getAudioClip(bandmate.doc, id)!;
    const to = clip.startTick + (Math.floor(i / ids.length) % 2 ? -480 : 480);
    const shown = whenClipShown(page, id, to);
    await page.evaluate(() => 0); // the watcher is installed once a later evaluation has run
    const arrived = new Promise<number>((resolve) => observer.doc.once("update", () => resolve(wall())));
    const sent = wall();
    moveAudioClipTo(bandmate.doc, id, { startTick: to }, BANDMATE);
    visible.push((await shown) - sent);
    bare.push((await arrived) - sent);
    await sleep(30);
  }
  if (profiler) log(["profile of the remote edits:", ...(await stopProfile(profiler))].join("\n"));
  return { visible, bare };
}

async function wheel(page: Page, dx: number, dy: number, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await page.mouse.wheel(dx, dy);
    await sleep(16);
  }
}

/** Sideways (Shift+wheel and trackpad-style deltaX) and vertically, as a person looks through a session. */
async function scrollGesture(page: Page): Promise<void> {
  await page.keyboard.down("Shift");
  await wheel(page, 0, 120, 40);
  await page.keyboard.up("Shift");
  await wheel(page, 0, 80, 10);
  await wheel(page, 0, -80, 10);
  await wheel(page, 140, 0, 30);
  await wheel(page, -140, 0, 30);
}

/** Bars the lanes show now (the timeline's zoom × the lane width; 4/4, as seeded). */
async function barsVisible(page: Page): Promise<number> {
  const ppt = Number(await page.getByTestId("timeline").getAttribute("data-px-per-tick"));
  const lane = (await page.getByTestId("track-lane").first().boundingBox())!;
  return lane.width / (ppt * 4 * PPQ);
}

/** From "fit all", zooms in by the toolbar's steps until at most `bars` bars are on screen; returns how many are. */
async function zoomToBars(page: Page, bars: number): Promise<number> {
  await page.getByTestId("zoom-fit").click();
  for (let i = 0; i < 40; i++) {
    const shown = await barsVisible(page);
    if (shown <= bars) return shown;
    await page.getByTestId("zoom-in").click();
  }
  throw new Error(`could not zoom in to ${bars} bars`);
}

/** Frame times over 3 s of playback (after 1 s to start), from where the playhead is, at the zoom as it is. */
async function measurePlaying(page: Page, label: string): Promise<number[]> {
  await page.getByTestId("transport-play").click();
  await sleep(1000);
  const profiler = PROFILE.includes("play") ? await startProfile(page) : null;
  await startFrames(page);
  await sleep(3000);
  const frames = await stopFrames(page);
  if (profiler) log([`profile while playing (${label}):`, ...(await stopProfile(profiler))].join("\n"));
  // A page busy with playback can take long to answer the click; the figures are taken already.
  await page
    .getByTestId("transport-play")
    .click({ timeout: 60_000 })
    .catch(() => log("(playback not stopped: the page did not answer within 60 s)"));
  log(`playing (${label}): p95 ${percentile(frames, 0.95).toFixed(1)} ms`);
  return frames;
}

async function main() {
  let server: ProductionServer | null = null;
  const base = process.env.BENCH_URL ?? (server = await startProductionServer(log)).url;
  const browser = await launchBenchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: base });
    await context.addInitScript(PAGE_SHIM);

    // Reference: a blank page's frames in the same browser (what the machine gives any page right now).
    const blank = await context.newPage();
    await blank.setContent("<!doctype html><title>bare</title><body></body>");
    await startFrames(blank);
    await sleep(2000);
    const bareFrames = await stopFrames(blank);
    await blank.close();

    const page = await context.newPage();
    page.on("pageerror", (err) => log(`[page error] ${err.message}`));
    const sessionId = await startSession(page, "Bench edit", "Ana");
    const token = await page.evaluate(
      (id) => (JSON.parse(window.localStorage.getItem(`bandspace:session:${id}`)!) as { token: string }).token,
      sessionId,
    );
    // Reference: the same scroll in the same studio with nothing in it (the app and machine without the clips).
    const empty = (await page.getByTestId("timeline").boundingBox())!;
    await page.mouse.move(empty.x + empty.width * 0.6, empty.y + empty.height * 0.5);
    await startFrames(page);
    await scrollGesture(page);
    const emptyScrollFrames = await stopFrames(page);
    const bandmate = await openSongDoc(page, sessionId);
    const observer = await openSongDoc(page, sessionId);
    const t0 = Date.now();
    const seeded = await seedAudioSession(bandmate.doc, {
      baseUrl: base,
      sessionId,
      token,
      tracks: TRACKS,
      clipsPerTrack: CLIPS,
    });
    await until(async () => (await page.getByTestId("track-row").count()) === TRACKS, `${TRACKS} track rows`);
    await until(
      async () =>
        page.evaluate(() => {
          // The clips on screen: clips mounted in the culling margin off screen need not be drawn yet (they were
          // not, before waveforms were drawn ahead: this waited forever).
          const frame = document.querySelector('[data-testid="timeline"]')!.getBoundingClientRect();
          const clips = [...document.querySelectorAll<HTMLElement>('[data-testid="audio-clip"]')].filter((c) => {
            const r = c.getBoundingClientRect();
            return r.right > frame.left && r.left < frame.right && r.bottom > frame.top && r.top < frame.bottom;
          });
          return clips.length > 0 && clips.every((c) => c.dataset.peaks === "loaded");
        }),
      "the waveforms of the clips on screen",
    );
    const loadMs = Date.now() - t0;
    const clipsInDom = await page.getByTestId("audio-clip").count();
    await page.getByTestId("snap-select").selectOption("off");
    await sleep(500);

    log(
      `Chromium ${browser.version()}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}; ${TRACKS} audio tracks × ${CLIPS} clips (${seeded.clipIds.length}), ${clipsInDom} clip blocks mounted; seeded and drawn in ${loadMs} ms`,
    );

    const timeline = (await page.getByTestId("timeline").boundingBox())!;
    const centre = { x: timeline.x + timeline.width * 0.6, y: timeline.y + timeline.height * 0.5 };
    await page.mouse.move(centre.x, centre.y);
    await startFrames(page);
    await sleep(1000);
    const idleFrames = await stopFrames(page);

    const drag = await measureDrag(page);
    log(`drag: ${drag.length} moves measured, p95 ${percentile(drag, 0.95).toFixed(1)} ms`);
    const remote = await measureRemote(page, bandmate, observer);
    log(`remote edits: ${remote.visible.length} measured, p95 ${percentile(remote.visible, 0.95).toFixed(1)} ms`);

    await page.mouse.move(centre.x, centre.y);
    const layersAtRest = await countLayers(page, PROFILE.includes("layers"));
    log(`compositor layers at rest: ${layersAtRest.layers} (${layersAtRest.drawing} drawing content)`);
    if (layersAtRest.owners.length) log(["layers by element:", ...layersAtRest.owners].join("\n"));
    let profiler = PROFILE.includes("scroll") ? await startProfile(page) : null;
    const tracer = PROFILE.includes("trace") ? await startTrace(page) : null;
    await startFrames(page);
    await scrollGesture(page);
    const scrollFrames = await stopFrames(page);
    if (profiler) log(["profile while scrolling:", ...(await stopProfile(profiler))].join("\n"));
    if (tracer) log(["main thread while scrolling (trace):", ...(await stopTrace(tracer))].join("\n"));
    const layersScrolled = await countLayers(page);
    log(`compositor layers after the scroll: ${layersScrolled.layers} (${layersScrolled.drawing} drawing content)`);
    profiler = PROFILE.includes("zoom") ? await startProfile(page) : null;

    await startFrames(page);
    await page.keyboard.down("Control");
    await wheel(page, 0, 60, 10);
    await wheel(page, 0, -60, 10);
    await page.keyboard.up("Control");
    // Out to the whole song (every clip on screen) and back in.
    await page.getByTestId("zoom-fit").click();
    await sleep(800);
    await page.mouse.move(centre.x, centre.y);
    await page.keyboard.down("Control");
    await wheel(page, 0, -60, 12);
    await page.keyboard.up("Control");
    await sleep(300);
    const zoomFrames = await stopFrames(page);
    if (profiler) log(["profile while zooming:", ...(await stopProfile(profiler))].join("\n"));

    // Playing, at two fixed zooms: the whole song on screen (every clip a block) and about 8 bars (a working view).
    await page.getByTestId("zoom-fit").click();
    await sleep(500);
    const playFitFrames = await measurePlaying(page, "fit all");
    const barsShown = await zoomToBars(page, PLAY_BARS);
    await sleep(500);
    const playFrames = await measurePlaying(page, `${barsShown.toFixed(1)} bars`);

    bandmate.close();
    observer.close();
    await context.close();

    // Peaks fetch + draw of a 30-minute take at three zoom levels (its own session on the same server).
    const peaks = await measurePeaksDraw({ baseUrl: base, log });

    log(`model: a burst of ${EDITS} edits on ${TRACKS} × ${CLIPS} audio clips …`);
    const model = measureModel(TRACKS, CLIPS, EDITS);

    const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "–");
    // One vsync as this machine delivers frames now: a p95 no longer than the blank page's is the display's rate.
    const vsync = percentile(bareFrames, 0.95);
    // A blank page that itself misses frames (the machine stalled while it was sampled) is no vsync to judge by.
    const refOk = vsync <= REFERENCE_VSYNC_MAX_MS;
    const atRate = (p95: number) => (refOk ? p95 <= Math.max(GOAL_P95_MS, vsync) : null);
    const judge = (p95: number) =>
      !refOk
        ? `no verdict: the blank page missed frames (p95 ${f(vsync)})`
        : `${atRate(p95) ? "at the display's frame rate" : `${f(p95 / vsync, 2)}× a frame`} (blank page p95 ${f(vsync)})`;
    const row = (name: string, ours: string, ref: string) => log(`${name.padEnd(46)}${ours.padEnd(36)}${ref}`);
    log();
    row("figure", "bandspace", "reference (same run)");
    row(
      "drag: pointer move → frame showing it",
      `p50 ${f(percentile(drag, 0.5))} p95 ${f(percentile(drag, 0.95))} ms`,
      `${judge(percentile(drag, 0.95))} (n=${drag.length})`,
    );
    row(
      "remote edit → on screen",
      `p50 ${f(percentile(remote.visible, 0.5))} p95 ${f(percentile(remote.visible, 0.95))} ms`,
      `${judge(percentile(remote.visible, 0.95))}; bare Yjs arrival at a 2nd client p50 ${f(percentile(remote.bare, 0.5))} p95 ${f(percentile(remote.bare, 0.95))} ms`,
    );
    const frames = (name: string, xs: number[]) =>
      row(
        `frames ${name}`,
        `p50 ${f(percentile(xs, 0.5))} p95 ${f(percentile(xs, 0.95))} max ${f(max(xs))}`,
        `${judge(percentile(xs, 0.95))} (${xs.length} frames, ${xs.filter((x) => x > 50).length} over 50 ms)`,
      );
    frames("blank page (reference)", bareFrames);
    frames("scrolling the empty studio (reference)", emptyScrollFrames);
    frames("studio idle", idleFrames);
    frames("scrolling", scrollFrames);
    frames("zooming (wheel + fit all)", zoomFrames);
    frames(`playing, ${PLAY_BARS} bars on screen`, playFrames);
    frames("playing, fit all", playFitFrames);
    row(
      "model edit (validate + write)",
      `p50 ${f(model.editP50, 3)} p95 ${f(model.editP95, 3)} ms`,
      `bare Yjs write + apply p50 ${f(model.bareP50, 3)} p95 ${f(model.bareP95, 3)} ms`,
    );
    row(
      "remote apply + playback plan",
      `p50 ${f(model.applyPlanP50, 3)} p95 ${f(model.applyPlanP95, 3)} ms`,
      `(${model.regions} regions)`,
    );
    row("burst total, model + remote plan", `${f(model.burstModelMs)} ms`, `bare Yjs ${f(model.burstBareMs)} ms`);
    for (const z of peaks.perZoom)
      row(
        `peaks, 30-min take, ${z.zoom} (level ${z.level})`,
        `${f(z.ours_ms)} ms fetch + draw`,
        `plain fetch of the same ${z.requests} tiles ${f(z.bare_fetch_ms)} ms`,
      );
    const longest = Math.max(max(scrollFrames), max(zoomFrames), max(playFrames), max(playFitFrames));
    row(
      "longest frame (scroll, zoom, play)",
      `${f(longest)} ms`,
      longest < 100 ? "under 100 ms (goal)" : "goal: < 100 ms",
    );
    log(
      JSON.stringify({
        tracks: TRACKS,
        clips: seeded.clipIds.length,
        drag_frame_p95_ms: round(percentile(drag, 0.95)),
        peaks_draw_ms: round(peaks.peaks_draw_ms),
        peaks_per_zoom: peaks.perZoom.map((z) => ({
          level: z.level,
          ms: round(z.ours_ms),
          bare_fetch_ms: round(z.bare_fetch_ms),
        })),
        remote_edit_visible_p95_ms: round(percentile(remote.visible, 0.95)),
        scroll_frame_p95_ms: round(percentile(scrollFrames, 0.95)),
        zoom_frame_p95_ms: round(percentile(zoomFrames, 0.95)),
        longest_frame_ms: round(longest),
        play_frame_p95_ms: round(percentile(playFrames, 0.95)),
        play_fit_frame_p95_ms: round(percentile(playFitFrames, 0.95)),
        layers_at_rest: layersAtRest.layers,
        layers_after_scroll: layersScrolled.layers,
        idle_frame_p95_ms: round(percentile(idleFrames, 0.95)),
        bare_frame_p95_ms: round(percentile(bareFrames, 0.95)),
        // Each p95 against the blank page's p95 of this run (one vsync here, now): see `judge` above.
        at_display_frame_rate: {
          drag: atRate(percentile(drag, 0.95)),
          remote_edit: atRate(percentile(remote.visible, 0.95)),
          scroll: atRate(percentile(scrollFrames, 0.95)),
          zoom: atRate(percentile(zoomFrames, 0.95)),
          play: atRate(percentile(playFrames, 0.95)),
          play_fit: atRate(percentile(playFitFrames, 0.95)),
        },
        empty_studio_scroll_frame_p95_ms: round(percentile(emptyScrollFrames, 0.95)),
        bare_remote_arrival_p95_ms: round(percentile(remote.bare, 0.95)),
        edit_p95_ms: round(model.editP95, 3),
        apply_plan_p95_ms: round(model.applyPlanP95, 3),
        bare_yjs_p95_ms: round(model.bareP95, 3),
        burst_model_ms: round(model.burstModelMs),
        burst_bare_yjs_ms: round(model.burstBareMs),
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
