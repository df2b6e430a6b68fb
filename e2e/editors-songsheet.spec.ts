import { expect, test, type Page } from "@playwright/test";
import { createShareLink, joinWithLink, newUser, startSession } from "./helpers";

// Several people, each in their own browser context: more than the default minute.
test.describe.configure({ timeout: 150_000 });

/** Opens the "Lyrics & chords" side panel (toggled from the arrangement toolbar). */
async function openSongSheet(page: Page) {
  const panel = page.getByTestId("song-sheet-panel");
  if (!(await panel.isVisible())) await page.getByTestId("songsheet-toggle").click();
  await expect(panel).toBeVisible();
  return panel;
}

async function addSection(page: Page, name: string) {
  await page.getByTestId("add-section").click();
  await page.locator(`[data-testid="add-section-option"][data-name="${name}"]`).click();
}

test("song sheet: two bandmates type lyrics at once, see each other's carets, and unknown chords are flagged", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  await startSession(ana.page, "Lyrics night", "Ana");
  const editUrl = await createShareLink(ana.page, "edit", "Ben");
  const viewUrl = await createShareLink(ana.page, "view", "Manager");
  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");

  // Empty state before there are sections.
  const anaPanel = await openSongSheet(ana.page);
  await expect(anaPanel.getByTestId("song-sheet-empty")).toContainText(
    "Add sections on the timeline to write lyrics and chords",
  );

  // A section added on the timeline appears in both sheets, in timeline order.
  await addSection(ana.page, "Verse");
  const benPanel = await openSongSheet(ben.page);
  await expect(anaPanel.getByTestId("song-sheet-section")).toHaveCount(1);
  await expect(benPanel.getByTestId("song-sheet-section")).toHaveCount(1);
  await expect(benPanel.getByTestId("song-sheet-section-name")).toHaveText("Verse");
  await expect(benPanel.getByTestId("song-sheet-section-bars")).toContainText("Bars 1–");

  const anaLyrics = anaPanel.getByTestId("section-lyrics-input").first();
  const benLyrics = benPanel.getByTestId("section-lyrics-input").first();
  await expect(anaLyrics).toBeEditable();

  // Ana writes two lines; Ben gets them.
  await anaLyrics.click();
  await ana.page.keyboard.type("Headlights on the interstate");
  await ana.page.keyboard.press("Enter");
  await ana.page.keyboard.type("Singing every word");
  await expect(benLyrics).toHaveValue("Headlights on the interstate\nSinging every word");

  // Ben's caret shows up in Ana's sheet, in his colour and with his name.
  await benLyrics.click();
  await ben.page.keyboard.press("Control+End");
  await expect(anaPanel.locator('[data-testid="remote-caret"][data-name="Ben"]')).toBeVisible();

  // Both type at the same time: Ana at the start of line one, Ben at the end of line two.
  await anaLyrics.click();
  await ana.page.keyboard.press("Control+Home");
  await Promise.all([
    ana.page.keyboard.type("Oh, ", { delay: 40 }),
    ben.page.keyboard.type(" too late", { delay: 40 }),
  ]);
  const merged = "Oh, Headlights on the interstate\nSinging every word too late";
  await expect(anaLyrics).toHaveValue(merged);
  await expect(benLyrics).toHaveValue(merged);
  // Each kept their caret through the other's typing: one more key lands where each of them was.
  await Promise.all([ana.page.keyboard.type("yeah, "), ben.page.keyboard.type(".")]);
  const final = "Oh, yeah, Headlights on the interstate\nSinging every word too late.";
  await expect(anaLyrics).toHaveValue(final);
  await expect(benLyrics).toHaveValue(final);
  await expect(benPanel.locator('[data-testid="remote-caret"][data-name="Ana"]')).toBeVisible();
  await expect(anaPanel.locator('[data-testid="remote-caret"][data-name="Ben"]')).toBeVisible();

  // Chords: valid symbols become chips, an unknown one is underlined with a tooltip.
  const anaChords = anaPanel.getByTestId("section-chords-input").first();
  await anaChords.click();
  await ana.page.keyboard.type("G  D/F#  Hm7  Cadd9");
  for (const panel of [anaPanel, benPanel]) {
    await expect(panel.getByTestId("chord-chip")).toHaveCount(3);
    await expect(panel.getByTestId("chord-invalid")).toHaveCount(1);
    await expect(panel.getByTestId("chord-invalid")).toHaveAttribute("data-symbol", "Hm7");
    await expect(panel.getByTestId("song-sheet-unknown-chords")).toHaveText("1 unknown chord");
  }
  const bad = await benPanel.getByTestId("chord-invalid").boundingBox();
  expect(bad).not.toBeNull();
  await ben.page.mouse.move(bad!.x + bad!.width / 2, bad!.y + bad!.height / 2);
  await expect(ben.page.getByTestId("chord-tooltip")).toHaveText("Unknown chord");

  // Ben fixes it; the flag goes away for both.
  const benChords = benPanel.getByTestId("section-chords-input").first();
  await benChords.click();
  await benChords.evaluate((el: HTMLTextAreaElement) => {
    const i = el.value.indexOf("Hm7");
    el.setSelectionRange(i, i + 3);
  });
  await ben.page.keyboard.type("Bm7");
  await expect(benPanel.getByTestId("chord-invalid")).toHaveCount(0);
  await expect(anaPanel.getByTestId("chord-invalid")).toHaveCount(0);
  await expect(anaPanel.getByTestId("section-chords-input").first()).toHaveValue("G  D/F#  Bm7  Cadd9");

  // The key at the top: Ben changes it, Ana sees it.
  await benPanel.getByTestId("song-sheet-key-tonic").selectOption("G");
  await expect(anaPanel.getByTestId("song-sheet-key")).toHaveAttribute("data-value", "G major");

  // A viewer reads along but cannot type; remote carets still show.
  const viewer = await newUser(browser);
  await joinWithLink(viewer.page, viewUrl, "Mia");
  const viewerPanel = await openSongSheet(viewer.page);
  const viewerLyrics = viewerPanel.getByTestId("section-lyrics-input").first();
  await expect(viewerLyrics).toHaveValue(final);
  await expect(viewerLyrics).toHaveAttribute("readonly", "");
  await expect(viewerPanel.getByTestId("song-sheet-key-tonic")).toHaveCount(0);
  await viewerLyrics.click();
  await viewer.page.keyboard.type("nope");
  await expect(viewerLyrics).toHaveValue(final);

  // A second section: typing in one section's text never touches the other's.
  await addSection(ana.page, "Chorus");
  await expect(benPanel.getByTestId("song-sheet-section")).toHaveCount(2);
  const chorus = benPanel.locator('[data-testid="song-sheet-section"][data-name="Chorus"]');
  await chorus.getByTestId("section-lyrics-input").click();
  await ben.page.keyboard.type("So turn it up, turn it up");
  await chorus.getByTestId("section-chords-input").click();
  await ben.page.keyboard.type("C  G  Em  D | C  G  D");
  const anaChorus = anaPanel.locator('[data-testid="song-sheet-section"][data-name="Chorus"]');
  await expect(anaChorus.getByTestId("section-lyrics-input")).toHaveValue("So turn it up, turn it up");
  await expect(anaChorus.getByTestId("chord-chip")).toHaveCount(7);
  await expect(
    anaPanel.locator('[data-testid="song-sheet-section"][data-name="Verse"]').getByTestId("section-lyrics-input"),
  ).toHaveValue(final);

  await ben.page.getByTestId("song-sheet-panel").screenshot({ path: "test-results/editors-songsheet.png" });
  await ben.page.screenshot({ path: "test-results/editors-songsheet-studio.png" });
  for (const u of [ana, ben, viewer]) await u.context.close();
});
