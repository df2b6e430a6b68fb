import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { newUser, startSession } from "./helpers";
import { seedGroove } from "./seed-groove";

/**
 * The Export dialog as a person uses it: Alt+E, a format and a loudness target, Match target, Export with a
 * progress bar and a time-left estimate, the downloaded file checked by ffprobe and measured by ffmpeg's ebur128,
 * the loudness report shown; and Cancel half way through a stems export, which leaves no download and no file.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), "bandspace-export-dialog-"));
test.setTimeout(5 * 60_000);

test("export a mix to WAV at the Streaming target: progress, download, report, and ffmpeg agrees", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Export", "Ana");
  await seedGroove(ana.page, sessionId, { title: "Export Me", bars: 6, drums: "kick-hat-snare" });
  await ana.page.keyboard.press("Alt+KeyE");
  const dialog = ana.page.getByTestId("export-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Format").selectOption("wav24");
  await dialog.getByLabel("Loudness target").selectOption("streaming");
  await expect(dialog.getByTestId("export-start")).toBeDisabled(); // Match target first
  await dialog.getByTestId("export-match").click();
  await expect(dialog.getByTestId("export-progress")).toBeVisible();
  await expect(dialog.getByTestId("export-matched")).toBeVisible({ timeout: 120_000 });
  const download = ana.page.waitForEvent("download", { timeout: 120_000 });
  await dialog.getByTestId("export-start").click();
  await expect(dialog.getByRole("progressbar")).toBeVisible();
  const file = path.join(dir, "mix.wav");
  const d = await download;
  expect(d.suggestedFilename()).toBe("Export Me.wav");
  await d.saveAs(file);
  await expect(dialog.getByTestId("export-report")).toBeVisible();
  const shown = await dialog.getByTestId("report-integrated").textContent();
  expect(shown).toMatch(/^-1[34]\.\d LUFS$/);
  const probe = JSON.parse(
    execFileSync("ffprobe", ["-v", "error", "-show_streams", "-of", "json", file], { encoding: "utf8" }),
  ) as {
    streams: { codec_name: string; sample_rate: string; channels: number; duration: string }[];
  };
  expect(probe.streams[0]).toMatchObject({ codec_name: "pcm_s24le", sample_rate: "48000", channels: 2 });
  expect(Number(probe.streams[0].duration)).toBeCloseTo(6 * 2 + 3, 1); // six bars at 120 BPM plus the 3 s tail
  const out = execFileSync(
    "ffmpeg",
    [
      "-hide_banner",
      "-nostats",
      "-i",
      file,
      "-af",
      "ebur128=peak=true:metadata=1,ametadata=print:file=-",
      "-f",
      "null",
      "-",
    ],
    { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
  );
  const integrated = Number([...out.matchAll(/lavfi\.r128\.I=(-?[\d.]+)/g)].at(-1)![1]);
  const tp =
    20 * Math.log10(Math.max(...[...out.matchAll(/lavfi\.r128\.true_peak=([\d.]+)/g)].map((m) => Number(m[1]))));
  console.info(`dialog export: ffmpeg I ${integrated} LUFS, TP ${tp.toFixed(2)} dBTP; report shows ${shown}`);
  expect(Math.abs(integrated + 14)).toBeLessThanOrEqual(0.2);
  expect(tp).toBeLessThanOrEqual(-1);
});

test("Cancel half way through a stems export: no download, no file left, the dialog is ready again", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Cancel", "Ana");
  // Long enough (8 minutes of stems to render) that the export cannot finish between the poll and the click.
  await seedGroove(ana.page, sessionId, { title: "Export Me", bars: 128, drums: "kick-hat-snare" });
  let downloads = 0;
  ana.page.on("download", () => downloads++);
  await ana.page.getByTestId("export-button").click();
  const dialog = ana.page.getByTestId("export-dialog");
  await dialog.locator("#export-what").selectOption("stems");
  await dialog.getByTestId("export-start").click();
  const bar = dialog.getByRole("progressbar");
  await expect(bar).toBeVisible();
  await expect
    .poll(async () => Number(await bar.getAttribute("aria-valuenow")), { timeout: 120_000, intervals: [100] })
    .toBeGreaterThanOrEqual(10);
  await expect(dialog.getByTestId("export-time-left")).toHaveText(/left|almost/);
  await dialog.getByTestId("export-cancel").click();
  await expect(dialog.getByTestId("export-progress")).toBeHidden();
  await expect(dialog.getByTestId("export-start")).toBeEnabled();
  const left = await ana.page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const names: string[] = [];
    for await (const [name, handle] of (
      root as unknown as { entries: () => AsyncIterable<[string, FileSystemHandle]> }
    ).entries()) {
      if (handle.kind === "directory") {
        for await (const inner of (handle as unknown as { keys: () => AsyncIterable<string> }).keys())
          names.push(`${name}/${inner}`);
      } else names.push(name);
    }
    return names;
  });
  expect(left).toEqual([]);
  await ana.page.waitForTimeout(1000);
  expect(downloads).toBe(0);
  await expect(dialog.getByTestId("export-report")).toBeHidden();
});
