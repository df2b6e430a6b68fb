import { expect, test, type Locator, type Page } from "@playwright/test";
import { createShareLink, dragTicks, joinWithLink, laneY, startSession, tickToClientX } from "./helpers";
import { launchClickRecorder } from "./fixtures/fake-microphone";

/**
 * Editing a real recording (issue 19): Ana records a take from a fake microphone, then trims it — its waveform stays
 * drawn while she drags —, Alt-drags a copy onto the other audio track, duplicates it, overlaps the two into a
 * crossfade whose law Ben switches, and deletes one. MIDI clips get split at the playhead (S), glued (G) and
 * copied/pasted at the playhead (Ctrl+C/V). Ben, in another browser, sees every step.
 */

const BAR = 3840;

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error("not visible");
  return b;
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + (to.x - from.x) / 3, from.y + (to.y - from.y) / 3, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 6 });
  await page.mouse.up();
}

const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

/** Moves the playhead by a click on the ruler's lower half (the upper strip sets the loop). */
async function seek(page: Page, tick: number) {
  const ruler = await box(page.getByTestId("timeline-ruler"));
  await page.mouse.click(await tickToClientX(page, tick), ruler.y + ruler.height - 4);
}

/** Pixel columns of the lane's waveform canvas, over the clip's waveform band, with any ink in them. */
function inkedColumnsUnder(clip: Locator): Promise<number> {
  return clip.evaluate((el) => {
    const c = el
      .closest('[data-testid="track-lane"]')!
      .querySelector<HTMLCanvasElement>('canvas[data-testid="lane-waveforms"]')!;
    const box = c.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const k = c.width / box.width;
    const x0 = Math.max(0, Math.ceil((r.left - box.left) * k));
    const x1 = Math.min(c.width, Math.floor((r.right - box.left) * k));
    const y0 = Math.ceil((r.top - box.top + 15) * k);
    const y1 = Math.floor((r.bottom - box.top - 3) * k);
    if (x1 <= x0 || y1 <= y0) return 0;
    const img = c.getContext("2d")!.getImageData(x0, y0, x1 - x0, y1 - y0).data;
    let inked = 0;
    for (let x = 0; x < x1 - x0; x++) {
      for (let y = 0; y < y1 - y0; y++) {
        if (img[(y * (x1 - x0) + x) * 4 + 3] > 0) {
          inked++;
          break;
        }
      }
    }
    return inked;
  });
}

/**
 * Pixels of the clip-gain line's colour (the theme's orange accent: red well above blue) on the lane's waveform
 * canvas, along the gain handle's row across the clip's middle half.
 */
function gainLinePixels(clip: Locator): Promise<number> {
  return clip.evaluate((el) => {
    const c = el
      .closest('[data-testid="track-lane"]')!
      .querySelector<HTMLCanvasElement>('canvas[data-testid="lane-waveforms"]')!;
    const handle = el.querySelector('[data-testid="clip-gain-handle"]')!.getBoundingClientRect();
    const box = c.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const k = c.width / box.width;
    const x0 = Math.ceil((r.left + r.width * 0.3 - box.left) * k);
    const x1 = Math.floor((r.left + r.width * 0.7 - box.left) * k);
    const y = Math.floor((handle.top - box.top + 0.5) * k);
    const img = c.getContext("2d")!.getImageData(x0, y, x1 - x0, 1).data;
    let n = 0;
    for (let i = 0; i < img.length; i += 4) if (img[i + 3] > 0 && img[i] - img[i + 2] > 60) n++;
    return n;
  });
}

test("a recorded take keeps its waveform while trimmed; Alt-drag copies it across tracks; duplicate, crossfade law, delete; MIDI split, glue, copy and paste — live for a bandmate", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const { browser: fakeMic, page: ana } = await launchClickRecorder("clicks-edit", 30, "ana");
  try {
    await startSession(ana, "Editing a take", "Ana");
    for (const kind of ["audio", "audio", "instrument"]) {
      await ana.getByTestId("add-track").click();
      await ana.getByTestId(`add-track-${kind}`).click();
    }
    await expect(ana.getByTestId("track-row")).toHaveCount(3);
    const [vox, vox2] = await ana
      .getByTestId("track-lane")
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.trackId!));
    const editUrl = await createShareLink(ana, "edit", "Ben");
    const benContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const ben = await benContext.newPage();
    await joinWithLink(ben, editUrl, "Ben");
    await expect(ben.getByTestId("track-row")).toHaveCount(3);

    // Record about five seconds on the first track.
    await ana.getByTestId("track-arm").first().click();
    await expect(ana.getByTestId("record-controls")).toHaveAttribute("data-input", "open", { timeout: 20_000 });
    await blur(ana);
    await ana.keyboard.press("r");
    await expect(ana.getByTestId("record-controls")).toHaveAttribute("data-recording", "true");
    await ana.waitForTimeout(5000);
    await ana.keyboard.press("r");
    await expect(ana.getByTestId("record-controls")).toHaveAttribute("data-recording", "false");
    const clip = ana.getByTestId("audio-clip");
    await expect(clip).toHaveCount(1, { timeout: 30_000 });
    await expect(clip).toHaveAttribute("data-peaks", "loaded", { timeout: 20_000 });
    await expect(ben.getByTestId("audio-clip")).toHaveAttribute("data-peaks", "loaded", { timeout: 20_000 });
    await ana.getByTestId("snap-select").selectOption("off");
    const frames0 = Number(await clip.getAttribute("data-frames"));

    // Trim the end in, holding the mouse: the clip previews the trim and its waveform stays drawn.
    let c = await box(clip);
    await ana.mouse.move(c.x + c.width - 2, c.y + 40);
    await ana.mouse.down();
    await ana.mouse.move(c.x + c.width - 30, c.y + 40, { steps: 4 });
    await ana.mouse.move(c.x + c.width - 60, c.y + 40, { steps: 4 });
    await expect(clip).toHaveAttribute("data-previewing", "true");
    await expect(clip).toHaveAttribute("data-peaks", "loaded");
    // Its lane's waveform canvas has ink over the clip's waveform band.
    await expect.poll(() => inkedColumnsUnder(clip)).toBeGreaterThan(10);
    expect(Number(await clip.getAttribute("data-frames"))).toBeLessThan(frames0);
    await ana.screenshot({ path: "test-results/edit-timeline-trim-recorded.png" });
    await ana.mouse.up();
    await expect
      .poll(async () => Number(await ben.getByTestId("audio-clip").getAttribute("data-frames")))
      .toBeLessThan(frames0);

    // Clip gain pulled down into the waveform: hovered, its line is drawn by the lane's canvas over the ink.
    c = await box(clip);
    const handle = await box(clip.getByTestId("clip-gain-handle"));
    await ana.mouse.move(c.x + c.width / 2, handle.y);
    await ana.mouse.down();
    await ana.mouse.move(c.x + c.width / 2, handle.y + 12, { steps: 3 });
    await ana.mouse.move(c.x + c.width / 2, handle.y + 26, { steps: 3 });
    await ana.mouse.up();
    await expect.poll(async () => Number(await clip.getAttribute("data-gain-db"))).toBeLessThan(0);
    const lane = ana.getByTestId("lane-waveforms").first();
    await ana.mouse.move(c.x + c.width / 2, c.y + c.height - 6);
    await expect(lane).toHaveAttribute("data-gain-lines", "1");
    await expect.poll(() => gainLinePixels(clip)).toBeGreaterThan(10);
    await ana.screenshot({ path: "test-results/edit-timeline-gain-hover.png", clip: { ...c, height: c.height + 4 } });
    // Not hovered, no line.
    await ana.mouse.move(c.x + c.width / 2, c.y + c.height + 80);
    await expect(lane).toHaveAttribute("data-gain-lines", "0");
    expect(await gainLinePixels(clip)).toBe(0);

    // Alt-drag: a copy on the second audio track, the original stays.
    c = await box(clip);
    await ana.keyboard.down("Alt");
    await drag(ana, { x: c.x + c.width / 2, y: c.y + 40 }, { x: c.x + c.width / 2, y: (await laneY(ana, 1)) + 10 });
    await ana.keyboard.up("Alt");
    const benOn = (trackId: string) => ben.locator(`[data-testid="audio-clip"][data-track-id="${trackId}"]`);
    await expect(benOn(vox2)).toHaveCount(1);
    await expect(benOn(vox)).toHaveCount(1);
    await expect(benOn(vox2)).toHaveAttribute("data-peaks", "loaded");

    // Ctrl+D duplicates the copy (selected) right after it; dragged back by half its width the two overlap.
    await blur(ana);
    await ana.keyboard.press("Control+d");
    await expect(benOn(vox2)).toHaveCount(2);
    const onAna = ana.locator(`[data-testid="audio-clip"][data-track-id="${vox2}"]`);
    const second = onAna.nth(1);
    const s = await box(second);
    await drag(ana, { x: s.x + s.width / 2, y: s.y + 40 }, { x: s.x, y: s.y + 40 });
    const xf = ben.getByTestId("crossfade");
    await expect(xf).toHaveCount(1);
    await expect(xf).toHaveAttribute("data-law", "equal-power");
    await ana.screenshot({ path: "test-results/edit-timeline-crossfade.png" });
    // Ben switches it to equal-gain (correlated material); Ana sees it.
    await xf.click();
    await expect(ana.getByTestId("crossfade")).toHaveAttribute("data-law", "equal-gain");
    // Delete the selected duplicate: the crossfade goes with it.
    await blur(ana);
    await ana.keyboard.press("Delete");
    await expect(benOn(vox2)).toHaveCount(1);
    await expect(ben.getByTestId("crossfade")).toHaveCount(0);

    // MIDI: a four-bar clip, split at the playhead (bar 3) with S, glued back with G, copied and pasted at bar 6.
    await ana.getByTestId("snap-select").selectOption("bar");
    await dragTicks(ana, await laneY(ana, 2), 100, 4 * BAR - 100);
    const benMidi = ben.getByTestId("clip");
    await expect(benMidi).toHaveCount(1);
    await expect(benMidi).toHaveAttribute("data-length-ticks", String(4 * BAR));
    await seek(ana, 2 * BAR);
    await blur(ana);
    await ana.keyboard.press("s");
    await expect(benMidi).toHaveCount(2);
    await expect(ben.locator(`[data-testid="clip"][data-start-tick="${2 * BAR}"]`)).toHaveCount(1);
    await ana.locator('[data-testid="clip"][data-start-tick="0"]').click({ modifiers: ["Shift"] });
    await expect(ana.locator('[data-testid="clip"][data-selected="true"]')).toHaveCount(2);
    await blur(ana);
    await ana.keyboard.press("g");
    await expect(benMidi).toHaveCount(1);
    await expect(benMidi).toHaveAttribute("data-length-ticks", String(4 * BAR));
    await ana.keyboard.press("Control+c");
    await seek(ana, 5 * BAR);
    await blur(ana);
    await ana.keyboard.press("Control+v");
    await expect(benMidi).toHaveCount(2);
    await expect(ben.locator(`[data-testid="clip"][data-start-tick="${5 * BAR}"]`)).toHaveAttribute(
      "data-length-ticks",
      String(4 * BAR),
    );

    // Alt-drag copies a MIDI clip too (bar 10), the original stays.
    const first = ana.locator('[data-testid="clip"][data-start-tick="0"]');
    const f = await box(first);
    const barPx = (await tickToClientX(ana, BAR)) - (await tickToClientX(ana, 0));
    await ana.keyboard.down("Alt");
    await drag(ana, { x: f.x + 20, y: f.y + f.height / 2 }, { x: f.x + 20 + 9 * barPx, y: f.y + f.height / 2 });
    await ana.keyboard.up("Alt");
    await expect(benMidi).toHaveCount(3);
    await expect(ben.locator(`[data-testid="clip"][data-start-tick="${9 * BAR}"]`)).toHaveCount(1);
    await expect(ben.locator('[data-testid="clip"][data-start-tick="0"]')).toHaveCount(1);

    await benContext.close();
  } finally {
    await fakeMic.close();
  }
});
