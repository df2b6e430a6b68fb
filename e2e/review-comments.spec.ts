import { expect, test, type Page } from "@playwright/test";
import { addMidiClip, addTrack, getClip, readLoopRange, type Origin } from "@bandspace/model";
import {
  clipPoint,
  createShareLink,
  dragTicks,
  joinWithLink,
  laneY,
  newUser,
  openSongDoc,
  startSession,
  tickToClientX,
} from "./helpers";

const BAR = 3840;
const SEED: Origin = { kind: "user", userId: "e2e-seed" };
const XSS = '<img src=x onerror="window.__xss=1">';

const lanePin = (page: Page) => page.getByTestId("lane-comment-pin");
const rulerPin = (page: Page) => page.getByTestId("ruler-comment-pin");
const thread = (page: Page) => page.getByTestId("comment-thread");

// Three browsers, one playing audio, on a busy 2-core machine: give the whole scenario room.
test.setTimeout(6 * 60_000);

async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

test("review: a producer pins a comment to a clip, the editor moves the clip (the pin follows), replies and resolves; a viewer sees it all and can do none of it", async ({
  browser,
}) => {
  // ── three people: the editor (owner), a producer with a comment link, a viewer ──
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Review", "Ana");
  const commentUrl = await createShareLink(ana.page, "comment", "Producer");
  const viewUrl = await createShareLink(ana.page, "view", "Label");
  const replica = await openSongDoc(ana.page, sessionId);
  const track = addTrack(replica.doc, { kind: "instrument", name: "Drums" }, SEED);
  const clip = addMidiClip(
    replica.doc,
    { trackId: track.id, startTick: 4 * BAR, lengthTicks: 2 * BAR, name: "Groove" },
    SEED,
  );
  await expect(ana.page.locator(`[data-testid="clip"][data-clip-id="${clip.id}"]`)).toBeVisible();

  const mia = await newUser(browser);
  await joinWithLink(mia.page, commentUrl, "Mia");
  const vic = await newUser(browser);
  await joinWithLink(vic.page, viewUrl, "Vic");
  const miaClip = mia.page.locator(`[data-testid="clip"][data-clip-id="${clip.id}"]`);
  await expect(miaClip).toBeVisible();

  // ── the producer listens: play, loop, pause — nothing in the arrangement changes ──
  const loopBefore = readLoopRange(replica.doc);
  await mia.page.getByTestId("transport-play").click();
  await expect(mia.page.getByTestId("transport-play")).toHaveAttribute("aria-pressed", "true");
  await mia.page.getByTestId("transport-loop").click();
  await expect(mia.page.getByTestId("transport-loop")).toHaveAttribute("aria-pressed", "true");
  await mia.page.getByTestId("transport-play").click();
  await expect(mia.page.getByTestId("transport-play")).toHaveAttribute("aria-pressed", "false");
  // Dragging a clip as a commenter only previews: no write reaches anyone.
  await dragTicks(mia.page, await laneY(mia.page, 0), 5 * BAR, 6 * BAR);
  await expect(miaClip).toHaveAttribute("data-start-tick", String(4 * BAR));
  expect(getClip(replica.doc, clip.id)!.startTick).toBe(4 * BAR);
  expect(readLoopRange(replica.doc)).toEqual(loopBefore);

  // ── the producer comments on the clip from its context menu ──
  const p = await clipPoint(mia.page, clip.id);
  await mia.page.mouse.click(p.x, p.y, { button: "right" });
  await mia.page.getByTestId("clip-menu-comment").click();
  const composer = mia.page.getByTestId("comment-composer");
  await expect(composer).toBeVisible();
  await expect(mia.page.getByTestId("comment-composer-where")).toContainText("5.1.1 – 7.1.1");
  await expect(mia.page.getByTestId("comment-composer-where")).toContainText("Drums · Groove");
  // An empty comment is refused with a clear message; so is one over the limit.
  await mia.page.getByTestId("comment-post").click();
  await expect(mia.page.getByTestId("comment-error")).toHaveText("Write something before posting the comment.");
  await mia.page.getByTestId("comment-input").fill("x".repeat(2001));
  await mia.page.getByTestId("comment-post").click();
  await expect(mia.page.getByTestId("comment-error")).toContainText("at most 2000 characters");
  // Markup is text; @An autocompletes Ana from presence.
  const input = mia.page.getByTestId("comment-input");
  await input.fill("");
  await input.pressSequentially(`${XSS} kick drifts late here @An`);
  await expect(mia.page.getByTestId("mention-options")).toContainText("Ana");
  await input.press("Enter");
  await expect(input).toHaveValue(`${XSS} kick drifts late here @Ana `);
  await input.press("Control+Enter");
  await expect(composer).toBeHidden();
  await expect(thread(mia.page)).toHaveCount(1);
  const commentId = (await thread(mia.page).getAttribute("data-comment-id"))!;

  // Pins on the ruler and in the clip's lane, at the clip's start, for all three.
  for (const page of [mia.page, ana.page, vic.page]) {
    await expect(lanePin(page)).toHaveAttribute("data-start-tick", String(4 * BAR));
    await expect(lanePin(page)).toHaveAttribute("data-track-id", track.id);
    await expect(rulerPin(page)).toHaveAttribute("data-comment-id", commentId);
  }

  // ── the editor was away from the panel: an unread count ──
  await expect(ana.page.getByTestId("comments-unread")).toHaveText("1");
  await expect(vic.page.getByTestId("comments-unread")).toHaveText("1");

  // ── the editor moves the clip two bars later: the pin follows ──
  await dragTicks(ana.page, await laneY(ana.page, 0), 5 * BAR, 7 * BAR);
  await expect(ana.page.locator(`[data-testid="clip"][data-clip-id="${clip.id}"]`)).toHaveAttribute(
    "data-start-tick",
    String(6 * BAR),
  );
  for (const page of [ana.page, mia.page, vic.page]) {
    await expect(lanePin(page)).toHaveAttribute("data-start-tick", String(6 * BAR));
    await expect(rulerPin(page)).toHaveAttribute("data-start-tick", String(6 * BAR));
    await expect(rulerPin(page)).toHaveAttribute("data-end-tick", String(8 * BAR));
  }
  const pinX = Number((await lanePin(ana.page).boundingBox())!.x) + 7; // the head is centred on the tick
  expect(Math.abs(pinX - (await tickToClientX(ana.page, 6 * BAR)))).toBeLessThan(3);

  // ── the editor opens the panel (unread clears), clicks the comment: playback from a bar before ──
  await ana.page.getByTestId("comments-toggle").click();
  await expect(ana.page.getByTestId("comments-unread")).toHaveCount(0);
  await expect(ana.page.getByTestId("comment-where")).toHaveText("7.1.1 – 9.1.1");
  // Record every position the display shows from the click on (the machine may be slow to report "playing").
  await ana.page.evaluate(() => {
    const el = document.querySelector('[data-testid="transport-bbt"]')!;
    const seen: string[] = ((window as unknown as { __bbt: string[] }).__bbt = []);
    new MutationObserver(() => seen.push(el.textContent ?? "")).observe(el, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await ana.page.getByTestId("comment-jump").click();
  await expect(ana.page.getByTestId("transport-play")).toHaveAttribute("aria-pressed", "true");
  await expect
    .poll(() => ana.page.evaluate(() => (window as unknown as { __bbt: string[] }).__bbt.length))
    .toBeGreaterThan(2);
  const shown = await ana.page.evaluate(() => (window as unknown as { __bbt: string[] }).__bbt);
  expect(shown[0]).toBe("6.1.1"); // one bar before the comment at 7.1.1
  expect(shown.every((b) => Number(b.split(".")[0]) >= 6)).toBe(true);
  await ana.page.getByTestId("transport-play").click();

  // The text shows literally; no element was created from it.
  const text = ana.page.getByTestId("comment-text");
  await expect(text).toContainText(`${XSS} kick drifts late here @Ana`);
  await expect(text.locator("span", { hasText: "@Ana" })).toBeVisible();
  expect(await ana.page.getByTestId("comments-panel").locator("img").count()).toBe(0);

  // ── the editor replies with a mention, reacts and resolves ──
  const reply = ana.page.getByTestId("reply-input");
  await reply.pressSequentially("Nudged it, listen again @Mi");
  await expect(ana.page.getByTestId("mention-options")).toContainText("Mia");
  await reply.press("Tab");
  await ana.page.getByTestId("reply-send").click();
  await expect(ana.page.getByTestId("comment-reply-text")).toHaveText("Nudged it, listen again @Mia");
  await ana.page.getByTestId("reaction-add").first().click();
  await ana.page.getByTestId("reaction-choice-fire").click();
  await ana.page.getByTestId("comment-resolve").click();
  await expect(ana.page.getByTestId("comment-resolved-by")).toContainText("Resolved by Ana");
  await expect(ana.page.getByTestId("comment-thread")).toHaveAttribute("data-resolved", "true");

  // ── the producer sees the reply and the resolve live, and can reopen ──
  await mia.page.getByTestId("comments-filter-all").click();
  await mia.page.getByTestId("comment-jump").click();
  await expect(mia.page.getByTestId("comment-reply-text")).toHaveText("Nudged it, listen again @Mia");
  await expect(thread(mia.page)).toHaveAttribute("data-resolved", "true");
  await expect(mia.page.getByTestId("reaction-fire")).toHaveText(/🔥 1/);
  await expect(mia.page.getByTestId("comments-filter-open")).toHaveText("Open 0");
  await expect(mia.page.getByTestId("comments-filter-resolved")).toHaveText("Resolved 1");
  await expect(mia.page.getByTestId("comments-filter-mine")).toHaveText("Mine 1");
  await mia.page.getByTestId("comments-filter-resolved").click();
  await expect(thread(mia.page)).toHaveCount(1);

  // ── the viewer sees everything and can change nothing ──
  await vic.page.getByTestId("comments-toggle").click();
  await expect(vic.page.getByTestId("comments-readonly")).toBeVisible();
  await expect(vic.page.getByTestId("comment-at-playhead")).toHaveCount(0);
  await vic.page.getByTestId("comments-filter-all").click();
  await vic.page.getByTestId("comment-jump").click();
  await expect(vic.page.getByTestId("comment-text")).toContainText(XSS);
  await expect(vic.page.getByTestId("comment-reply-text")).toHaveText("Nudged it, listen again @Mia");
  await expect(thread(vic.page)).toHaveAttribute("data-resolved", "true");
  await expect(vic.page.getByTestId("comment-resolved-by")).toContainText("Ana");
  await expect(vic.page.getByTestId("reply-input")).toHaveCount(0);
  await expect(vic.page.getByTestId("comment-resolve")).toHaveCount(0);
  await expect(vic.page.getByTestId("comment-reopen")).toHaveCount(0);
  await expect(vic.page.getByTestId("reaction-fire")).toBeDisabled();
  await expect(vic.page.getByTestId("reaction-add")).toHaveCount(0);
  // The viewer plays from the comment too (playback is for every role).
  await expect(vic.page.getByTestId("transport-play")).toHaveAttribute("aria-pressed", "true");
  await vic.page.getByTestId("transport-play").click();
  // C opens the panel but no composer; the clip menu's "Add comment" is disabled.
  await blur(vic.page);
  await vic.page.keyboard.press("c");
  await expect(vic.page.getByTestId("comment-composer")).toHaveCount(0);
  await vic.page.keyboard.press("Home"); // playback paged the view away from the clip
  await expect(lanePin(vic.page)).toBeInViewport();
  // Near the clip's start: with the comments panel open, most of the clip is behind it.
  const vp = await clipPoint(vic.page, clip.id, 0.15);
  await vic.page.mouse.click(vp.x, vp.y, { button: "right" });
  await expect(vic.page.getByTestId("clip-menu-comment")).toBeDisabled();
  await vic.page.keyboard.press("Escape");
  expect(await vic.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await ana.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  // ── the producer reopens; C comments at the playhead ──
  await mia.page.getByTestId("comments-filter-all").click();
  await mia.page.getByTestId("comment-reopen").click();
  await expect(thread(ana.page)).toHaveAttribute("data-resolved", "false");
  await blur(mia.page);
  await mia.page.keyboard.press("c");
  await expect(mia.page.getByTestId("comment-composer")).toBeVisible();
  await mia.page.getByTestId("comment-input").fill("Love this section");
  await mia.page.getByTestId("comment-post").click();
  await expect(thread(ana.page)).toHaveCount(2);
  await expect(rulerPin(vic.page)).toHaveCount(2);
  // Authors edit their own words; everyone sees "edited".
  const second = mia.page.locator('[data-testid="comment-thread"]', { hasText: "Love this section" });
  await second.getByTestId("comment-edit").click();
  await mia.page.getByTestId("comment-edit-input").fill("Love this section, keep the fill");
  await mia.page.getByTestId("comment-edit-save").click();
  await expect(ana.page.locator('[data-testid="comment-thread"]', { hasText: "keep the fill" })).toContainText(
    "edited",
  );
  // Nobody edits someone else's words: Ana may edit only her reply, not Mia's comments.
  await expect(ana.page.getByTestId("comment-message").getByTestId("comment-edit")).toHaveCount(0);
  await expect(ana.page.getByTestId("comment-reply-message").getByTestId("comment-edit")).toHaveCount(1);

  // Nothing the producer or viewer did changed the arrangement.
  expect(getClip(replica.doc, clip.id)).toMatchObject({ startTick: 6 * BAR, trackId: track.id });
  expect(readLoopRange(replica.doc)).toEqual(loopBefore);

  await ana.page.getByTestId("comments-filter-all").click();
  await ana.page
    .locator(`[data-testid="comment-thread"][data-comment-id="${commentId}"] [data-testid="comment-jump"]`)
    .click();
  await ana.page.getByTestId("transport-play").click();
  await ana.page.screenshot({ path: "test-results/review-comments.png" });

  replica.close();
  for (const u of [ana, mia, vic]) await u.context.close();
});
