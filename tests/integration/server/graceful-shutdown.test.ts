import * as Y from "yjs";
import { afterAll, describe, expect, it } from "vitest";
import { addTrack, listTracks } from "@bandspace/model";
import { YCloseCode, yjsRoomName } from "@bandspace/protocol";
import { startLoadBalancer, type LoadBalancer } from "../../../scripts/cluster/load-balancer";
import { openDatabase } from "../../../server/db/open";
import { testDatabase, type TestDatabase } from "../../helpers/database";
import { createSession } from "../../helpers/server";
import { spawnServer, type ServerProcess } from "../../helpers/server-process";
import { connectYClient, sleep, waitFor, type TestYClient } from "../../helpers/yjs-client";

const USER = { kind: "user", userId: "drummer" } as const;
const EDITS = 40;

/**
 * SIGTERM to the node a client is editing on, with a second node behind the balancer: the node drains (1012 to its
 * Yjs clients), flushes and exits 0; the client reconnects through the balancer to the other node and resends what
 * was not stored; every edit ends up in the database.
 */
describe("graceful shutdown on SIGTERM", () => {
  let db: TestDatabase;
  const nodes: ServerProcess[] = [];
  let lb: LoadBalancer | undefined;
  let client: TestYClient | undefined;

  afterAll(async () => {
    client?.destroy();
    await lb?.close();
    for (const n of nodes) await n.kill9();
    await db?.cleanup();
  });

  it("a client mid-edit moves to the other node, nothing is lost, and the node exits 0", async () => {
    db = await testDatabase();
    for (const id of ["node-a", "node-b"]) {
      nodes.push(
        await spawnServer({
          dataDir: db.dataDir,
          databaseUrl: db.url,
          env: { BANDSPACE_NODE_ID: id, BANDSPACE_LOG: "1" },
        }),
      );
    }
    lb = await startLoadBalancer({ backends: nodes.map((n) => n.url), healthIntervalMs: 200 });
    const session = await createSession(lb.url);
    client = connectYClient({ baseUrl: lb.url, sessionId: session.sessionId, token: session.ownerToken });
    const closeCodes: number[] = [];
    client.provider.on("connection-close", (event) => {
      if (event) closeCodes.push(event.code);
    });
    await client.synced();
    const victim = nodes.find((n) => lb!.backends().find((b) => b.url === n.url)!.upgrades === 1)!;
    const survivor = nodes.find((n) => n !== victim)!;
    const exit = new Promise<number | null>((resolve) => victim.child.once("exit", (code) => resolve(code)));

    // Edits every 20 ms; the SIGTERM lands in the middle of them, and editing goes on while the client reconnects.
    for (let i = 0; i < EDITS; i++) {
      addTrack(client.doc, { name: `Part ${i + 1}`, kind: "instrument" }, USER);
      if (i === 10) victim.child.kill("SIGTERM");
      await sleep(20);
    }

    expect(await exit).toBe(0);
    expect(victim.output()).toMatch(/shut down cleanly/);
    expect(closeCodes).toContain(YCloseCode.shuttingDown);

    // Back on the other node, with everything acknowledged there.
    await waitFor(() => client!.provider.wsconnected, 20_000, "reconnect through the balancer");
    await client.synced();
    await client.acknowledged(30_000);
    expect(lb.backends().find((b) => b.url === survivor.url)!.upgrades).toBeGreaterThanOrEqual(1);

    // The database holds every edit: read it directly, as a restarted cluster would.
    const stored = await openDatabase({ databaseUrl: db.url, dataDir: db.dataDir, migrate: false });
    try {
      const doc = new Y.Doc();
      const { snapshot, updates } = await stored.docs.load(yjsRoomName(session.sessionId, "song"));
      for (const u of [snapshot, ...updates]) if (u) Y.applyUpdate(doc, u);
      const names = listTracks(doc).map((t) => t.name);
      expect(names).toHaveLength(EDITS);
      expect(new Set(names)).toEqual(new Set(Array.from({ length: EDITS }, (_, i) => `Part ${i + 1}`)));
    } finally {
      await stored.close();
    }
  });
});
