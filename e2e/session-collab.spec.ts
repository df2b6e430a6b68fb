import { expect, test } from "@playwright/test";
import { createShareLink, joinWithLink, newUser, presenceUser, startSession } from "./helpers";

test("two bandmates edit one session live through share links; a viewer follows but cannot edit", async ({
  browser,
}) => {
  const owner = await newUser(browser);
  const sessionId = await startSession(owner.page, "Road Trip Demo", "Ana");
  const editUrl = await createShareLink(owner.page, "edit", "Ben (guitar)");
  const viewUrl = await createShareLink(owner.page, "view", "Manager");
  expect(editUrl).toMatch(/\/join\/[A-Za-z0-9_-]{32}$/);

  // Ben joins through the edit link.
  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");
  expect(new URL(ben.page.url()).pathname).toBe(`/s/${sessionId}`);

  // Each sees the other in the presence list.
  await expect(presenceUser(owner.page, "Ben")).toHaveCount(1);
  await expect(presenceUser(ben.page, "Ana")).toHaveCount(1);

  // Ben renames the song and adds two tracks; Ana sees it.
  await ben.page.getByTestId("song-title").click();
  await ben.page.getByTestId("song-title-input").fill("Highway Lights");
  await ben.page.getByTestId("song-title-input").press("Enter");
  await ben.page.getByTestId("add-track").click();
  await ben.page.getByTestId("add-track-audio").click();
  await ben.page.getByTestId("add-track").click();
  await ben.page.getByTestId("add-track-instrument").click();
  await expect(ben.page.getByTestId("track-row")).toHaveCount(2);

  await expect(owner.page.getByTestId("song-title")).toHaveText("Highway Lights");
  await expect(owner.page.getByTestId("track-row")).toHaveCount(2);

  // Ana renames a track and sets the tempo; Ben sees both.
  await owner.page.getByTestId("track-name").first().dblclick();
  await owner.page.getByTestId("track-name-input").fill("Lead vocal");
  await owner.page.getByTestId("track-name-input").press("Enter");
  await owner.page.getByTestId("tempo-input").fill("96");
  await owner.page.getByTestId("tempo-input").press("Enter");
  await expect(ben.page.getByTestId("track-name").first()).toHaveText("Lead vocal");
  await expect(ben.page.getByTestId("tempo-input")).toHaveValue("96");
  await expect(owner.page.getByTestId("save-status")).toHaveText(/Saved/);

  // The manager opens the view link: sees everything live, can change nothing.
  const viewer = await newUser(browser);
  await joinWithLink(viewer.page, viewUrl, "Mia");
  await expect(viewer.page.getByTestId("readonly-banner")).toBeVisible();
  await expect(viewer.page.getByTestId("song-title")).toHaveText("Highway Lights");
  await expect(viewer.page.getByTestId("track-row")).toHaveCount(2);
  await expect(viewer.page.getByTestId("add-track")).toBeDisabled();
  await expect(viewer.page.getByTestId("tempo-input")).toBeDisabled();
  await expect(viewer.page.getByTestId("share-button")).toHaveCount(0);
  await viewer.page.getByTestId("song-title").click();
  await expect(viewer.page.getByTestId("song-title-input")).toHaveCount(0);

  // A live edit reaches the viewer.
  await ben.page.getByTestId("add-track").click();
  await ben.page.getByTestId("add-track-audio").click();
  await expect(viewer.page.getByTestId("track-row")).toHaveCount(3);
  await expect(presenceUser(viewer.page, "Ben")).toHaveCount(1);
  await expect(presenceUser(owner.page, "Mia")).toHaveCount(1);

  // Reload: everything is still there (persisted, not just in memory of a tab).
  await ben.page.reload();
  await expect(ben.page.getByTestId("song-title")).toHaveText("Highway Lights");
  await expect(ben.page.getByTestId("track-row")).toHaveCount(3);

  // Ana revokes the manager's link: the viewer's page closes at once.
  await owner.page.getByTestId("share-button").click();
  const row = owner.page.getByTestId("share-dialog").getByTestId("share-link-row").filter({ hasText: "Manager" });
  await row.getByTestId("share-revoke").click();
  await owner.page.getByTestId("share-revoke-confirm").click();
  await expect(row.getByTestId("share-link-revoked")).toBeVisible();
  await expect(viewer.page.getByTestId("connection-closed")).toBeVisible();
  await expect(viewer.page.getByTestId("connection-closed-reason")).toContainText(/revoked/i);

  await owner.page.screenshot({ path: "test-results/e2e-owner.png" });
  for (const u of [owner, ben, viewer]) await u.context.close();
});
