import { expect, test, type Locator, type Page } from "@playwright/test";
import { addRecordedTake, listTracks } from "@bandspace/model";
import { createShareLink, joinWithLink, newUser, openSongDoc, startSession, tickToClientX } from "./helpers";

/**
 * The timeline's editing gestures (issue 19), two editors and two read-only bandmates in real Chromium. Ana selects,
 * moves, nudges, trims, splits, fades, sets gain and comps audio clips with the mouse and keys; Ben sees every change
 * and her selection in her colour, and edits too; Ana's undo takes back only her own step. A viewer's drag changes
 * nothing; a reviewer (comment link) can star a take and nothing else.
 *
 * The takes are registered in the document by a Node replica (as the recorder does when a take completes), so the
 * scenario does not spend a minute recording; their audio is not on the server, which the editing never needs.
 */

const BAR = 3840; // ticks at 4/4
const RATE = 48000;
const BAR_FRAMES = 2 * RATE; // 120 BPM: a bar is 2 s
const SEED = { kind: "user", userId: "e2e-seed" } as const;
const T = { passA: "passa000000000001", passB: "passb000000000002", bass: "bassx000000000003" };

const clipOf = (page: Page, takeId: string) => page.locator(`[data-testid="audio-clip"][data-take-id="${takeId}"]`);

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error("not visible");
  return b;
}

/** A mouse drag in small steps, with keys held (e.g. "Alt") from before the press to after the release. */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, hold: string[] = []) {
  for (const k of hold) await page.keyboard.down(k);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + (to.x - from.x) / 3, from.y + (to.y - from.y) / 3, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 6 });
  await page.mouse.up();
  for (const k of hold.reverse()) await page.keyboard.up(k);
}

const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

test("editing audio clips on the timeline: select, move, nudge, trim, split, fade, gain, comp, flatten — seen live; undo is mine; read-only links cannot edit", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Editing", "Ana");
  await ana.page.getByTestId("add-track").click();
  await ana.page.getByTestId("add-track-audio").click();
  await ana.page.getByTestId("add-track").click();
  await ana.page.getByTestId("add-track-audio").click();
  await expect(ana.page.getByTestId("track-row")).toHaveCount(2);

  // Two passes of one loop recording on track 1 (4 bars from bar 1), one take on track 2 (2 bars from bar 5).
  const replica = await openSongDoc(ana.page, sessionId);
  const [vox, bass] = listTracks(replica.doc);
  const pass = (takeId: string, passIndex: number) =>
    addRecordedTake(
      replica.doc,
      {
        takeId,
        trackId: vox.id,
        groupId: "voxgroup00000001",
        passIndex,
        startTick: 0,
        sampleRate: RATE,
        channels: 1,
        frames: 4 * BAR_FRAMES,
        createdBy: "Ana",
      },
      SEED,
    );
  pass(T.passA, 0);
  pass(T.passB, 1);
  addRecordedTake(
    replica.doc,
    { takeId: T.bass, trackId: bass.id, startTick: 4 * BAR, sampleRate: RATE, channels: 1, frames: 2 * BAR_FRAMES },
    SEED,
  );
  await expect(ana.page.getByTestId("audio-clip")).toHaveCount(2);

  const editUrl = await createShareLink(ana.page, "edit", "Ben");
  const viewUrl = await createShareLink(ana.page, "view", "Mia");
  const commentUrl = await createShareLink(ana.page, "comment", "Rita");
  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");
  await expect(ben.page.getByTestId("audio-clip")).toHaveCount(2);
  await ana.page.getByTestId("snap-select").selectOption("bar");

  // 1. Select: a click; Ben sees the clip outlined in Ana's colour. Shift-click adds; a marquee across both tracks.
  await clipOf(ana.page, T.bass).click({ position: { x: 40, y: 40 } });
  await expect(clipOf(ana.page, T.bass)).toHaveAttribute("data-selected", "true");
  await expect(clipOf(ben.page, T.bass)).toHaveAttribute("data-remote-selected-by", "Ana");
  await clipOf(ana.page, T.passB).click({ position: { x: 60, y: 40 }, modifiers: ["Shift"] });
  await expect(ana.page.locator('[data-testid="audio-clip"][data-selected="true"]')).toHaveCount(2);
  await expect(ben.page.locator('[data-testid="audio-clip"][data-remote-selected-by="Ana"]')).toHaveCount(2);
  const lanes = ana.page.getByTestId("track-lane");
  const lane1 = await box(lanes.nth(0));
  const lane2 = await box(lanes.nth(1));
  await ana.page.mouse.click(await tickToClientX(ana.page, 9 * BAR), lane2.y + 20); // empty space: deselect
  await expect(ana.page.locator('[data-testid="audio-clip"][data-selected="true"]')).toHaveCount(0);
  await drag(
    ana.page,
    { x: await tickToClientX(ana.page, 9 * BAR), y: lane2.y + lane2.height - 4 },
    { x: await tickToClientX(ana.page, 3 * BAR), y: lane1.y + 10 },
  );
  await expect(ana.page.locator('[data-testid="audio-clip"][data-selected="true"]')).toHaveCount(2);
  await expect(ana.page.getByTestId("marquee")).toHaveCount(0);
  // Drawing the marquee selected clips, not the page's text.
  expect(await ana.page.evaluate(() => document.getSelection()?.toString() ?? "")).toBe("");
  await ana.page.screenshot({ path: "test-results/edit-timeline-selection.png" });

  // 2. Move: the bass clip dragged two bars later (snapped to the bar); both selected clips move together.
  await clipOf(ana.page, T.bass).click({ position: { x: 40, y: 40 } }); // just this one
  const b0 = await box(clipOf(ana.page, T.bass));
  const twoBarsPx = (await tickToClientX(ana.page, 2 * BAR)) - (await tickToClientX(ana.page, 0));
  await drag(ana.page, { x: b0.x + 50, y: b0.y + 40 }, { x: b0.x + 50 + twoBarsPx + 9, y: b0.y + 40 });
  await expect(clipOf(ben.page, T.bass)).toHaveAttribute("data-start-tick", String(6 * BAR));
  // Nudge back a bar (the grid) with ←.
  await blur(ana.page);
  await ana.page.keyboard.press("ArrowLeft");
  await expect(clipOf(ben.page, T.bass)).toHaveAttribute("data-start-tick", String(5 * BAR));

  // 3. Trim the right edge in by a bar, then pull it back out: the audio is still there.
  const bassBox = async () => box(clipOf(ana.page, T.bass));
  let bb = await bassBox();
  // The pointer says what a drag will do: trim at the edges, fades at the top corners, move in the body.
  await ana.page.mouse.move(bb.x + bb.width - 2, bb.y + 40);
  await expect(clipOf(ana.page, T.bass)).toHaveCSS("cursor", "ew-resize");
  await ana.page.mouse.move(bb.x + 2, bb.y + 2);
  await expect(clipOf(ana.page, T.bass)).toHaveCSS("cursor", "nesw-resize");
  await ana.page.mouse.move(bb.x + bb.width / 3, bb.y + 40);
  await expect(clipOf(ana.page, T.bass)).toHaveCSS("cursor", "grab");
  const barPx = twoBarsPx / 2;
  await drag(ana.page, { x: bb.x + bb.width - 2, y: bb.y + 40 }, { x: bb.x + bb.width - 2 - barPx, y: bb.y + 40 });
  await expect(clipOf(ben.page, T.bass)).toHaveAttribute("data-frames", String(BAR_FRAMES));
  bb = await bassBox();
  await drag(ana.page, { x: bb.x + bb.width - 2, y: bb.y + 40 }, { x: bb.x + bb.width - 2 + 3 * barPx, y: bb.y + 40 });
  await expect(clipOf(ben.page, T.bass)).toHaveAttribute("data-frames", String(2 * BAR_FRAMES)); // no further: the take ends

  // Fade in by dragging the top-left corner half the clip in; the curve from the clip's menu.
  bb = await bassBox();
  await drag(ana.page, { x: bb.x + 2, y: bb.y + 2 }, { x: bb.x + bb.width / 2, y: bb.y + 2 });
  await expect(clipOf(ben.page, T.bass)).toHaveAttribute("data-fade-in", String(BAR_FRAMES));
  // Drawn over the waveform by the bass lane's canvas: one fade shape on screen.
  const benBassLane = ben.page.getByTestId("track-lane").filter({ has: clipOf(ben.page, T.bass) });
  await expect(benBassLane.getByTestId("lane-waveforms")).toHaveAttribute("data-fades", "1");
  await clipOf(ana.page, T.bass).click({ button: "right", position: { x: 60, y: 40 } });
  await ana.page.getByTestId("audio-menu-fade-in-s-curve").click();
  await expect(clipOf(ben.page, T.bass)).toHaveAttribute("data-fade-in-curve", "s-curve");

  // Clip gain: the dashed handle dragged up 12 px is +6 dB (shown while dragging).
  bb = await bassBox();
  const gain = await box(clipOf(ana.page, T.bass).getByTestId("clip-gain-handle"));
  await ana.page.mouse.move(bb.x + bb.width / 2, gain.y);
  await ana.page.mouse.down();
  await ana.page.mouse.move(bb.x + bb.width / 2, gain.y - 6, { steps: 3 });
  await ana.page.mouse.move(bb.x + bb.width / 2, gain.y - 12, { steps: 3 });
  await expect(clipOf(ana.page, T.bass).getByTestId("clip-drag-label")).toHaveText("+6.0 dB");
  await ana.page.screenshot({ path: "test-results/edit-timeline-gain.png" });
  await ana.page.mouse.up();
  await expect(clipOf(ben.page, T.bass)).toHaveAttribute("data-gain-db", "6");

  // Split with the split tool (B) at bar 2 of the vocal clip: two clips on Ben's screen.
  await blur(ana.page);
  await ana.page.keyboard.press("b");
  await expect(ana.page.getByTestId("split-tool")).toHaveAttribute("aria-pressed", "true");
  const v = await box(clipOf(ana.page, T.passB));
  await ana.page.mouse.click(await tickToClientX(ana.page, BAR + 20), v.y + 40);
  await expect(clipOf(ben.page, T.passB)).toHaveCount(2);
  await expect(ben.page.locator(`[data-take-id="${T.passB}"][data-start-tick="${BAR}"]`)).toHaveCount(1);
  await ana.page.getByTestId("split-tool").click();

  // 4. Comp: open the vocal's take lanes; swipe pass 1 over bars 1–2 and pass 2 over bars 3–4.
  await ana.page.getByTestId("take-lanes-toggle").first().click();
  const take = (takeId: string) => ana.page.locator(`[data-testid="take-lane-take"][data-take-id="${takeId}"]`);
  const ta = await box(take(T.passA));
  await drag(
    ana.page,
    { x: await tickToClientX(ana.page, 20), y: ta.y + ta.height / 2 },
    { x: await tickToClientX(ana.page, 2 * BAR - 20), y: ta.y + ta.height / 2 },
  );
  const tb = await box(take(T.passB));
  await drag(
    ana.page,
    { x: await tickToClientX(ana.page, 2 * BAR + 20), y: tb.y + tb.height / 2 },
    { x: await tickToClientX(ana.page, 4 * BAR - 20), y: tb.y + tb.height / 2 },
  );
  await ben.page.getByTestId("take-lanes-toggle").first().click();
  const benSegments = ben.page.getByTestId("comp-segment");
  await expect(benSegments).toHaveCount(2);
  await expect(benSegments.nth(0)).toHaveAttribute("data-take-id", T.passA);
  await expect(benSegments.nth(1)).toHaveAttribute("data-take-id", T.passB);
  // The recording's clips on the timeline say the comp plays there now.
  await expect(ben.page.locator('[data-testid="audio-clip"][data-comped="true"]')).toHaveCount(2);
  // The boundary's crossfade lengthened by dragging its handle.
  const xf = ana.page.getByTestId("comp-crossfade");
  const xb = await box(xf);
  await drag(
    ana.page,
    { x: xb.x + xb.width - 2, y: xb.y + xb.height / 2 },
    { x: xb.x + xb.width + 20, y: xb.y + xb.height / 2 },
  );
  await expect
    .poll(async () => Number(await ben.page.getByTestId("comp-crossfade").getAttribute("data-ticks")))
    .toBeGreaterThan(300);
  await ana.page.screenshot({ path: "test-results/edit-timeline-comp.png" });

  // Ben nudges the bass clip a bar later (his own step; his grid is the bar too).
  await ben.page.getByTestId("snap-select").selectOption("bar");
  await clipOf(ben.page, T.bass).click({ position: { x: 60, y: 40 } });
  await blur(ben.page);
  await ben.page.keyboard.press("ArrowRight");
  await expect(clipOf(ana.page, T.bass)).toHaveAttribute("data-start-tick", String(6 * BAR));

  // Flatten: the comp becomes ordinary clips, two takes overlapping in a crossfade.
  await ana.page.getByTestId("flatten-comp").click();
  await expect(ben.page.getByTestId("comp-segment")).toHaveCount(0);
  await expect(clipOf(ben.page, T.passA)).toHaveCount(1);
  await expect(clipOf(ben.page, T.passB)).toHaveCount(1);
  await expect(ben.page.getByTestId("crossfade")).toHaveCount(1);
  await expect(ben.page.getByTestId("crossfade")).toHaveAttribute("data-law", "equal-power");

  // Ana's undo takes back her flatten only: the comp is back, Ben's nudge stays.
  await blur(ana.page);
  await ana.page.keyboard.press("Control+z");
  await expect(ben.page.getByTestId("comp-segment")).toHaveCount(2);
  await expect(clipOf(ben.page, T.bass)).toHaveAttribute("data-start-tick", String(6 * BAR));

  // A viewer: selecting works (for presence), dragging and keys change nothing; no split tool, no stars to set.
  const mia = await newUser(browser);
  await joinWithLink(mia.page, viewUrl, "Mia");
  await expect(clipOf(mia.page, T.bass)).toHaveAttribute("data-start-tick", String(6 * BAR));
  await expect(mia.page.getByTestId("split-tool")).toHaveCount(0);
  const mb = await box(clipOf(mia.page, T.bass));
  await drag(mia.page, { x: mb.x + 50, y: mb.y + 40 }, { x: mb.x + 50 + twoBarsPx, y: mb.y + 40 });
  await blur(mia.page);
  await mia.page.keyboard.press("Delete");
  await mia.page.keyboard.press("ArrowRight");
  await mia.page.waitForTimeout(500);
  await expect(clipOf(ana.page, T.bass)).toHaveAttribute("data-start-tick", String(6 * BAR));
  await expect(ana.page.getByTestId("audio-clip")).toHaveCount(3);

  // A reviewer stars a take; Ana sees the star. She cannot comp.
  const rita = await newUser(browser);
  await joinWithLink(rita.page, commentUrl, "Rita");
  await rita.page.getByTestId("take-lanes-toggle").first().click();
  const ritaTake = rita.page.locator(`[data-testid="take-lane-take"][data-take-id="${T.passA}"]`);
  await ritaTake.getByTestId("take-star").click();
  await expect(take(T.passA)).toHaveAttribute("data-flagged", "true");
  const rt = await box(ritaTake);
  await drag(
    rita.page,
    { x: rt.x + 10, y: rt.y + rt.height / 2 },
    { x: rt.x + rt.width - 10, y: rt.y + rt.height / 2 },
  );
  await rita.page.waitForTimeout(500);
  await expect(ana.page.getByTestId("comp-segment")).toHaveCount(2);

  replica.close();
  for (const u of [ana, ben, mia, rita]) await u.context.close();
});
