import { expect, test } from "@playwright/test";
import { addInsert, setInsertParam, type Origin } from "@bandspace/model";
import { newUser, openSongDoc, seedDemoSong, startSession } from "./helpers";

/**
 * Not a behaviour test: builds a demo song with a master chain, plays it for half a minute with the master view
 * open, and saves docs/screenshots/master-view.png. Asserts only that the pieces it shows are on screen.
 */
const MIX: Origin = { kind: "user", userId: "e2e-mix" };

test("master view screenshot: chain, live loudness meter with history and target", async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Friday night demo", "Ana Kowalski");
  const replica = await openSongDoc(ana.page, sessionId);
  seedDemoSong(replica.doc);
  addInsert(replica.doc, "master", "eq", { preset: "Vocal presence" }, MIX);
  addInsert(replica.doc, "master", "multiband", { preset: "Master glue" }, MIX);
  addInsert(replica.doc, "master", "utility", { preset: "Wider" }, MIX);
  const lim = addInsert(replica.doc, "master", "truePeakLimiter", { preset: "Streaming (−1 dBTP)" }, MIX);
  setInsertParam(replica.doc, lim, "gain", 8, MIX);
  await expect(ana.page.getByTestId("clip").first()).toBeVisible();
  await ana.page.getByTestId("zoom-fit").click();
  await ana.page.keyboard.press("Alt+KeyM");
  const dock = ana.page.getByTestId("master-dock");
  await dock.getByTestId("master-target").selectOption("streaming");
  await dock.getByTestId("master-insert").nth(1).getByRole("button").first().click();
  await ana.page.getByTestId("transport-play").click();
  await expect(dock.getByTestId("loudness-meter")).toBeVisible();
  await ana.page.waitForTimeout(30_000);
  await expect(dock.getByTestId("loudness-integrated")).not.toHaveText("—");
  await ana.page.screenshot({ path: "docs/screenshots/master-view.png" });
  replica.close();
});
