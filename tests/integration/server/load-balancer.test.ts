import { io as ioClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "@bandspace/protocol";
import { setSongTitle } from "@bandspace/model";
import { startLoadBalancer, type LoadBalancer } from "../../../scripts/cluster/load-balancer";
import { testDatabase, type TestDatabase } from "../../helpers/database";
import { createSession, startTestServer, type TestServer } from "../../helpers/server";
import { newTakeId, request, type TakeSocket } from "../../helpers/take-client";
import { connectYClient, waitFor } from "../../helpers/yjs-client";

/**
 * The demo's balancer (scripts/cluster/load-balancer.ts) in front of two real nodes on one database: HTTP
 * round-robin with bodies, WebSocket upgrades both ways, socket.io long-polling kept on the node that owns its
 * session, and failover when a node stops.
 */
describe("load balancer in front of two nodes", () => {
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let lb: LoadBalancer;

  beforeAll(async () => {
    db = await testDatabase();
    a = await startTestServer({}, db, { nodeId: "node-a" });
    b = await startTestServer({}, db, { nodeId: "node-b" });
    lb = await startLoadBalancer({ backends: [a.url, b.url], healthIntervalMs: 200 });
  });
  afterAll(async () => {
    await lb?.close();
    await a?.stop();
    await b?.stop();
    await db?.cleanup();
  });

  it("forwards HTTP requests round-robin, with their bodies and answers", async () => {
    const nodes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(lb.url + "/healthz");
      expect(res.status).toBe(200);
      nodes.push(((await res.json()) as { node: string }).node);
    }
    expect(new Set(nodes)).toEqual(new Set(["node-a", "node-b"]));
    expect(nodes[0]).not.toBe(nodes[1]);
    // A POST with a JSON body, and its 201 with the body, through the balancer.
    const session = await createSession(lb.url, "Through the balancer");
    expect(session.sessionId).toMatch(/^[0-9a-z]{16}$/);
    expect(lb.backends().every((x) => x.requests > 0)).toBe(true);
  });

  it("forwards WebSocket upgrades: a Yjs client syncs and its edit is acknowledged through the balancer", async () => {
    const session = await createSession(lb.url);
    const before = lb.backends().reduce((n, x) => n + x.upgrades, 0);
    const client = connectYClient({ baseUrl: lb.url, sessionId: session.sessionId, token: session.ownerToken });
    try {
      await client.synced();
      setSongTitle(client.doc, "Over the proxy", { kind: "user", userId: "t" });
      await client.acknowledged(10_000);
      expect(lb.backends().reduce((n, x) => n + x.upgrades, 0)).toBe(before + 1);
      expect(lb.backends().reduce((n, x) => n + x.openUpgrades, 0)).toBe(1);
    } finally {
      client.destroy();
    }
    // Counted open only while it is: tests find "the node holding this client" by it.
    await waitFor(() => lb.backends().every((b) => b.openUpgrades === 0), 10_000, "the upgrade closed");
  });

  it("keeps socket.io long-polling on the node that owns its session, then upgrades to a WebSocket", async () => {
    const session = await createSession(lb.url);
    // The studio's client: long-polling first, then the upgrade (socket.io's default transports).
    const socket: Socket = ioClient(lb.url, {
      path: "/socket.io",
      transports: ["polling", "websocket"],
      reconnection: false,
    });
    const errors: string[] = [];
    socket.on("connect_error", (e) => errors.push(String(e)));
    try {
      const hello = new Promise((resolve) => socket.once("hello", resolve));
      socket.emit("hello", {
        protocolVersion: PROTOCOL_VERSION,
        sessionId: session.sessionId,
        token: session.ownerToken,
      });
      await hello;
      // Round trips on one session: a polling request reaching the other node would be refused (400, unknown sid).
      for (let i = 0; i < 3; i++) {
        const reply = await request(socket as TakeSocket, "take:abort", { takeId: newTakeId() });
        expect(reply.error?.code).toBe("TAKE_NOT_FOUND");
      }
      await waitFor(() => socket.io.engine.transport.name === "websocket", 10_000, "upgrade to websocket");
      const reply = await request(socket as TakeSocket, "take:abort", { takeId: newTakeId() });
      expect(reply.error?.code).toBe("TAKE_NOT_FOUND");
      expect(socket.connected).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      socket.close();
    }
  });

  it("takes a stopped node out: every request is answered by the other one", async () => {
    await a.stop();
    const nodes = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const res = await fetch(lb.url + "/healthz");
      expect(res.status).toBe(200);
      nodes.add(((await res.json()) as { node: string }).node);
    }
    expect([...nodes]).toEqual(["node-b"]);
    await waitFor(() => lb.backends().find((x) => x.url === a.url)?.up === false, 5000, "node-a marked down");
  });
  it("closes while a WebSocket is still open through it (an open tab does not keep it running)", async () => {
    const own = await startLoadBalancer({ backends: [b.url], healthIntervalMs: 200 });
    const session = await createSession(own.url);
    const client = connectYClient({ baseUrl: own.url, sessionId: session.sessionId, token: session.ownerToken });
    try {
      await client.synced();
      const closed = own.close().then(() => "closed" as const);
      const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 5000).unref());
      expect(await Promise.race([closed, timeout])).toBe("closed");
    } finally {
      client.destroy();
    }
  });
});
