import { expect, test, type Page } from "@playwright/test";
import { addRecordedTake, type Origin } from "@bandspace/model";
import { LOUD_SECONDS, streamLongTake } from "../tests/helpers/long-take";
import { connectTakeSocket, newTakeId } from "../tests/helpers/take-client";
import { createShareLink, joinWithLink, openSongDoc, startSession, timelineView } from "./helpers";

/**
 * Waveforms of a long take (issue 19): a 10-minute take, recorded through the real take protocol (30 s of tone,
 * 30 s of silence, repeating), is drawn for Ana and Ben at three zoom levels — from the coarse pyramid levels when
 * zoomed out to level 0 when zoomed all the way in — with ink where the take is loud and none where it is silent,
 * and the only take traffic either browser makes is ranged peak-bins requests: never the take's audio.
 */

const RATE = 48000;
const SECONDS = 10 * 60;
const SEED: Origin = { kind: "user", userId: "e2e-seed" };

interface Ink {
  level: number;
  loud: number;
  loudInked: number;
  silent: number;
  silentInked: number;
}

/**
 * Reads the clip's waveform as its lane shows it (the lane's one waveform canvas): each pixel column over the clip
 * classified by the seconds of the take under it.
 */
async function waveformInk(page: Page): Promise<Ink> {
  const marker = page.locator('[data-testid="audio-clip"] [data-testid="take-waveform"]');
  // Drawn at the timeline's current zoom, with every tile under it.
  const ppt = await page.getByTestId("timeline").getAttribute("data-px-per-tick");
  await expect(marker).toHaveAttribute("data-px-per-tick", ppt!, { timeout: 20_000 });
  await expect(marker).toHaveAttribute("data-peaks", "loaded", { timeout: 20_000 });
  // The lane paints in the frame after the drawing arrived.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return marker.evaluate((m, loudSeconds) => {
    const clip = m.closest<HTMLElement>('[data-testid="audio-clip"]')!;
    const c = clip
      .closest('[data-testid="track-lane"]')!
      .querySelector<HTMLCanvasElement>('canvas[data-testid="lane-waveforms"]')!;
    const frames = Number(clip.dataset.frames);
    const rate = 48000;
    // Client px → take frames through the timeline's own geometry: the block's left edge is its start tick.
    const pxPerFrame = (Number((m as HTMLElement).dataset.pxPerTick) * Number(clip.dataset.lengthTicks)) / frames;
    const clipWidth = frames * pxPerFrame;
    const box = c.getBoundingClientRect();
    const clipBox = clip.getBoundingClientRect();
    const scale = c.width / box.width;
    // The waveform's band: below the clip's name bar, above its bottom edge (laneWaveforms.ts).
    const bandTop = Math.ceil((clipBox.top - box.top + 15) * scale);
    const bandBottom = Math.floor((clipBox.bottom - box.top - 3) * scale);
    const img = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    const out = { level: Number((m as HTMLElement).dataset.level), loud: 0, loudInked: 0, silent: 0, silentInked: 0 };
    const edge = (2 * 64 * 4 ** out.level) / rate;
    for (let x = 0; x < c.width; x++) {
      const px0 = box.left + x / scale - clipBox.left;
      const px1 = box.left + (x + 1) / scale - clipBox.left;
      if (px0 < 1 || px1 > clipBox.width - 1) continue;
      const t0 = ((px0 / clipWidth) * frames) / rate;
      const t1 = ((px1 / clipWidth) * frames) / rate;
      const r0 = Math.floor(t0 / loudSeconds);
      // Columns across a loud/silent boundary, or within two bins of the level drawn of one (a bin's envelope holds
      // all of its frames, so it reaches past a column's edges), say nothing either way.
      if (r0 !== Math.floor(t1 / loudSeconds) || t0 - r0 * loudSeconds < edge || (r0 + 1) * loudSeconds - t1 < edge)
        continue;
      let ink = 0;
      for (let y = bandTop; y < bandBottom; y++) if (img[(y * c.width + x) * 4 + 3] > 0) ink++;
      if (r0 % 2 === 0) {
        out.loud++;
        // Zoomed out, a column spans many periods of the tone (ink over most of the height); zoomed in to 50 frames
        // a pixel, it follows the sine's shape and may be thin, but never empty.
        if (out.level >= 2 ? ink > (bandBottom - bandTop) / 2 : ink > 0) out.loudInked++;
      } else {
        out.silent++;
        if (ink > 0) out.silentInked++;
      }
    }
    return out;
  }, LOUD_SECONDS);
}

/** Scrolls time (wheel over the ruler) until `seconds` of the take is at the middle of the lanes. */
async function centre(page: Page, seconds: number, ticksPerSecond: number) {
  const ruler = (await page.getByTestId("timeline-ruler").boundingBox())!;
  for (let i = 0; i < 20; i++) {
    const { pxPerTick, scrollX } = await timelineView(page);
    const dx = seconds * ticksPerSecond * pxPerTick - ruler.width / 2 - scrollX;
    if (Math.abs(dx) < 4) return;
    await page.mouse.move(ruler.x + ruler.width / 2, ruler.y + ruler.height / 2);
    await page.mouse.wheel(0, Math.max(-4000, Math.min(4000, dx)));
    await expect.poll(async () => (await timelineView(page)).scrollX).not.toBe(scrollX);
  }
  throw new Error(`could not scroll to ${seconds} s`);
}

test("a 10-minute take is drawn at three zoom levels from ranged peak requests only, for two users", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const anaContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const ana = await anaContext.newPage();
  const sessionId = await startSession(ana, "Long take", "Ana");
  await ana.getByTestId("add-track").click();
  await ana.getByTestId("add-track-audio").click();
  const trackId = await ana.getByTestId("track-lane").first().getAttribute("data-track-id");
  const editUrl = await createShareLink(ana, "edit", "Ben");
  const sessionUrl = ana.url();
  const token = await ana.evaluate(
    (id) => (JSON.parse(window.localStorage.getItem(`bandspace:session:${id}`)!) as { token: string }).token,
    sessionId,
  );
  const song = await openSongDoc(ana, sessionId);

  // Recorded server-side through the take protocol while nobody has the session open.
  await ana.goto("about:blank");
  const takeId = newTakeId();
  const { socket } = await connectTakeSocket(new URL(sessionUrl).origin, sessionId, token);
  try {
    await streamLongTake(socket, { takeId, trackId: trackId!, sampleRate: RATE, channels: 1, frames: RATE * SECONDS });
  } finally {
    socket.disconnect();
  }
  addRecordedTake(
    song.doc,
    {
      takeId,
      trackId: trackId!,
      startTick: 0,
      sampleRate: RATE,
      channels: 1,
      frames: RATE * SECONDS,
      createdBy: "Ana",
    },
    SEED,
  );

  // Both open the session; every request either makes is watched from here on.
  const requests: string[] = [];
  const watch = (page: Page) => page.on("request", (r) => requests.push(r.url()));
  watch(ana);
  await ana.goto(sessionUrl);
  const benContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const ben = await benContext.newPage();
  watch(ben);
  await joinWithLink(ben, editUrl, "Ben");
  song.close();

  for (const page of [ana, ben]) {
    const clip = page.getByTestId("audio-clip");
    await expect(clip).toHaveCount(1, { timeout: 20_000 });
    await expect(clip).toHaveAttribute("data-peaks", "loaded", { timeout: 20_000 });
  }
  const clipEl = ana.getByTestId("audio-clip");
  const ticksPerSecond = Number(await clipEl.getAttribute("data-length-ticks")) / SECONDS;

  const levels: number[] = [];
  for (const page of [ana, ben]) {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    // 1. Zoomed all the way out (− × 10): minutes of tone and silence side by side, from a coarse level.
    for (let i = 0; i < 10; i++) await page.keyboard.press("-");
    let ink = await waveformInk(page);
    expect(ink.loud).toBeGreaterThan(100);
    expect(ink.silent).toBeGreaterThan(100);
    expect(ink.loudInked).toBe(ink.loud);
    expect(ink.silentInked).toBe(0);
    expect(ink.level).toBeGreaterThanOrEqual(2);
    levels.push(ink.level);
    await page.screenshot({ path: `test-results/peaks-zoom-out-${page === ana ? "ana" : "ben"}.png` });

    // 2. Six steps in, around the tone → silence edge at 1 minute.
    for (let i = 0; i < 6; i++) await page.keyboard.press("+");
    await centre(page, 60, ticksPerSecond);
    ink = await waveformInk(page);
    expect(ink.loud).toBeGreaterThan(100);
    expect(ink.silent).toBeGreaterThan(100);
    expect(ink.loudInked).toBe(ink.loud);
    expect(ink.silentInked).toBe(0);
    expect(ink.level).toBeLessThan(levels.at(-1)!);
    levels.push(ink.level);

    // 3. All the way in, around the tone → silence edge at 1.5 minutes: level 0 (64 frames per peak).
    for (let i = 0; i < 14; i++) await page.keyboard.press("+");
    await centre(page, 90, ticksPerSecond);
    ink = await waveformInk(page);
    expect(ink.loud).toBeGreaterThan(100);
    expect(ink.silent).toBeGreaterThan(100);
    expect(ink.loudInked).toBe(ink.loud);
    expect(ink.silentInked).toBe(0);
    expect(ink.level).toBe(0);
    levels.push(ink.level);
    await page.screenshot({ path: `test-results/peaks-zoom-in-${page === ana ? "ana" : "ben"}.png` });
  }
  console.log(`levels drawn (Ana, then Ben): ${levels.join(", ")}`);

  // The take's only traffic: peak bins, one tile (≤ 1024 bins) of one level at a time; never its audio.
  const takeRequests = requests.filter((u) => u.includes(`/takes/${takeId}`));
  expect(takeRequests.length).toBeGreaterThan(0);
  for (const u of takeRequests) {
    const url = new URL(u);
    expect(url.pathname).toBe(`/api/sessions/${sessionId}/takes/${takeId}/peaks/bins`);
    const span = Number(url.searchParams.get("to")) - Number(url.searchParams.get("from"));
    expect(span).toBeLessThanOrEqual(1024);
  }
  expect(requests.some((u) => u.includes("/audio"))).toBe(false);
  console.log(`take requests: ${takeRequests.length} (Ana and Ben together)`);

  await benContext.close();
  await anaContext.close();
});
