import * as Y from "yjs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { addTrack, listTracks } from "@bandspace/model";
import { YCloseCode, yjsRoomName } from "@bandspace/protocol";
import { openLiveSocket, type LiveSocket } from "../../../app/lib/collab/liveSocket";
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
 * Yjs clients, a transport close to its socket.io clients), flushes and exits 0; the clients reconnect through the
 * balancer to the other node, the Yjs client resends what was not stored, and every edit ends up in the database.
 */
describe("graceful shutdown on SIGTERM", () => {
  let db: TestDatabase;
  const nodes: ServerProcess[] = [];
  let lb: LoadBalancer | undefined;
  let client: TestYClient | undefined;
  let live: LiveSocket | undefined;

  afterAll(async () => {
    client?.destroy();
    live?.close();
    vi.unstubAllGlobals();
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
    const upgradesOf = (n: ServerProcess) => lb!.backends().find((b) => b.url === n.url)!.upgrades;

    // The studio's socket.io client (long-polling, then its WebSocket), through the balancer: its node is the victim.
    vi.stubGlobal("location", new URL(lb.url));
    const hellos: string[] = [];
    const disconnects: string[] = [];
    live = openLiveSocket(session.sessionId, session.ownerToken, "m".repeat(32), {
      onHello: (reply) => hellos.push(reply.sessionId),
      onError: (e) => disconnects.push(`error ${e.code}`),
      onRoleChanged: () => {},
      onVersion: () => {},
    });
    live.socket.on("disconnect", (reason) => disconnects.push(reason));
    await waitFor(() => live!.ready && live!.socket.io.engine.transport.name === "websocket", 20_000, "socket.io up");
    // Its node is the one with an upgraded connection open (socket.io may have retried its upgrade under load).
    const victim = nodes.find((n) => lb!.backends().find((b) => b.url === n.url)!.openUpgrades === 1)!;
    expect(victim, JSON.stringify(lb.backends())).toBeDefined();
    const survivor = nodes.find((n) => n !== victim)!;

    // A Yjs client on the same node (the balancer is round-robin: reconnect until it lands there).
    const closeCodes: number[] = [];
    for (let attempt = 0; ; attempt++) {
      const before = upgradesOf(victim);
      client = connectYClient({ baseUrl: lb.url, sessionId: session.sessionId, token: session.ownerToken });
      await client.synced();
      if (upgradesOf(victim) > before) break;
      client.destroy();
      if (attempt > 4) throw new Error("the balancer never chose the victim node");
    }
    client.provider.on("connection-close", (event) => {
      if (event) closeCodes.push(event.code);
    });
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
    // socket.io: a transport close (never "io server disconnect", after which a client stays away), then a new
    // hello on the other node.
    await waitFor(() => hellos.length === 2 && live!.ready, 20_000, "socket.io hello on the other node");
    expect(disconnects).toEqual(["transport close"]);

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
