import { expect, test, type Page } from "@playwright/test";
import { createShareLink, joinWithLink, newUser, startSession, tickToClientX } from "./helpers";

const BAR = 3840;

/** The tempo changes as Ben's ruler lists them ("bar:bpm", "~" for a ramp). */
const changesOn = (page: Page) => page.getByTestId("timeline-ruler");

async function laneBox(page: Page) {
  const box = await page.getByTestId("tempo-lane").boundingBox();
  if (!box) throw new Error("no tempo lane");
  return box;
}

/**
 * The tempo lane by hand: Ana adds a change by double-clicking the lane, drags its point sideways (snapped to the bar)
 * and up (a higher BPM), double-clicks it into a ramp and deletes it with the keyboard; Ben's ruler follows every step;
 * Ctrl+Z takes back only her last step; a viewer's points cannot be dragged.
 */
test("tempo lane: add, drag in time, drag in tempo, ramp and delete a tempo change — live for a bandmate; a viewer reads only", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  await startSession(ana.page, "Tempo lane", "Ana");
  const editUrl = await createShareLink(ana.page, "edit", "Ben");
  const viewUrl = await createShareLink(ana.page, "view", "Vera");
  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");
  const vera = await newUser(browser);
  await joinWithLink(vera.page, viewUrl, "Vera");

  // Add: double-click the lane at bar 3, above the middle (the song tempo, 120, is drawn in the middle).
  const lane = await laneBox(ana.page);
  await ana.page.mouse.dblclick(await tickToClientX(ana.page, 2 * BAR + 40), lane.y + lane.height * 0.25);
  const points = ana.page.getByTestId("tempo-point");
  await expect(points).toHaveCount(1);
  await expect(points.first()).toHaveAttribute("data-tick", String(2 * BAR));
  const addedBpm = Number(await points.first().getAttribute("data-bpm"));
  expect(addedBpm).toBeGreaterThan(120);
  await expect(changesOn(ben.page)).toHaveAttribute("data-tempo-changes", `3:${addedBpm}`);

  // Drag sideways to bar 5: the change moves, snapped to the bar line.
  const pointBox = async () => (await points.first().boundingBox())!;
  let p = await pointBox();
  await ana.page.mouse.move(p.x + p.width / 2, p.y + p.height / 2);
  await ana.page.mouse.down();
  const to = await tickToClientX(ana.page, 4 * BAR + 200);
  await ana.page.mouse.move((p.x + to) / 2, p.y + p.height / 2, { steps: 4 });
  await ana.page.mouse.move(to, p.y + p.height / 2, { steps: 6 });
  await ana.page.mouse.up();
  await expect(points.first()).toHaveAttribute("data-tick", String(4 * BAR));
  await expect(changesOn(ben.page)).toHaveAttribute("data-tempo-changes", `5:${addedBpm}`);

  // Drag up (past the lane's top: the lane shows the map's range, and this is already its fastest point): a faster
  // tempo at the same place.
  p = await pointBox();
  await ana.page.mouse.move(p.x + p.width / 2, p.y + p.height / 2);
  await ana.page.mouse.down();
  await ana.page.mouse.move(p.x + p.width / 2, p.y - 30, { steps: 8 });
  await ana.page.mouse.up();
  await expect(points.first()).toHaveAttribute("data-tick", String(4 * BAR));
  await expect.poll(async () => Number(await points.first().getAttribute("data-bpm"))).toBeGreaterThan(addedBpm);
  const fasterBpm = Number(await points.first().getAttribute("data-bpm"));
  await expect(changesOn(ben.page)).toHaveAttribute("data-tempo-changes", `5:${fasterBpm}`);

  // Ctrl+Z takes back the tempo drag only (the move stays), for Ben too; Ctrl+Shift+Z puts it back.
  await ana.page.keyboard.press("Control+z");
  await expect(changesOn(ben.page)).toHaveAttribute("data-tempo-changes", `5:${addedBpm}`);
  await ana.page.keyboard.press("Control+Shift+z");
  await expect(changesOn(ben.page)).toHaveAttribute("data-tempo-changes", `5:${fasterBpm}`);

  // Double-click the point: it becomes a ramp (reached at bar 5, from the tempo before it).
  await points.first().dblclick();
  await expect(points.first()).toHaveAttribute("data-ramp", "true");
  await expect(changesOn(ben.page)).toHaveAttribute("data-tempo-changes", `5:${fasterBpm}~`);

  // The viewer sees the point but cannot move it.
  const veraPoint = vera.page.getByTestId("tempo-point");
  await expect(veraPoint).toHaveCount(1);
  await expect(veraPoint).toBeDisabled();
  const vp = (await veraPoint.boundingBox())!;
  await vera.page.mouse.move(vp.x + vp.width / 2, vp.y + vp.height / 2);
  await vera.page.mouse.down();
  await vera.page.mouse.move(vp.x + 200, vp.y + vp.height / 2, { steps: 6 });
  await vera.page.mouse.up();
  await expect(changesOn(ana.page)).toHaveAttribute("data-tempo-changes", `5:${fasterBpm}~`);

  // Delete with the keyboard on the focused point.
  await points.first().focus();
  await ana.page.keyboard.press("Delete");
  await expect(points).toHaveCount(0);
  await expect(changesOn(ben.page)).toHaveAttribute("data-tempo-changes", "");
  await expect(vera.page.getByTestId("tempo-point")).toHaveCount(0);

  await ana.page.getByTestId("tempo-lane").screenshot({ path: "test-results/tempo-lane.png" });
  for (const u of [ana, ben, vera]) await u.context.close();
});
