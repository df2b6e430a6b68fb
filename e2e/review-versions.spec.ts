import { expect, test, type Page } from "@playwright/test";
import { createShareLink, joinWithLink, newUser, presenceUser, startSession } from "./helpers";

async function setTempo(page: Page, bpm: string) {
  await page.getByTestId("tempo-input").fill(bpm);
  await page.getByTestId("tempo-input").press("Enter");
}

async function addAudioTrack(page: Page) {
  await page.getByTestId("add-track").click();
  await page.getByTestId("add-track-audio").click();
}

test("owner saves a version, an editor changes things, the owner compares and restores; the editor sees it live; a demoted member turns read-only", async ({
  browser,
}) => {
  const owner = await newUser(browser);
  await startSession(owner.page, "Versions Demo", "Ana");
  await setTempo(owner.page, "100");
  await addAudioTrack(owner.page);
  await expect(owner.page.getByTestId("track-row")).toHaveCount(1);
  await expect(owner.page.getByTestId("save-status")).toHaveText(/Saved/);

  // Ana saves a named version.
  await owner.page.getByTestId("history-button").click();
  const history = owner.page.getByTestId("history-dialog");
  await expect(history).toBeVisible();
  await expect(history.getByTestId("history-empty")).toBeVisible();
  await history.getByTestId("version-name-input").fill("Demo 1");
  await history.getByTestId("version-save").click();
  await expect(history.getByTestId("history-item").filter({ hasText: "Demo 1" })).toBeVisible();
  await owner.page.keyboard.press("Escape");
  await expect(history).toBeHidden();

  // Ben joins with an edit link, changes the tempo and adds two tracks.
  const editUrl = await createShareLink(owner.page, "edit", "Ben (guitar)");
  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");
  await expect(presenceUser(owner.page, "Ben")).toHaveCount(1);
  await setTempo(ben.page, "140");
  // Ben mutes the first track and pulls its fader down to the floor (Home on the focused fader).
  const benFirstRow = ben.page.getByTestId("track-row").first();
  await benFirstRow.getByTestId("track-mute").click();
  await benFirstRow.getByTestId("track-volume").focus();
  await ben.page.keyboard.press("Home");
  await expect(owner.page.getByTestId("track-row").first().getByTestId("track-volume")).toHaveAttribute(
    "data-db",
    "-60",
  );
  await addAudioTrack(ben.page);
  await addAudioTrack(ben.page);
  await expect(ben.page.getByTestId("track-row")).toHaveCount(3);
  await expect(owner.page.getByTestId("track-row")).toHaveCount(3);
  await expect(owner.page.getByTestId("tempo-input")).toHaveValue("140");

  // Ben comments; the comment records the version it was made on, and Ana's card shows it.
  await ben.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await ben.page.keyboard.press("c");
  await ben.page.getByTestId("comment-input").fill("Faster feels better");
  await ben.page.getByTestId("comment-post").click();
  await owner.page.getByTestId("comments-toggle").click();
  await owner.page.getByTestId("comment-jump").click();
  await expect(owner.page.getByTestId("comment-made-on")).toHaveText("Made on version “Demo 1”");
  await owner.page.getByTestId("transport-play").click(); // the jump started playback; stop it
  await owner.page.getByTestId("comments-toggle").click();

  // Ana compares "Demo 1" with now, previews it read-only, and restores it.
  await owner.page.keyboard.press("Alt+KeyH");
  await expect(history).toBeVisible();
  await history.getByTestId("history-item").filter({ hasText: "Demo 1" }).click();
  const detail = history.getByTestId("version-detail");
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId("compare-line")).toContainText([
    "Tempo 100 → 140 BPM",
    "2 tracks added",
    "Mix changed on 1 track",
  ]);
  await expect(detail.getByTestId("compare-detail").filter({ hasText: "Mix “Track 1”" })).toHaveText(
    "Mix “Track 1”: volume 0.0 dB → −60.0 dB, muted (version → now)",
  );
  await expect(detail.getByTestId("preview-tempo")).toHaveText("100 BPM");
  await expect(detail.getByTestId("preview-track")).toHaveCount(1);
  await owner.page.screenshot({ path: "test-results/review-versions-history.png" });

  await detail.getByTestId("version-restore").click();
  await owner.page.getByTestId("version-restore-confirm").click();
  await expect(detail.getByTestId("compare-identical")).toBeVisible();
  await expect(history.getByTestId("history-item").filter({ hasText: "Before restoring “Demo 1”" })).toBeVisible();
  await owner.page.keyboard.press("Escape");

  // Ben sees the restored state live, without reloading, and is told who restored what.
  await expect(
    ben.page.getByTestId("toast-info").filter({ hasText: "Ana restored the version “Demo 1”" }),
  ).toBeVisible();
  await expect(ben.page.getByTestId("track-row")).toHaveCount(1);
  await expect(ben.page.getByTestId("tempo-input")).toHaveValue("100");
  await expect(owner.page.getByTestId("track-row")).toHaveCount(1);
  // The mix came back with it.
  await expect(ben.page.getByTestId("track-mute")).toHaveAttribute("aria-pressed", "false");
  await expect(ben.page.getByTestId("track-volume")).toHaveAttribute("data-db", "0");
  // The editor (not the owner) can open the history too, and restore the backup to undo the restore.
  await ben.page.getByTestId("history-button").click();
  const benHistory = ben.page.getByTestId("history-dialog");
  await benHistory.getByTestId("history-item").filter({ hasText: "Before restoring “Demo 1”" }).click();
  await expect(benHistory.getByTestId("version-detail").getByTestId("compare-line")).toContainText([
    "Tempo 140 → 100 BPM",
    "2 tracks removed",
  ]);
  await ben.page.keyboard.press("Escape");

  // Ana sees who joined through which link, and makes Ben a viewer: his studio turns read-only at once.
  await owner.page.getByTestId("share-button").click();
  const share = owner.page.getByTestId("share-dialog");
  const benRow = share.getByTestId("member-row").filter({ hasText: "Ben" });
  await expect(benRow).toContainText("Ben (guitar)");
  await expect(
    share.getByTestId("share-link-row").filter({ hasText: "Ben (guitar)" }).getByTestId("share-link-members"),
  ).toHaveText("1");
  await owner.page.screenshot({ path: "test-results/review-versions-share.png" });
  await benRow.getByTestId("member-role-select").selectOption("view");
  await expect(benRow).toHaveAttribute("data-role", "view");
  await expect(ben.page.getByTestId("readonly-banner")).toBeVisible();
  await expect(ben.page.getByTestId("add-track")).toBeDisabled();
  await ben.page.getByTestId("history-button").click();
  await expect(ben.page.getByTestId("history-dialog").getByTestId("version-save")).toHaveCount(0);
  await ben.page.keyboard.press("Escape");

  // After a reload Ben is still a viewer (the override is stored, keyed by his browser's member secret).
  await ben.page.reload();
  await expect(ben.page.getByTestId("studio")).toBeVisible();
  await expect(ben.page.getByTestId("readonly-banner")).toBeVisible();
  await expect(ben.page.getByTestId("track-row")).toHaveCount(1);

  for (const u of [owner, ben]) await u.context.close();
});
