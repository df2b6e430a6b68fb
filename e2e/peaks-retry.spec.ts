import { expect, test, type Page, type Request } from "@playwright/test";
import { addRecordedTake, type Origin } from "@bandspace/model";
import { streamLongTake } from "../tests/helpers/long-take";
import { connectTakeSocket, newTakeId } from "../tests/helpers/take-client";
import { openSongDoc, startSession } from "./helpers";
import { backoffDelayMs } from "../app/lib/peaks/tileBackoff";

/**
 * A waveform whose peak tiles fail to load (the server answers 503): the clip says "waveform unavailable — retry"
 * instead of staying blank, the browser does not ask again on every draw but after a back-off (1 s, then 2 s, 4 s…),
 * it heals by itself once the server answers again, and the Retry button asks at once, before the back-off is over.
 */

const RATE = 48000;
const SECONDS = 20;
const SEED: Origin = { kind: "user", userId: "e2e-seed" };
const PEAKS = "**/peaks/bins?**";

declare global {
  interface Window {
    /** When the page asked for each peak tile (performance.now(), ms), by URL. */
    __peakAsks?: Record<string, number[]>;
  }
}

/** Records, on the page's own clock, the moment the app asks for each peak tile (it fetches them on the main thread). */
async function timePeakAsks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const asks: Record<string, number[]> = {};
    window.__peakAsks = asks;
    const fetchNow = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (url.includes("/peaks/bins")) (asks[url] ??= []).push(performance.now());
      return fetchNow(input, init);
    };
  });
}

async function failPeaks(page: Page): Promise<Request[]> {
  const failed: Request[] = [];
  await page.route(PEAKS, (route) => {
    failed.push(route.request());
    return route.fulfill({
      status: 503,
      contentType: "application/json",
      body: JSON.stringify({ error: { code: "UNAVAILABLE", message: "The peaks are not available right now." } }),
    });
  });
  return failed;
}

test("a waveform that fails to load says so, backs off, heals, and retries at once on request", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const sessionId = await startSession(page, "Peaks retry", "Ana");
  await page.getByTestId("add-track").click();
  await page.getByTestId("add-track-audio").click();
  const trackId = (await page.getByTestId("track-lane").first().getAttribute("data-track-id"))!;
  const sessionUrl = page.url();
  const token = await page.evaluate(
    (id) => (JSON.parse(window.localStorage.getItem(`bandspace:session:${id}`)!) as { token: string }).token,
    sessionId,
  );
  const song = await openSongDoc(page, sessionId);
  const takeId = newTakeId();
  const { socket } = await connectTakeSocket(new URL(sessionUrl).origin, sessionId, token);
  try {
    await streamLongTake(socket, { takeId, trackId, sampleRate: RATE, channels: 1, frames: RATE * SECONDS });
  } finally {
    socket.disconnect();
  }
  addRecordedTake(
    song.doc,
    { takeId, trackId, startTick: 0, sampleRate: RATE, channels: 1, frames: RATE * SECONDS, createdBy: "Ana" },
    SEED,
  );
  song.close();

  // 1. The server fails every peak request from the first draw on.
  await page.goto("about:blank");
  await timePeakAsks(page);
  let failed = await failPeaks(page);
  await page.goto(sessionUrl);
  const clip = page.getByTestId("audio-clip");
  const canvas = clip.getByTestId("take-waveform");
  const retry = clip.getByTestId("waveform-retry");
  await expect(retry).toBeVisible({ timeout: 20_000 });
  await expect(retry).toHaveText("Waveform unavailable — retry");
  await expect(retry).toHaveAttribute("title", /The peaks are not available right now\./);
  await expect(canvas).toHaveAttribute("data-peaks", "failed");
  await clip.screenshot({ path: "test-results/peaks-retry-failed.png" });
  // Draws during the back-off (scrolling redraws, up to one a frame) ask nothing: a tile is asked for again only
  // once its back-off is over — 1 s after its first failure, 2 s after its second… The gaps are taken from the
  // browser's own request times, so a busy test process that sees the requests late cannot shrink or stretch them.
  const lanes = (await page.getByTestId("track-lane").first().boundingBox())!;
  await page.mouse.move(lanes.x + lanes.width / 2, lanes.y + lanes.height / 2);
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, i % 2 === 0 ? 40 : -40);
  await page.waitForTimeout(400);
  const askedAt = await page.evaluate(() => window.__peakAsks ?? {});
  console.log(
    "peak tile requests while failing (gaps, ms):",
    Object.values(askedAt)
      .map((t) => t.map((x, k) => (k ? Math.round(x - t[k - 1]) : 0)).join("/"))
      .join(", "),
  );
  expect(Object.keys(askedAt).length).toBeGreaterThan(0);
  for (const [url, times] of Object.entries(askedAt)) {
    for (let k = 1; k < times.length; k++) {
      // The k-th failure, which came after the k-th ask, set a back-off of backoffDelayMs(k).
      expect(times[k] - times[k - 1], `gap before ask ${k + 1} of ${url}`).toBeGreaterThanOrEqual(backoffDelayMs(k));
    }
  }

  // 2. The server answers again: the waveform heals by itself, after the back-off, with no click.
  await page.unroute(PEAKS);
  await expect(canvas).toHaveAttribute("data-peaks", "loaded", { timeout: 20_000 });
  await expect(retry).toHaveCount(0);

  // 3. Failing again until the back-off is 4 s (three failures of a tile), then Retry loads it at once.
  await page.goto("about:blank");
  failed = await failPeaks(page);
  await page.goto(sessionUrl);
  await expect(retry).toBeVisible({ timeout: 20_000 });
  const mostFailuresOfATile = () => {
    const perTile = new Map<string, number>();
    for (const r of failed) perTile.set(r.url(), (perTile.get(r.url()) ?? 0) + 1);
    return Math.max(0, ...perTile.values());
  };
  await expect.poll(mostFailuresOfATile, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  await page.unroute(PEAKS);
  const clicked = Date.now();
  await retry.click();
  await expect(canvas).toHaveAttribute("data-peaks", "loaded", { timeout: 3_000 });
  expect(Date.now() - clicked).toBeLessThan(3_000);
  await expect(retry).toHaveCount(0);
  await context.close();
});
