import { expect, test, type Page } from "@playwright/test";
import { addTrack, setStripVolume, type Origin } from "@bandspace/model";
import { createShareLink, joinWithLink, newUser, openSongDoc, startSession } from "./helpers";

/**
 * The audio latency setting is one person's: Ana picks "Low" in her transport bar while playing; her engine is
 * re-created on a smaller buffer (headless Chromium: one 128-frame quantum, ~11 ms to the ear instead of ~42),
 * keeps playing, shows the new figure, still follows the band's mix, and keeps the choice after a reload. Ben,
 * in the same session, stays on "Balanced".
 */
const SEED: Origin = { kind: "user", userId: "e2e-seed" };
test.setTimeout(3 * 60_000);

/**
 * What the page's running AudioContext reports: its buffer (frames) and base + output latency (ms); null while
 * there is no engine (between releasing the old one and adopting the new one when the setting changes — a poll
 * must wait that out rather than throw, which would end `expect.poll` at once).
 */
const contextLatency = (page: Page) =>
  page.evaluate(() => {
    const engine = window.bandspaceStudio?.engine();
    if (!engine) return null;
    const raw = engine.context.rawContext as unknown as AudioContext;
    return {
      bufferFrames: Math.round(raw.baseLatency * raw.sampleRate),
      ms: engine.outputLatencyMs,
      playing: engine.playing,
    };
  });

/** As `contextLatency`, once there is an engine. */
async function runningLatency(page: Page) {
  let found: Awaited<ReturnType<typeof contextLatency>> = null;
  await expect.poll(async () => (found = await contextLatency(page)), { message: "an audio engine" }).not.toBeNull();
  return found!;
}

/** The figure the transport bar shows, in ms (once audio flows). */
async function shownMs(page: Page): Promise<number> {
  const readout = page.getByTestId("transport-latency-ms");
  await expect(readout).toHaveText(/^\d+\.\d ms$/);
  return Number((await readout.textContent())!.replace(" ms", ""));
}

test("latency is a per-person setting: low re-creates the engine on a smaller buffer, keeps playing, and persists", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Latency", "Ana");
  const editUrl = await createShareLink(ana.page, "edit", "Ben");
  const replica = await openSongDoc(ana.page, sessionId);
  const track = addTrack(replica.doc, { name: "Bass" }, SEED);
  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");

  const select = ana.page.getByTestId("transport-latency");
  await expect(select).toHaveValue("balanced");
  await ana.page.getByTestId("transport-play").click();
  await expect(ana.page.getByTestId("transport-play")).toHaveAttribute("aria-pressed", "true");
  const balancedMs = await shownMs(ana.page);
  const balanced = await runningLatency(ana.page);
  expect(balancedMs).toBeCloseTo(balanced.ms, 0);

  // Ana picks Low while playing: a new AudioContext with the smallest buffer, and playback goes on.
  await select.selectOption("low");
  await expect
    .poll(async () => (await contextLatency(ana.page))?.bufferFrames ?? Infinity, {
      message: "Ana's new context's buffer",
    })
    .toBeLessThanOrEqual(128);
  await expect(ana.page.getByTestId("transport-play")).toHaveAttribute("aria-pressed", "true");
  await expect.poll(async () => (await contextLatency(ana.page))?.playing ?? false).toBe(true);
  await expect.poll(() => shownMs(ana.page)).toBeLessThan(balancedMs);
  const low = await runningLatency(ana.page);
  expect(await shownMs(ana.page)).toBeCloseTo(low.ms, 0);
  expect(low.ms).toBeLessThan(balanced.ms);

  // The new engine follows the shared mix: a fader move from the band reaches it.
  setStripVolume(replica.doc, track.id, -6, SEED);
  await expect
    .poll(() =>
      ana.page.evaluate(
        (id) => window.bandspaceStudio?.engine()?.internals.graph.channelFor(id)?.fader.gain.value ?? null,
        track.id,
      ),
    )
    .toBeCloseTo(Math.pow(10, -6 / 20), 3);

  // Ben's setting is his own.
  await expect(ben.page.getByTestId("transport-latency")).toHaveValue("balanced");

  await ana.page.locator('[role="toolbar"][aria-label="Transport"]').screenshot({
    path: "test-results/transport-latency.png",
  });

  // After a reload Ana's choice is still Low, and her next engine starts on it.
  await ana.page.reload();
  await expect(ana.page.getByTestId("transport-latency")).toHaveValue("low");
  await ana.page.getByTestId("transport-play").click();
  await expect.poll(() => ana.page.evaluate(() => window.bandspaceStudio?.engine()?.playing ?? false)).toBe(true);
  expect((await runningLatency(ana.page)).bufferFrames).toBeLessThanOrEqual(128);

  replica.close();
  await ana.context.close();
  await ben.context.close();
});
