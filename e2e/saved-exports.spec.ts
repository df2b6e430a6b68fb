import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { createShareLink, joinWithLink, newUser, startSession } from "./helpers";
import { seedGroove } from "./seed-groove";

/**
 * Saved exports with a band (issue 18): Ana exports a short mix and saves it to the session with the upload's
 * progress bar; Ben, already looking at his Exports panel, sees it appear with the same report, plays it and
 * downloads the same bytes; a viewer lists and plays it but may neither delete nor save; two exports compare A/B
 * loudness-matched; the maker deletes one and it leaves everyone's list.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), "bandspace-saved-exports-"));
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
test.setTimeout(5 * 60_000);

/** Exports the mix as 16-bit WAV without a target at `gainDb`; returns the downloaded file and the dialog. */
async function exportMix(page: Page, gainDb: number, file: string) {
  await page.keyboard.press("Alt+KeyE");
  const dialog = page.getByTestId("export-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Format").selectOption("wav16");
  await dialog.getByLabel("Loudness target").selectOption("none");
  await dialog.locator("#export-gain").fill(String(gainDb));
  const download = page.waitForEvent("download", { timeout: 120_000 });
  await dialog.getByTestId("export-start").click();
  await (await download).saveAs(file);
  await expect(dialog.getByTestId("export-report")).toBeVisible();
  return dialog;
}

test("a saved export appears for a bandmate with its report; he plays and downloads it; a viewer only listens", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Saved exports", "Ana");
  const benUrl = await createShareLink(ana.page, "edit", "Ben's link");
  const vicUrl = await createShareLink(ana.page, "view", "Vic's link");
  await seedGroove(ana.page, sessionId, { title: "Band Mix", bars: 2, drums: "none" });
  const ben = await newUser(browser);
  await joinWithLink(ben.page, benUrl, "Ben");
  const vic = await newUser(browser);
  await joinWithLink(vic.page, vicUrl, "Vic");

  // Ben opens his Exports panel before anything is saved: the empty state.
  await ben.page.keyboard.press("Alt+KeyX");
  const benPanel = ben.page.getByTestId("exports-panel");
  await expect(benPanel.getByTestId("exports-empty")).toBeVisible();

  const anaFile = path.join(dir, "ana.wav");
  const dialog = await exportMix(ana.page, 0, anaFile);
  const integrated = (await dialog.getByTestId("report-integrated").textContent())!;
  const truePeak = (await dialog.getByTestId("report-true-peak").textContent())!;
  expect(integrated).toMatch(/LUFS$/);

  // A slow uplink (DevTools throttling) so the upload's progress bar is seen moving.
  const cdp = await ana.context.newCDPSession(ana.page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 256 * 1024,
  });
  await dialog.getByTestId("export-save-button").click();
  const progress = dialog.getByTestId("export-save-progress");
  await expect(progress).toBeVisible();
  await expect
    .poll(async () => Number(await progress.getAttribute("aria-valuenow")), { timeout: 30_000, intervals: [100] })
    .toBeGreaterThan(0);
  await expect(dialog.getByTestId("export-saved")).toBeVisible({ timeout: 60_000 });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await ana.page.keyboard.press("Escape");

  // Ben: it appears live, with Ana's report, her name and the version it was made from.
  const card = benPanel.getByTestId("saved-export");
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId("saved-export-name")).toHaveText("Band Mix");
  await expect(card.getByTestId("saved-export-integrated")).toHaveText(integrated);
  await expect(card.getByTestId("saved-export-true-peak")).toHaveText(truePeak);
  await expect(card.getByTestId("saved-export-by")).toContainText("by Ana · from version “Export: Band Mix”");
  // Ben may not delete Ana's export.
  await expect(card.getByTestId("saved-export-delete")).toHaveCount(0);

  // He plays it: the audio element advances.
  const audio = card.getByTestId("saved-export-audio");
  await audio.evaluate((el: HTMLAudioElement) => el.play());
  await expect
    .poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 20_000 })
    .toBeGreaterThan(0.5);
  await audio.evaluate((el: HTMLAudioElement) => el.pause());

  // He downloads it: the very bytes Ana exported.
  const benDownload = ben.page.waitForEvent("download");
  await card.getByTestId("saved-export-download").click();
  const benFile = path.join(dir, "ben.wav");
  const d = await benDownload;
  expect(d.suggestedFilename()).toBe("Band Mix.wav");
  await d.saveAs(benFile);
  expect(sha256(benFile)).toBe(sha256(anaFile));

  // Vic (view): lists and plays, may not delete; the Export dialog offers him no Save to session.
  await vic.page.keyboard.press("Alt+KeyX");
  const vicCard = vic.page.getByTestId("exports-panel").getByTestId("saved-export");
  await expect(vicCard).toHaveCount(1);
  await expect(vicCard.getByTestId("saved-export-integrated")).toHaveText(integrated);
  await expect(vicCard.getByTestId("saved-export-delete")).toHaveCount(0);
  const vicAudio = vicCard.getByTestId("saved-export-audio");
  await vicAudio.evaluate((el: HTMLAudioElement) => el.play());
  await expect
    .poll(() => vicAudio.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 20_000 })
    .toBeGreaterThan(0.5);
  await vicAudio.evaluate((el: HTMLAudioElement) => el.pause());
  await vic.page.keyboard.press("Escape");
  const vicDialog = await exportMix(vic.page, 0, path.join(dir, "vic.wav"));
  await expect(vicDialog.getByTestId("export-save-button")).toHaveCount(0);
  await vic.page.keyboard.press("Escape");

  // A second export, 6 dB quieter: Ben compares them A/B, loudness-matched, switching at the same position.
  const quiet = await exportMix(ana.page, -6, path.join(dir, "ana-quiet.wav"));
  await quiet.getByTestId("export-save-button").click();
  await expect(quiet.getByTestId("export-saved")).toBeVisible({ timeout: 60_000 });
  await ana.page.keyboard.press("Escape");
  await expect(card).toHaveCount(2);
  const [newer, older] = [card.nth(0), card.nth(1)];
  await older.getByTestId("saved-export-pick-A").click();
  await newer.getByTestId("saved-export-pick-B").click();
  const ab = benPanel.getByTestId("ab-compare");
  await expect(ab).toBeVisible();
  // A is the louder one: turned down by their difference (about 6 dB), B plays as is.
  const gains = await ab.getByTestId("ab-gains").textContent();
  expect(gains).toMatch(/A -(5\.\d|6\.\d) dB, B 0\.0 dB/);
  await ab.getByTestId("ab-play").click();
  const abA = ab.getByTestId("ab-audio-A");
  const abB = ab.getByTestId("ab-audio-B");
  await expect
    .poll(() => abA.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 20_000 })
    .toBeGreaterThan(1);
  // Where B is sent when Ben switches (B plays on from there, so its position a moment later says nothing exact).
  await abB.evaluate((el: HTMLAudioElement) =>
    el.addEventListener("seeking", () => (el.dataset.seekedTo = String(el.currentTime)), { once: true }),
  );
  await ab.getByTestId("ab-B").click();
  await expect(abB).toHaveAttribute("data-seeked-to", /\d/);
  const state = await ab.evaluate((root) => {
    const [a, b] = ["A", "B"].map((s) => root.querySelector<HTMLAudioElement>(`[data-testid="ab-audio-${s}"]`)!);
    const bFrom = Number(b.dataset.seekedTo);
    return { aPaused: a.paused, aTime: a.currentTime, bFrom, aVol: a.volume, bVol: b.volume };
  });
  expect(state.aPaused).toBe(true);
  // B starts where A stopped.
  expect(Math.abs(state.bFrom - state.aTime)).toBeLessThan(0.05);
  expect(state.bVol).toBe(1);
  expect(20 * Math.log10(state.aVol)).toBeCloseTo(-6, 0);
  await expect.poll(() => abB.evaluate((el: HTMLAudioElement) => el.paused)).toBe(false);
  await ab.getByTestId("ab-play").click();

  // Ana deletes her first export: it leaves Ben's list at once.
  await ana.page.keyboard.press("Alt+KeyX");
  const anaPanel = ana.page.getByTestId("exports-panel");
  const anaOlder = anaPanel.getByTestId("saved-export").nth(1);
  await anaOlder.getByTestId("saved-export-delete").click();
  await expect(card).toHaveCount(1);
  await expect(benPanel.getByTestId("ab-compare")).toHaveCount(0);
});

test("Cancel stops a slow upload and keeps nothing; a saved export is commented on from the Exports panel", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Cancel upload", "Ana");
  await seedGroove(ana.page, sessionId, { title: "Band Mix", bars: 2, drums: "none" });
  const dialog = await exportMix(ana.page, 0, path.join(dir, "cancel.wav"));

  // The upload is held in the browser (never reaches the server) until Cancel: whatever the machine's speed, the
  // server cannot have stored it. (DevTools upload throttling only slows progress events, not the bytes sent.)
  const uploads = `**/api/sessions/${sessionId}/exports`;
  // When the page cancels, the held request is aborted here as the network would see it (the connection dropped):
  // a handler that just returned would leave the request paused, and Playwright would send it on at unroute.
  let held = false;
  let dropHeld: () => void = () => {};
  const dropped = new Promise<void>((resolve) => (dropHeld = resolve));
  await ana.page.route(uploads, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    held = true;
    await dropped;
    await route.abort("aborted").catch(() => {}); // already gone if the page's abort reached the network first
  });
  await dialog.getByTestId("export-save-button").click();
  await expect(dialog.getByTestId("export-save-progress")).toBeVisible();
  await expect.poll(() => held).toBe(true);
  await dialog.screenshot({ path: "test-results/saved-exports-uploading.png" });
  await dialog.getByTestId("export-save-cancel").click();
  await expect(dialog.getByTestId("export-save-button")).toBeVisible();
  await expect(dialog.getByTestId("export-save-progress")).toHaveCount(0);
  dropHeld();
  await ana.page.unrouteAll({ behavior: "wait" });
  // Nothing was saved: the panel says so.
  await ana.page.keyboard.press("Escape");
  await ana.page.keyboard.press("Alt+KeyX");
  const panel = ana.page.getByTestId("exports-panel");
  await expect(panel.getByTestId("exports-empty")).toBeVisible();
  await ana.page.keyboard.press("Escape");

  // Saved for real, then commented on: the composer opens with the export named.
  const again = await exportMix(ana.page, 0, path.join(dir, "again.wav"));
  await again.getByTestId("export-save-button").click();
  await expect(again.getByTestId("export-saved")).toBeVisible({ timeout: 60_000 });
  await ana.page.keyboard.press("Escape");
  await ana.page.keyboard.press("Alt+KeyX");
  await expect(panel.getByTestId("saved-export")).toHaveCount(1);
  await panel.screenshot({ path: "test-results/saved-exports-panel.png" });
  await panel.getByTestId("saved-export-comment").click();
  await expect(panel).toBeHidden();
  const input = ana.page.getByTestId("comment-input");
  await expect(input).toHaveValue("On the export “Band Mix” (Export: Band Mix): ");
  await input.pressSequentially("the bass is too loud here");
  await ana.page.getByTestId("comment-post").click();
  await expect(
    ana.page.getByText("On the export “Band Mix” (Export: Band Mix): the bass is too loud here"),
  ).toBeVisible();
});
