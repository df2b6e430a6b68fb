import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { listClips, setLoopRange, type Origin } from "@bandspace/model";
import { newUser, openSongDoc, startSession } from "./helpers";
import { seedGroove } from "./seed-groove";

/**
 * The Export dialog's range (issue 18): the loop range and the selection (the span of the selected clips) export
 * exactly that stretch of the song — ffprobe reads the file's duration — while the whole song adds its tail.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), "bandspace-export-range-"));
const BAR = 3840; // ticks; 2 s at 120 BPM
const SEED: Origin = { kind: "user", userId: "e2e-seed" };
test.setTimeout(4 * 60_000);

function durationOf(file: string): { duration: number; rate: string; channels: number } {
  const probe = JSON.parse(
    execFileSync("ffprobe", ["-v", "error", "-show_streams", "-of", "json", file], { encoding: "utf8" }),
  ) as { streams: { sample_rate: string; channels: number; duration: string }[] };
  const s = probe.streams[0];
  return { duration: Number(s.duration), rate: s.sample_rate, channels: s.channels };
}

async function exportWith(page: Page, range: "song" | "loop" | "selection", name: string): Promise<string> {
  await page.keyboard.press("Alt+KeyE");
  const dialog = page.getByTestId("export-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Range").selectOption(range);
  await dialog.getByLabel("Format").selectOption("wav24");
  await dialog.getByLabel("Loudness target").selectOption("none");
  const download = page.waitForEvent("download", { timeout: 120_000 });
  await dialog.getByTestId("export-start").click();
  const file = path.join(dir, name);
  await (await download).saveAs(file);
  await expect(dialog.getByTestId("export-report")).toBeVisible();
  await page.screenshot({ path: `test-results/export-range-${range}.png` });
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  return file;
}

// Every context a test opens is closed after it, passed or failed: a page left open keeps playing and loads the
// machine for the specs after it.
test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

test("export the loop range and the selection: the files last exactly that long", async ({ browser }) => {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Range", "Ana");
  await seedGroove(ana.page, sessionId, { title: "Ranges", bars: 8, drums: "kick-hat" });
  const replica = await openSongDoc(ana.page, sessionId);
  // Bars 3–5 (3 bars = 6 s at 120 BPM), not starting at the song start.
  setLoopRange(replica.doc, { startTick: 2 * BAR, endTick: 5 * BAR }, SEED);
  const bassClip = listClips(replica.doc).find((c) => c.name !== "Beat")!;

  const loop = durationOf(await exportWith(ana.page, "loop", "loop.wav"));
  expect(loop).toMatchObject({ rate: "48000", channels: 2 });
  expect(Math.abs(loop.duration - 6)).toBeLessThan(1 / 48000 + 1e-6);

  // The selection: the bass clip (click it on the timeline), whose span is the whole groove without tail.
  const clip = ana.page.locator(`[data-clip-id="${bassClip.id}"]`);
  await clip.click();
  await expect(clip).toHaveAttribute("data-selected", "true");
  const sel = durationOf(await exportWith(ana.page, "selection", "selection.wav"));
  expect(Math.abs(sel.duration - (bassClip.lengthTicks / BAR) * 2)).toBeLessThan(1 / 48000 + 1e-6);
  replica.close();
});

test("the selection range with nothing selected says what to do and offers no export", async ({ browser }) => {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Range empty", "Ana");
  await seedGroove(ana.page, sessionId, { title: "Ranges", bars: 2, drums: "none" });
  await ana.page.keyboard.press("Alt+KeyE");
  const dialog = ana.page.getByTestId("export-dialog");
  await dialog.getByLabel("Range").selectOption("selection");
  await expect(dialog.getByTestId("export-empty")).toContainText("Select clips or sections");
  await expect(dialog.getByTestId("export-start")).toBeDisabled();
});
