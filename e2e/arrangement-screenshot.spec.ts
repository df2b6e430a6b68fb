import { expect, test } from "@playwright/test";
import { PPQ, setTrackMute, setTrackPan, setTrackVolume, type Origin } from "@bandspace/model";
import {
  createShareLink,
  joinWithLink,
  newUser,
  openSongDoc,
  presenceUser,
  seedDemoSong,
  startSession,
} from "./helpers";

/**
 * Not a behaviour test: builds a demo song with two people in it (one playing, one following along) and
 * saves docs/screenshots/arrangement.png. Asserts only that the pieces it shows are on screen.
 */
const MIX: Origin = { kind: "user", userId: "e2e-mix" };

test("arrangement screenshot: sections, clips, loop range, a bandmate's playhead", async ({ browser }) => {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Friday night demo", "Ana Kowalski");
  const editUrl = await createShareLink(ana.page, "edit", "Ben");
  const replica = await openSongDoc(ana.page, sessionId);
  const { trackIds } = seedDemoSong(replica.doc);
  // A mix in progress: the pad pulled down and panned, the lead muted.
  setTrackVolume(replica.doc, trackIds["Synth pad"], -9.5, MIX);
  setTrackPan(replica.doc, trackIds["Synth pad"], -0.4, MIX);
  setTrackPan(replica.doc, trackIds["Keys"], 0.25, MIX);
  setTrackMute(replica.doc, trackIds["Lead"], true, MIX);
  await expect(ana.page.getByTestId("clip").first()).toBeVisible();

  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben Okafor");
  await expect(presenceUser(ana.page, "Ben Okafor")).toHaveCount(1);

  // Both see the whole song.
  await ana.page.getByTestId("zoom-fit").click();
  await ben.page.getByTestId("zoom-fit").click();

  // Ben plays from the chorus with a clip selected; Ana has a section and a clip selected.
  await ben.page.locator('[data-testid="section"][data-name="Chorus"]').first().click();
  await ben.page.locator('[data-testid="clip"]').filter({ hasText: "Chorus hook" }).first().click();
  await ben.page.getByTestId("transport-play").click();
  await expect(ben.page.getByTestId("transport-play")).toHaveAttribute("aria-pressed", "true");

  await ana.page.getByTestId("transport-loop").click();
  await ana.page
    .locator(`[data-testid="track-row"][data-track-id="${trackIds["Bass"]}"] [data-testid="track-solo"]`)
    .click();
  await ana.page.locator('[data-testid="clip"]').filter({ hasText: "Verse keys" }).first().click();
  await ana.page.locator('[data-testid="section"][data-name="Pre-Chorus"]').first().click();
  await ana.page
    .locator('[data-testid="section"][data-name="Bridge"]')
    .first()
    .click({ modifiers: ["Shift"] });
  await expect(ana.page.locator('[data-testid="remote-playhead"][data-playing="true"]')).toBeVisible();
  await ana.page.waitForTimeout(1200);

  await ana.page.screenshot({ path: "test-results/arrangement.png" });
  await ana.page.screenshot({ path: "docs/screenshots/arrangement.png" });

  // Zoomed in around the chorus (for review only).
  for (let i = 0; i < 3; i++) await ana.page.getByTestId("zoom-in").click();
  await ana.page.locator('[data-testid="section"][data-name="Chorus"]').first().click();
  await ana.page.waitForTimeout(500);
  await ana.page.screenshot({ path: "test-results/arrangement-zoomed.png" });
  await ana.page.getByTestId("shortcuts-button").click();
  await ana.page.waitForTimeout(300);
  await ana.page.screenshot({ path: "test-results/arrangement-shortcuts.png" });
  await ana.page.keyboard.press("Escape");
  await ana.page.getByTestId("zoom-fit").click();

  // The clip editor docked below the arrangement.
  await ana.page.locator('[data-testid="clip"]').filter({ hasText: "Chorus hook" }).first().dblclick();
  await expect(ana.page.getByTestId("editor-dock")).toBeVisible();
  await ana.page.getByTestId("songsheet-toggle").click();
  await ana.page.waitForTimeout(600);
  await ana.page.screenshot({ path: "test-results/arrangement-editor.png" });

  expect(PPQ).toBe(960);
  replica.close();
  for (const u of [ana, ben]) await u.context.close();
});
