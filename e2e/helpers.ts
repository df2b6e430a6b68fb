import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

/** Each user is a separate browser context: own localStorage, own connections (no BroadcastChannel shortcut). */
export async function newUser(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  return { context, page };
}

/** Creates a session from the landing page and names the owner; returns the session id. */
export async function startSession(page: Page, sessionName: string, displayName: string): Promise<string> {
  await page.goto("/");
  await page.getByTestId("session-name-input").fill(sessionName);
  await page.getByTestId("session-name-input").press("Enter");
  await page.waitForURL(/\/s\/[a-z0-9]{16}$/);
  const dialog = page.getByTestId("display-name-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByTestId("display-name-input").fill(displayName);
  await page.getByTestId("display-name-submit").click();
  await expect(page.getByTestId("studio")).toBeVisible();
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** Owner creates a share link with `role` in the Share dialog; returns its /join/ URL. */
export async function createShareLink(page: Page, role: "view" | "comment" | "edit", label: string): Promise<string> {
  await page.getByTestId("share-button").click();
  const dialog = page.getByTestId("share-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByTestId("share-role-select").selectOption(role);
  await dialog.getByTestId("share-label-input").fill(label);
  await dialog.getByTestId("share-create").click();
  const row = dialog.getByTestId("share-link-row").filter({ hasText: label });
  await expect(row).toBeVisible();
  const url = (await row.getByTestId("share-link-url").getAttribute("title")) ?? (await row.getByTestId("share-link-url").innerText());
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  return url;
}

/** A bandmate opens a /join/ link and enters a display name. */
export async function joinWithLink(page: Page, joinUrl: string, displayName: string): Promise<void> {
  await page.goto(joinUrl);
  await expect(page.getByTestId("join-card")).toBeVisible();
  await page.getByTestId("display-name-input").fill(displayName);
  await page.getByTestId("join-button").click();
  await page.waitForURL(/\/s\/[a-z0-9]{16}$/);
  await expect(page.getByTestId("studio")).toBeVisible();
}

/** The presence avatar of the user called `name` (as shown in the top bar). */
export function presenceUser(page: Page, name: string) {
  return page.getByTestId("presence").locator(`[data-testid="presence-user"][data-name="${name}"]`);
}
