import { expect, test, type Locator, type Page } from "@playwright/test";
import { createShareLink, joinWithLink, newUser, startSession } from "./helpers";

// Several people, each in their own browser context: more than the default minute.
test.describe.configure({ timeout: 150_000 });

/** Adds an instrument track (optionally with an instrument) and draws a one-bar clip on it; returns the clip. */
async function addClip(page: Page, instrument?: string): Promise<Locator> {
  await page.getByTestId("add-track").click();
  await page.getByTestId("add-track-instrument").click();
  const row = page.getByTestId("track-row").last();
  if (instrument) await row.getByTestId("track-instrument").selectOption(instrument);
  const lane = page.getByTestId("track-lane").last();
  await lane.dblclick({ position: { x: 8, y: 20 } });
  const clip = lane.getByTestId("clip");
  await expect(clip).toHaveCount(1);
  return clip;
}

/** Opens a clip (double-click on the timeline) in the editor dock, made tall so the roll has room. */
async function openClip(page: Page, clip: Locator): Promise<Locator> {
  await clip.dblclick();
  const editor = page.getByTestId("clip-editor");
  await expect(editor).toBeVisible();
  const handle = page.getByTestId("editor-dock-handle");
  if ((await handle.count()) > 0 && ((await page.getByTestId("editor-dock").boundingBox())?.height ?? 0) < 400) {
    await handle.dblclick();
  }
  return editor;
}

/** Page coordinates of a (tick, pitch) point on the piano-roll grid, from its data attributes. */
async function rollGrid(page: Page) {
  const grid = page.getByTestId("piano-roll-grid");
  await expect(grid).toBeVisible();
  const box = (await grid.boundingBox())!;
  const ppt = Number(await grid.getAttribute("data-px-per-tick"));
  const rowH = Number(await grid.getAttribute("data-row-height"));
  return {
    ppt,
    at: (tick: number, pitch: number, dx = 0) => ({
      x: box.x + tick * ppt + dx,
      y: box.y + (127 - pitch) * rowH + rowH / 2,
    }),
  };
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, button: "left" = "left") {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down({ button });
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up({ button });
}

function note(page: Page, attrs: Record<string, number>): Locator {
  const sel = Object.entries(attrs)
    .map(([k, v]) => `[data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${v}"]`)
    .join("");
  return page.locator(`[data-testid="note"]${sel}`);
}

test("piano roll: add, move, resize, nudge, duplicate, velocity and delete notes — one change each, seen live by a bandmate", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  await startSession(ana.page, "Piano roll", "Ana");
  const editUrl = await createShareLink(ana.page, "edit", "Ben");
  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");

  const clip = await addClip(ana.page);
  const editor = await openClip(ana.page, clip);
  await expect(editor).toHaveAttribute("data-mode", "pianoroll");
  await expect(editor.getByTestId("clip-editor-snap")).toHaveValue("1/16");
  const benEditor = await openClip(ben.page, ben.page.getByTestId("clip").first());
  await expect(benEditor.getByTestId("piano-roll")).toBeVisible();

  const g = await rollGrid(ana.page);

  // Click on the empty grid: a 1/16 note where the click was (snapped down to the grid).
  const p1 = g.at(130, 60);
  await ana.page.mouse.click(p1.x, p1.y);
  await expect(note(ana.page, { pitch: 60, startTick: 0, durationTicks: 240 })).toHaveCount(1);

  // Drag on the empty grid: the note is as long as the drag (snapped up to the grid).
  await drag(ana.page, g.at(980, 62), g.at(1890, 62));
  await expect(note(ana.page, { pitch: 62, startTick: 960, durationTicks: 960 })).toHaveCount(1);
  await expect(note(ben.page, { pitch: 62, startTick: 960, durationTicks: 960 })).toHaveCount(1);
  await expect(note(ben.page, { pitch: 60, startTick: 0, durationTicks: 240 })).toHaveCount(1);

  // Move: drag the first note half a beat later and up a major third.
  await drag(ana.page, g.at(120, 60), g.at(120 + 480, 64));
  await expect(note(ana.page, { pitch: 64, startTick: 480, durationTicks: 240 })).toHaveCount(1);
  await expect(note(ben.page, { pitch: 64, startTick: 480, durationTicks: 240 })).toHaveCount(1);
  await expect(note(ben.page, { pitch: 60 })).toHaveCount(0);

  // Resize from the right edge (one beat longer) and from the left edge (a sixteenth shorter).
  await drag(ana.page, g.at(1920, 62, -2), g.at(2880, 62, -2));
  await expect(note(ana.page, { pitch: 62, startTick: 960, durationTicks: 1920 })).toHaveCount(1);
  await drag(ana.page, g.at(960, 62, 2), g.at(1200, 62, 2));
  await expect(note(ana.page, { pitch: 62, startTick: 1200, durationTicks: 1680 })).toHaveCount(1);
  await expect(note(ben.page, { pitch: 62, startTick: 1200, durationTicks: 1680 })).toHaveCount(1);

  // Keyboard: the resized note is selected; ↑ nudges a semitone, → a sixteenth; Ctrl+D duplicates after it.
  await expect(note(ana.page, { pitch: 62 })).toHaveAttribute("data-selected", "true");
  await ana.page.keyboard.press("ArrowUp");
  await ana.page.keyboard.press("ArrowRight");
  await expect(note(ana.page, { pitch: 63, startTick: 1440, durationTicks: 1680 })).toHaveCount(1);
  await ana.page.keyboard.press("Control+d");
  await expect(note(ana.page, { pitch: 63 })).toHaveCount(2);
  await expect(note(ben.page, { pitch: 63, startTick: 1440 + 1680, durationTicks: 1680 })).toHaveCount(1);

  // Ctrl+A selects everything; the velocity lane changes the selection together.
  await ana.page.keyboard.press("Control+a");
  await expect(ana.page.locator('[data-testid="note"][data-selected="true"]')).toHaveCount(3);
  // Ben sees Ana's note selection, outlined in her colour.
  await expect(ben.page.locator('[data-testid="note"][data-remote-selected-by="Ana"]')).toHaveCount(3);
  const bar = ana.page.locator('[data-testid="velocity-bar"]').first();
  const bb = (await bar.boundingBox())!;
  await drag(ana.page, { x: bb.x + 1, y: bb.y }, { x: bb.x + 1, y: bb.y + 20 });
  await expect(ana.page.locator('[data-testid="note"][data-velocity="100"]')).toHaveCount(0);
  const benVelocities = () =>
    ben.page
      .locator('[data-testid="note"]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-velocity"))));
  await expect.poll(async () => (await benVelocities()).filter((v) => v === 100).length).toBe(0);
  const velocities = await benVelocities();
  expect(velocities).toHaveLength(3);
  expect(new Set(velocities).size).toBe(1);
  expect(velocities[0]).toBeLessThan(100);

  // Delete: right-click one note; select another and press Delete.
  await ana.page.keyboard.press("Escape"); // clear the selection (a right-click on a selected note deletes them all)
  await expect(ana.page.locator('[data-testid="note"][data-selected="true"]')).toHaveCount(0);
  await expect(ben.page.locator('[data-testid="note"][data-remote-selected-by="Ana"]')).toHaveCount(0);
  await ana.page.mouse.click(g.at(480 + 120, 64).x, g.at(480 + 120, 64).y, { button: "right" });
  await expect(note(ana.page, { pitch: 64 })).toHaveCount(0);
  await expect(note(ben.page, { pitch: 64 })).toHaveCount(0);
  const dup = g.at(1440 + 1680 + 400, 63);
  await ana.page.mouse.click(dup.x, dup.y);
  await expect(ana.page.locator('[data-testid="note"][data-selected="true"]')).toHaveCount(1);
  await ana.page.keyboard.press("Delete");
  await expect(note(ana.page, { pitch: 63 })).toHaveCount(1);
  await expect(note(ben.page, { pitch: 63 })).toHaveCount(1);
  await expect(ben.page.getByTestId("clip").first()).toHaveAttribute("data-note-count", "1");

  // Quantize (nothing selected: all notes) to the bar: the note at 1440 moves to the downbeat.
  await editor.getByTestId("clip-editor-snap").selectOption("bar");
  await editor.getByTestId("clip-editor-quantize").click();
  await expect(note(ben.page, { pitch: 63, startTick: 0, durationTicks: 1680 })).toHaveCount(1);
  // Ctrl+Z takes the quantize back (for Ben too); Ctrl+Shift+Z does it again.
  await ana.page.keyboard.press("Control+z");
  await expect(note(ben.page, { pitch: 63, startTick: 1440, durationTicks: 1680 })).toHaveCount(1);
  await ana.page.keyboard.press("Control+Shift+z");
  await expect(note(ben.page, { pitch: 63, startTick: 0, durationTicks: 1680 })).toHaveCount(1);

  await ana.page.getByTestId("clip-editor").screenshot({ path: "test-results/editors-pianoroll.png" });
  for (const u of [ana, ben]) await u.context.close();
});

test("step sequencer: drum steps toggle and paint in sync; a viewer can listen but not change them", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  await startSession(ana.page, "Beat", "Ana");
  const editUrl = await createShareLink(ana.page, "edit", "Ben");
  const viewUrl = await createShareLink(ana.page, "view", "Mia");
  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");

  const clip = await addClip(ana.page, "drums");
  const editor = await openClip(ana.page, clip);
  await expect(editor).toHaveAttribute("data-mode", "steps");
  const seq = ana.page.getByTestId("step-sequencer");
  await expect(seq).toHaveAttribute("data-steps", "16");
  await expect(seq.locator('[data-testid="step-row"][data-name="Kick"]')).toBeVisible();

  const cell = (page: Page, pitch: number, step: number) =>
    page.locator(`[data-testid="step-cell"][data-pitch="${pitch}"][data-step="${step}"]`);

  // Four on the floor, snare on 2 and 4, an accented hat (Shift-click).
  for (const s of [0, 4, 8, 12]) await cell(ana.page, 36, s).click();
  for (const s of [4, 12]) await cell(ana.page, 38, s).click();
  await cell(ana.page, 42, 2).click({ modifiers: ["Shift"] });
  await expect(cell(ana.page, 36, 8)).toHaveAttribute("data-on", "true");
  await expect(cell(ana.page, 42, 2)).toHaveAttribute("data-velocity", "127");

  const benEditor = await openClip(ben.page, ben.page.getByTestId("clip").first());
  await expect(benEditor).toHaveAttribute("data-mode", "steps");
  for (const s of [0, 4, 8, 12]) await expect(cell(ben.page, 36, s)).toHaveAttribute("data-on", "true");
  await expect(cell(ben.page, 36, 1)).toHaveAttribute("data-on", "false");
  await expect(cell(ben.page, 38, 12)).toHaveAttribute("data-on", "true");
  await expect(cell(ben.page, 42, 2)).toHaveAttribute("data-velocity", "127");

  // Ben clears a kick; Ana sees it go.
  await cell(ben.page, 36, 8).click();
  await expect(cell(ana.page, 36, 8)).toHaveAttribute("data-on", "false");

  // Ana paints closed hats across steps 0–7 in one drag (the lit step 2 stays as it is).
  const from = (await cell(ana.page, 42, 0).boundingBox())!;
  const to = (await cell(ana.page, 42, 7).boundingBox())!;
  await drag(
    ana.page,
    { x: from.x + from.width / 2, y: from.y + from.height / 2 },
    { x: to.x + to.width / 2, y: to.y + to.height / 2 },
  );
  for (let s = 0; s < 8; s++) await expect(cell(ben.page, 42, s)).toHaveAttribute("data-on", "true");
  await expect(cell(ben.page, 42, 2)).toHaveAttribute("data-velocity", "127");
  await expect(cell(ben.page, 42, 3)).toHaveAttribute("data-velocity", "100");
  await expect(ben.page.getByTestId("clip").first()).toHaveAttribute("data-note-count", String(3 + 2 + 8));

  // Alt-click on a lit step makes it a ghost note.
  await cell(ben.page, 42, 5).click({ modifiers: ["Alt"] });
  await expect(cell(ana.page, 42, 5)).toHaveAttribute("data-velocity", "45");

  // The same clip as a piano roll, with drum names on the keys.
  await editor.getByTestId("clip-editor-view-roll").click();
  await expect(editor).toHaveAttribute("data-mode", "pianoroll");
  await expect(ana.page.locator('[data-testid="note"][data-pitch="42"]').first()).toBeVisible();
  await expect(ana.page.locator('[data-testid="piano-key"][data-pitch="36"]')).toContainText("Kick");
  await editor.getByTestId("clip-editor-view-steps").click();
  await expect(editor).toHaveAttribute("data-mode", "steps");

  // A viewer sees the pattern, can audition rows, and cannot toggle anything.
  const viewer = await newUser(browser);
  await joinWithLink(viewer.page, viewUrl, "Mia");
  const viewerEditor = await openClip(viewer.page, viewer.page.getByTestId("clip").first());
  await expect(viewerEditor.getByTestId("clip-editor-quantize")).toHaveCount(0);
  await viewer.page.locator('[data-testid="step-row"][data-name="Snare"]').getByTestId("step-row-audition").click();
  await cell(viewer.page, 36, 1).click();
  await expect(cell(viewer.page, 36, 1)).toHaveAttribute("data-on", "false");
  await expect(cell(ana.page, 36, 1)).toHaveAttribute("data-on", "false");
  await expect(cell(viewer.page, 36, 0)).toHaveAttribute("data-on", "true");

  await ana.page.getByTestId("clip-editor").screenshot({ path: "test-results/editors-stepseq.png" });
  for (const u of [ana, ben, viewer]) await u.context.close();
});
