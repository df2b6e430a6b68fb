import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTempo } from "@bandspace/model";
import type { RestoreResult, VersionList, VersionView } from "@bandspace/protocol";
import { startBandspaceServer, type BandspaceServer } from "../../../server/app";
import { clusterServices, uniqueRedisPrefix } from "../../helpers/cluster";
import { testPostgresDatabase, type TestDatabase } from "../../helpers/database";
import { api, createSession } from "../../helpers/server";
import { connectYClient, waitFor, type TestYClient } from "../../helpers/yjs-client";

const services = await clusterServices();
if ("reason" in services) console.warn(`skipping the versions-across-nodes tests: ${services.reason}`);

const USER = { kind: "user", userId: "test" } as const;

/**
 * Two nodes in this test process (distinct node ids) on one PostgreSQL database and one Redis: autosave
 * checkpoints are taken once per interval across nodes, and a restore on one node is live on the other.
 */
describe.skipIf("reason" in services)("versions across nodes (PostgreSQL + Redis)", () => {
  let database: TestDatabase;
  const nodes: BandspaceServer[] = [];
  const clients: TestYClient[] = [];
  const client = (node: BandspaceServer, sessionId: string, token: string) => {
    const c = connectYClient({ baseUrl: node.url, sessionId, token });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    if ("reason" in services) return;
    database = await testPostgresDatabase(services.postgresUrl);
    const prefix = uniqueRedisPrefix();
    for (const id of ["v1", "v2"]) {
      nodes.push(
        await startBandspaceServer(
          {
            port: 0,
            host: "127.0.0.1",
            dataDir: database.dataDir,
            databaseUrl: database.url,
            withNext: false,
            dev: false,
            redisUrl: services.redisUrl,
            redisPrefix: prefix,
            nodeId: `${prefix}-${id}`,
          },
          { idleUnloadMs: 200, checkpointIntervalMs: 600 },
        ),
      );
    }
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const n of nodes) await n.close();
    await database?.cleanup();
  });

  it("one autosave checkpoint per interval, although both nodes saw the edit", async () => {
    const session = await createSession(nodes[0].url);
    const base = `/api/sessions/${session.sessionId}`;
    const a = client(nodes[0], session.sessionId, session.ownerToken);
    const b = client(nodes[1], session.sessionId, session.ownerToken);
    await Promise.all([a.synced(), b.synced()]);
    setTempo(a.doc, 101, USER);
    await a.acknowledged();
    await waitFor(() => b.doc.getMap("song").get("tempoBpm") === 101, 5000, "the edit on node 2");
    let list: VersionList = { versions: [] };
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && list.versions.length === 0) {
      list = (await api<VersionList>(nodes[1].url, "GET", `${base}/versions`, { token: session.ownerToken })).body;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Well past both nodes' timers: still one.
    await new Promise((r) => setTimeout(r, 1200));
    list = (await api<VersionList>(nodes[0].url, "GET", `${base}/versions`, { token: session.ownerToken })).body;
    expect(list.versions.map((v) => [v.kind, v.name])).toEqual([["checkpoint", "Autosave"]]);
  });

  it("a restore on one node is live for the clients of the other", async () => {
    const session = await createSession(nodes[0].url);
    const base = `/api/sessions/${session.sessionId}`;
    const a = client(nodes[0], session.sessionId, session.ownerToken);
    const b = client(nodes[1], session.sessionId, session.ownerToken);
    await Promise.all([a.synced(), b.synced()]);
    setTempo(a.doc, 90, USER);
    await a.acknowledged();
    const saved = await api<VersionView>(nodes[0].url, "POST", `${base}/versions`, {
      token: session.ownerToken,
      body: { name: "Slow" },
    });
    expect(saved.status).toBe(201);
    setTempo(a.doc, 160, USER);
    await a.acknowledged();
    await waitFor(() => b.doc.getMap("song").get("tempoBpm") === 160, 5000, "the second edit on node 2");

    const restored = await api<RestoreResult>(nodes[1].url, "POST", `${base}/versions/${saved.body.id}/restore`, {
      token: session.ownerToken,
      body: {},
    });
    expect(restored.status).toBe(200);
    await waitFor(() => a.doc.getMap("song").get("tempoBpm") === 90, 5000, "the restore on node 1's client");
    expect(b.doc.getMap("song").get("tempoBpm")).toBe(90);
  });
});
