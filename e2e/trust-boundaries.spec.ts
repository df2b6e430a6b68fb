import path from "node:path";
import { expect, test } from "@playwright/test";
import { listTracks } from "@bandspace/model";
import { YCloseCode } from "@bandspace/protocol";
import { connectRawYClient, updateFrom } from "../tests/helpers/raw-yjs-client";
import { waitFor } from "../tests/helpers/yjs-client";
import { createShareLink, joinWithLink, newUser, openSongDoc, presenceUser, startSession } from "./helpers";

/**
 * Issue #16 in the browser: a comment link speaking raw y-protocols cannot lock the owner out (its
 * schema-version write is refused, its presence injection dropped) and the owner's studio still opens;
 * offline edits survive a reload while the document server is unreachable and are saved when it is back.
 */
test("a commenter's rogue writes are refused and the owner's studio still opens, with the refusals counted", async ({
  browser,
}) => {
  const owner = await newUser(browser);
  const sessionId = await startSession(owner.page, "Trust", "Olive");
  const commentUrl = await createShareLink(owner.page, "comment", "Producer");
  const token = commentUrl.split("/").pop()!;
  const base = new URL(owner.page.url()).origin;
  const secret = "m".repeat(43);
  const joined = await fetch(`${base}/api/sessions/${sessionId}/members/me`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ secret, displayName: "Mallory" }),
  });
  expect(joined.status).toBe(200);

  const at = (doc: "song" | "comments") => ({ baseUrl: base, sessionId, token, member: secret, doc });
  const comments = connectRawYClient(at("comments"));
  const song = connectRawYClient(at("song"));
  await Promise.all([comments.synced(), song.synced()]);
  // The commenter writes a schema version from the future into the comments, as issue #16 reported.
  comments.sendUpdate(updateFrom(comments.doc, (d) => d.getMap("meta").set("schemaVersion", 99)));
  await waitFor(() => comments.refused.length > 0, 10_000, "refusal");
  expect(comments.refused[0].code).toBe("META_FORBIDDEN");

  // …and tries to overwrite the owner's presence (their client id, a higher clock).
  await waitFor(
    () => song.awareness.some((e) => (e.state as { user?: { name?: string } } | null)?.user?.name === "Olive"),
    10_000,
    "owner's presence",
  );
  const victim = song.awareness.find((e) => (e.state as { user?: { name?: string } } | null)?.user?.name === "Olive")!;
  song.sendAwareness([{ clientId: victim.clientId, clock: victim.clock + 100, state: { user: { name: "Pwned" } } }]);
  await owner.page.waitForTimeout(500);
  await expect(presenceUser(owner.page, "Olive")).toHaveCount(1);
  await expect(presenceUser(owner.page, "Pwned")).toHaveCount(0);

  // The owner reloads: the studio opens, nothing is wrong with the documents.
  await owner.page.reload();
  await expect(owner.page.getByTestId("studio")).toBeVisible();
  await expect(owner.page.getByTestId("doc-problem")).toHaveCount(0);
  await expect(presenceUser(owner.page, "Olive")).toHaveCount(1);
  await expect(presenceUser(owner.page, "Mallory")).toHaveCount(0); // raw clients publish no presence of their own

  // The Share dialog tells the owner which link misbehaved.
  await owner.page.getByTestId("share-button").click();
  const row = owner.page.getByTestId("share-link-row").filter({ hasText: "Producer" });
  await expect(row.getByTestId("share-refused")).toHaveText(/[1-9]\d* refused writes? from this link/);
  comments.close();
  song.close();
  expect((await comments.closed).code).not.toBe(YCloseCode.abuse);
});

test("offline edits survive a reload while the server is unreachable, and are saved when it is back", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Offline", "Ana");
  await expect(ana.page.getByTestId("save-status")).toHaveAttribute("data-status", "saved");

  // The document server becomes unreachable (the page itself still loads).
  let offline = true;
  await ana.page.routeWebSocket(/\/yjs\//, (ws) => {
    if (offline) void ws.close();
    else ws.connectToServer();
  });
  await ana.page.reload();
  await expect(ana.page.getByTestId("studio")).toBeVisible();
  await ana.page.getByTestId("add-track").click();
  await ana.page.getByTestId("add-track-audio").click();
  await expect(ana.page.getByTestId("track-row")).toHaveCount(1);
  await expect(ana.page.getByTestId("unsaved-count")).toBeVisible();
  await expect(ana.page.getByTestId("save-status")).toHaveAttribute("data-status", "offline");

  // Reload while still offline: the edit is still here, still waiting.
  await ana.page.reload();
  await expect(ana.page.getByTestId("studio")).toBeVisible();
  await expect(ana.page.getByTestId("track-row")).toHaveCount(1);
  await expect(ana.page.getByTestId("unsaved-count")).toBeVisible();

  // Back online: saved, and a bandmate's replica has it.
  offline = false;
  await expect(ana.page.getByTestId("save-status")).toHaveAttribute("data-status", "saved", { timeout: 30_000 });
  await expect(ana.page.getByTestId("unsaved-count")).toHaveCount(0);
  const replica = await openSongDoc(ana.page, sessionId);
  expect(listTracks(replica.doc)).toHaveLength(1);
  replica.close();
});

test("a comments doc written by a newer version (or damaged) opens read-only with a reason, and a restore repairs it", async ({
  browser,
}) => {
  const base = `http://127.0.0.1:${process.env.E2E_PORT ?? 3217}`;
  const created = await fetch(`${base}/api/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "Locked out" }),
  });
  const { sessionId, ownerToken } = (await created.json()) as { sessionId: string; ownerToken: string };
  // Data from before the server checked writes: a schema version from the future in the comments doc.
  const Y = await import("yjs");
  const { openDatabase } = await import("../server/db/open");
  const db = await openDatabase({
    dataDir: path.resolve(`test-results/e2e-data-${process.env.E2E_PORT ?? 3217}`),
    migrate: false,
  });
  const locked = new Y.Doc();
  locked.getMap("meta").set("schemaVersion", 99);
  await db.docs.append(`${sessionId}/comments`, [Y.encodeStateAsUpdate(locked)]);
  await db.close();
  const saved = await fetch(`${base}/api/sessions/${sessionId}/versions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ownerToken}` },
    body: JSON.stringify({ name: "Before" }),
  });
  const version = (await saved.json()) as { id: string };

  const olive = await newUser(browser);
  await joinWithLink(olive.page, `${base}/join/${ownerToken}`, "Olive");
  await expect(olive.page.getByTestId("studio")).toBeVisible();
  const problem = olive.page.locator('[data-testid="doc-problem"][data-doc="comments"]');
  await expect(problem).toContainText("newer version of Bandspace");
  // The arrangement is still editable; only the comments are held read-only here.
  await olive.page.getByTestId("add-track").click();
  await olive.page.getByTestId("add-track-audio").click();
  await expect(olive.page.getByTestId("track-row")).toHaveCount(1);

  const restored = await fetch(`${base}/api/sessions/${sessionId}/versions/${version.id}/restore`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ownerToken}` },
    body: "{}",
  });
  expect(restored.status).toBe(200);
  await olive.page.reload();
  await expect(olive.page.getByTestId("studio")).toBeVisible();
  await expect(olive.page.getByTestId("doc-problem")).toHaveCount(0);
});
