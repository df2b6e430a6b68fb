import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import pg from "pg";
import { migrateDatabase } from "../server/db/migrate";
import { startLoadBalancer, type LoadBalancer } from "../scripts/cluster/load-balancer";
import { startS3rver, type LocalService } from "../scripts/cluster/local-services";
import { ensurePostgresDatabase, localPostgresAdminUrl, startNode, type NodeProcess } from "../scripts/cluster/nodes";
import { createShareLink, joinWithLink, presenceUser } from "./helpers";

/**
 * The studio in a real browser on two nodes (issue 21): Ana's page talks to node 1, Ben's to node 2 (their own
 * URLs, so the session really crosses nodes), a viewer comes through the balancer. They see each other's presence
 * and edits live; then node 1 is drained (SIGTERM) mid-session: the viewer behind the balancer keeps following through
 * node 2 and nothing is lost. Everything runs on one PostgreSQL database, Redis and s3rver.
 */
test.setTimeout(5 * 60_000);
const stamp = `${process.pid}_${Date.now().toString(36)}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "bandspace-cluster-e2e-"));
let nodes: NodeProcess[] = [];
let s3: LocalService | null = null;
let balancer: LoadBalancer | null = null;

test.beforeAll(async () => {
  const databaseUrl = await ensurePostgresDatabase(localPostgresAdminUrl(), `bs_cluster_e2e_${stamp}`);
  await migrateDatabase(databaseUrl);
  s3 = await startS3rver({ directory: path.join(dataDir, "s3"), bucket: "takes" });
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0",
    BANDSPACE_REDIS_PREFIX: `bs-e2e-${stamp}`,
    BANDSPACE_TAKE_STORE: "s3",
    S3_ENDPOINT: s3.url,
    S3_BUCKET: "takes",
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
  };
  const quiet = () => {};
  nodes = await Promise.all(
    [1, 2].map((i) =>
      startNode({
        id: `node-${i}`,
        env: { ...env, BANDSPACE_DATA_DIR: path.join(dataDir, `node-${i}`) },
        onLine: quiet,
        startTimeoutMs: 120_000,
      }),
    ),
  );
  balancer = await startLoadBalancer({ backends: nodes.map((n) => n.url), port: 0, host: "127.0.0.1" });
});

test.afterAll(async () => {
  await balancer?.close();
  // A node the test already drained has exited: stop only the running ones.
  await Promise.all(nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null).map((n) => n.stop()));
  await s3?.stop();
  const admin = new pg.Client({ connectionString: localPostgresAdminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "bs_cluster_e2e_${stamp}"`);
  await admin.end();
});

async function userOn(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL });
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  return { context, page };
}

test("two bandmates on two nodes edit and see each other live; a node drains mid-session and nothing is lost", async ({
  browser,
}) => {
  const [node1, node2] = nodes;
  const ana = await userOn(browser, node1.url);
  await ana.page.goto("/");
  await ana.page.getByTestId("session-name-input").fill("Two nodes");
  await ana.page.getByTestId("session-name-input").press("Enter");
  await ana.page.waitForURL(/\/s\/[a-z0-9]{16}$/);
  await ana.page.getByTestId("display-name-input").fill("Ana");
  await ana.page.getByTestId("display-name-submit").click();
  await expect(ana.page.getByTestId("studio")).toBeVisible();
  const editUrl = new URL(await createShareLink(ana.page, "edit", "Ben"));
  const viewUrl = new URL(await createShareLink(ana.page, "view", "Mia"));

  // Ben opens the link on node 2; Mia through the balancer.
  const ben = await userOn(browser, node2.url);
  await joinWithLink(ben.page, `${node2.url}${editUrl.pathname}`, "Ben");
  const mia = await userOn(browser, balancer!.url);
  await joinWithLink(mia.page, `${balancer!.url}${viewUrl.pathname}`, "Mia");

  // Presence crosses nodes both ways.
  await expect(presenceUser(ana.page, "Ben")).toHaveCount(1);
  await expect(presenceUser(ben.page, "Ana")).toHaveCount(1);
  await expect(presenceUser(ben.page, "Mia")).toHaveCount(1);

  // Edits cross nodes both ways, and reach the viewer.
  await ben.page.getByTestId("song-title").click();
  await ben.page.getByTestId("song-title-input").fill("Across the nodes");
  await ben.page.getByTestId("song-title-input").press("Enter");
  await ben.page.getByTestId("add-track").click();
  await ben.page.getByTestId("add-track-audio").click();
  await expect(ana.page.getByTestId("song-title")).toHaveText("Across the nodes");
  await expect(ana.page.getByTestId("track-row")).toHaveCount(1);
  await ana.page.getByTestId("tempo-input").fill("101");
  await ana.page.getByTestId("tempo-input").press("Enter");
  await expect(ben.page.getByTestId("tempo-input")).toHaveValue("101");
  await expect(mia.page.getByTestId("tempo-input")).toHaveValue("101");
  await expect(mia.page.getByTestId("track-row")).toHaveCount(1);
  await expect(ana.page.getByTestId("save-status")).toHaveText(/Saved/);

  // Node 1 drains (SIGTERM): it stores what it holds and exits 0; Ana, whose page was served by node 1 itself, is gone
  // from Ben's presence at once. The viewer came through the balancer: if she was on node 1 she is reconnected to
  // node 2 and keeps following — Ben's next edit reaches her — and a reload through the balancer shows every edit,
  // Ana's last one included (stored by the drain or already saved).
  const exitCode = await node1.stop();
  expect(exitCode).toBe(0);
  await expect(presenceUser(ben.page, "Ana")).toHaveCount(0, { timeout: 15_000 });
  await ben.page.getByTestId("add-track").click();
  await ben.page.getByTestId("add-track-instrument").click();
  await expect(mia.page.getByTestId("track-row")).toHaveCount(2, { timeout: 30_000 });
  await mia.page.reload();
  await expect(mia.page.getByTestId("studio")).toBeVisible();
  await expect(mia.page.getByTestId("song-title")).toHaveText("Across the nodes");
  await expect(mia.page.getByTestId("tempo-input")).toHaveValue("101");
  await expect(mia.page.getByTestId("track-row")).toHaveCount(2);
  await expect(presenceUser(ben.page, "Mia")).toHaveCount(1);

  for (const u of [ana, ben, mia]) await u.context.close();
});
