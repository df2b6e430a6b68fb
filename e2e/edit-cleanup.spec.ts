import { expect, test, type Page } from "@playwright/test";
import { addRecordedTake, listTracks } from "@bandspace/model";
import { createShareLink, joinWithLink, newUser, openSongDoc, startSession } from "./helpers";
import { uploadTake } from "./fixtures/upload-take";

/**
 * Clean-up tools (issue 19) on a real recording: a take of three 440 Hz bursts in digital silence, streamed to the
 * server. Ana quantizes the clip's start to the bar (Q), opens Strip silence — the regions to keep are drawn over
 * the clip before anything changes, and follow the settings — applies it (three clips for Ben, one undo step),
 * normalizes a clip to a peak level as clip gain, and reverses it (Shift+R). A viewer finds them all disabled.
 */

const RATE = 48000;
const SEED = { kind: "user", userId: "e2e-seed" } as const;
const TAKE = "cleanuptakebursts0001";
const BURSTS: [number, number][] = [
  [48_000, 96_000],
  [168_000, 216_000],
  [288_000, 336_000],
];
const burstSample = (frame: number) =>
  BURSTS.some(([a, b]) => frame >= a && frame < b) ? 0.4 * Math.sin((2 * Math.PI * 440 * frame) / RATE) : 0;

const clips = (page: Page) => page.getByTestId("audio-clip");

test("strip silence with a live preview, normalize, reverse and quantize an audio clip — live for a bandmate; viewers cannot", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Clean-up", "Ana");
  await ana.page.getByTestId("add-track").click();
  await ana.page.getByTestId("add-track-audio").click();
  await expect(ana.page.getByTestId("track-row")).toHaveCount(1);
  const token = await ana.page.evaluate(
    (id) => (JSON.parse(window.localStorage.getItem(`bandspace:session:${id}`)!) as { token: string }).token,
    sessionId,
  );
  const replica = await openSongDoc(ana.page, sessionId);
  const [track] = listTracks(replica.doc);
  const frames = 4 * 2 * RATE;
  await uploadTake(
    { baseUrl: new URL(ana.page.url()).origin, sessionId, token },
    { id: TAKE, trackId: track.id, startTick: 100, frames, sample: burstSample },
  );
  addRecordedTake(
    replica.doc,
    { takeId: TAKE, trackId: track.id, startTick: 100, sampleRate: RATE, channels: 1, frames, createdBy: "Ana" },
    SEED,
  );
  await expect(clips(ana.page)).toHaveCount(1);
  const ben = await newUser(browser);
  await joinWithLink(ben.page, await createShareLink(ana.page, "edit", "Ben"), "Ben");
  const viewUrl = await createShareLink(ana.page, "view", "Mia");
  await expect(clips(ben.page)).toHaveCount(1);

  // Q: the selected clip's start to the nearest bar line (tick 100 → 0), its audio with it.
  await ana.page.getByTestId("snap-select").selectOption("bar");
  await clips(ana.page).click({ position: { x: 30, y: 40 } });
  await ana.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await ana.page.keyboard.press("q");
  await expect(clips(ben.page)).toHaveAttribute("data-start-tick", "0");
  await expect(clips(ben.page)).toHaveAttribute("data-offset-frames", "0");

  // Strip silence: the preview shows the three bursts, each from its first sound frame less the 10 ms pre-roll
  // to its last plus the 50 ms post-roll — before anything is applied.
  await clips(ana.page).click({ button: "right", position: { x: 30, y: 40 } });
  await ana.page.getByTestId("audio-menu-strip-silence").click();
  const panel = ana.page.getByTestId("strip-silence-panel");
  await expect(panel.getByTestId("strip-silence-status")).toHaveAttribute("data-state", "done", { timeout: 20_000 });
  const keeps = clips(ana.page).getByTestId("strip-silence-keep");
  await expect(keeps).toHaveCount(3);
  const kept = await keeps.evaluateAll((els) =>
    els.map((e) => [Number(e.getAttribute("data-start-frame")), Number(e.getAttribute("data-end-frame"))]),
  );
  BURSTS.forEach(([a, b], i) => {
    // The first sound frame is a + 1 (sin 0 = 0 at a); the last is b − 1 or within a sample of it.
    expect(Math.abs(kept[i][0] - (a + 1 - 480)), `burst ${i} start`).toBeLessThanOrEqual(2);
    expect(Math.abs(kept[i][1] - (b + 2400)), `burst ${i} end`).toBeLessThanOrEqual(2);
  });
  await expect(clips(ben.page)).toHaveCount(1);
  await ana.page.screenshot({ path: "test-results/edit-cleanup-strip-preview.png" });
  // A threshold above the bursts keeps nothing, and says what to do; Apply is off.
  await panel.getByTestId("strip-thresholdDb").fill("-3");
  await expect(panel.getByTestId("strip-silence-status")).toContainText("lower it", { timeout: 20_000 });
  await expect(panel.getByTestId("strip-silence-apply")).toBeDisabled();
  await panel.getByTestId("strip-thresholdDb").fill("-48");
  await expect(keeps).toHaveCount(3, { timeout: 20_000 });
  await expect(panel.getByTestId("strip-silence-status")).toHaveAttribute("data-state", "done", { timeout: 20_000 });
  await panel.getByTestId("strip-silence-apply").click();
  await expect(clips(ben.page)).toHaveCount(3);
  await expect(ana.page.getByTestId("strip-silence-preview")).toHaveCount(0);
  // One undo step: the clip is whole again for everyone; redo brings the pieces back.
  await ana.page.keyboard.press("Control+z");
  await expect(clips(ben.page)).toHaveCount(1);
  await ana.page.keyboard.press("Control+Shift+z");
  await expect(clips(ben.page)).toHaveCount(3);

  // Normalize the second piece to −1 dBFS peak: the bursts peak at 0.4 (−7.96 dBFS), so +6.9 dB of clip gain.
  const second = clips(ana.page).nth(1);
  const secondId = (await second.getAttribute("data-clip-id"))!;
  await second.click({ button: "right", position: { x: 20, y: 40 } });
  await ana.page.getByTestId("audio-menu-normalize").click();
  const norm = ana.page.getByTestId("normalize-panel");
  await expect(norm.getByTestId("normalize-gain")).toHaveAttribute("data-gain-db", "6.9", { timeout: 20_000 });
  await ana.page.screenshot({ path: "test-results/edit-cleanup-normalize.png" });
  await norm.getByTestId("normalize-apply").click();
  const benSecond = ben.page.locator(`[data-testid="audio-clip"][data-clip-id="${secondId}"]`);
  await expect(benSecond).toHaveAttribute("data-gain-db", "6.9");

  // Shift+R reverses the selected clip; Ben sees it marked.
  await ana.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await ana.page.keyboard.press("Shift+R");
  await expect(benSecond).toHaveAttribute("data-reversed", "true");
  await expect(benSecond).toContainText("reversed");
  await ana.page.screenshot({ path: "test-results/edit-cleanup-reversed.png" });

  // A viewer: the clean-up items are disabled and the keys change nothing.
  const mia = await newUser(browser);
  await joinWithLink(mia.page, viewUrl, "Mia");
  const miaSecond = mia.page.locator(`[data-testid="audio-clip"][data-clip-id="${secondId}"]`);
  await expect(miaSecond).toHaveAttribute("data-reversed", "true");
  await miaSecond.click({ button: "right", position: { x: 20, y: 40 } });
  for (const item of ["strip-silence", "normalize", "reverse", "quantize"])
    await expect(mia.page.getByTestId(`audio-menu-${item}`)).toBeDisabled();
  await mia.page.keyboard.press("Escape");
  await miaSecond.click({ position: { x: 20, y: 40 } });
  await mia.page.keyboard.press("Shift+R");
  await mia.page.keyboard.press("q");
  // Nothing to wait for when nothing may happen: give a refused write time to have shown up if it were sent.
  await mia.page.waitForTimeout(500);
  await expect(miaSecond).toHaveAttribute("data-reversed", "true");
  await expect(benSecond).toHaveAttribute("data-reversed", "true");

  replica.close();
  for (const u of [ana, ben, mia]) await u.context.close();
});
