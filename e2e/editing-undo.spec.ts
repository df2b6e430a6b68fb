import { expect, test } from "@playwright/test";
import { createShareLink, dragTicks, joinWithLink, laneY, newUser, startSession } from "./helpers";

const BAR = 3840;

test("undo takes back only my own edits, for everyone; redo puts them back; a viewer has no undo", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  await startSession(ana.page, "Undo", "Ana");
  const editUrl = await createShareLink(ana.page, "edit", "Ben");
  const viewUrl = await createShareLink(ana.page, "view", "Mia");
  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");

  await expect(ana.page.getByTestId("undo")).toBeDisabled();
  await ana.page.getByTestId("add-track").click();
  await ana.page.getByTestId("add-track-instrument").click();
  await expect(ben.page.getByTestId("track-row")).toHaveCount(1);
  await ana.page.getByTestId("snap-select").selectOption("bar");
  await dragTicks(ana.page, await laneY(ana.page, 0), 100, 2 * BAR - 100); // Ana's clip: bars 1–2
  await expect(ben.page.getByTestId("clip")).toHaveCount(1);
  await ben.page.getByTestId("snap-select").selectOption("bar");
  await dragTicks(ben.page, await laneY(ben.page, 0), 4 * BAR + 100, 5 * BAR - 100); // Ben's clip: bar 5
  await expect(ana.page.getByTestId("clip")).toHaveCount(2);
  const benClip = ben.page.locator(`[data-testid="clip"][data-start-tick="${4 * BAR}"]`);
  await expect(benClip).toHaveCount(1);

  // Ana's Ctrl+Z removes her clip — not Ben's, which was made later — on both screens.
  await ana.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await ana.page.keyboard.press("Control+z");
  await expect(ben.page.getByTestId("clip")).toHaveCount(1);
  await expect(ben.page.getByTestId("clip")).toHaveAttribute("data-start-tick", String(4 * BAR));
  await expect(ana.page.getByTestId("redo")).toBeEnabled();
  // Again: her track goes too (Ben's clip on it is no longer shown: its track is gone).
  await ana.page.getByTestId("undo").click();
  await expect(ben.page.getByTestId("track-row")).toHaveCount(0);
  // Redo twice: the track, then her clip, back for everyone — and Ben's clip with the track.
  await ana.page.keyboard.press("Control+Shift+z");
  await expect(ben.page.getByTestId("track-row")).toHaveCount(1);
  await expect(ben.page.getByTestId("clip")).toHaveCount(1);
  await ana.page.getByTestId("redo").click();
  await expect(ben.page.getByTestId("clip")).toHaveCount(2);
  await expect(ana.page.getByTestId("redo")).toBeDisabled();

  // Ben's undo is his own: his clip goes, Ana's stays.
  await ben.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await ben.page.keyboard.press("Control+z");
  await expect(ana.page.getByTestId("clip")).toHaveCount(1);
  await expect(ana.page.getByTestId("clip")).toHaveAttribute("data-start-tick", "0");

  const mia = await newUser(browser);
  await joinWithLink(mia.page, viewUrl, "Mia");
  await expect(mia.page.getByTestId("clip")).toHaveCount(1);
  await expect(mia.page.getByTestId("undo")).toHaveCount(0);
  await mia.page.keyboard.press("Control+z");
  await mia.page.waitForTimeout(300);
  await expect(ana.page.getByTestId("clip")).toHaveCount(1);

  for (const u of [ana, ben, mia]) await u.context.close();
});
