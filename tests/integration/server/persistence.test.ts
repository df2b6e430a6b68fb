import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase, type TestDatabase } from "../../helpers/database";
import { spawnServer, type ServerProcess } from "../../helpers/server-process";
import { connectYClient, type TestYClient } from "../../helpers/yjs-client";
import { createLink, createSession } from "../../helpers/server";

describe("documents and links survive the server process", () => {
  let database: TestDatabase;
  let server: ServerProcess | undefined;
  const clients: TestYClient[] = [];
  beforeAll(async () => {
    database = await testDatabase();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.kill9().catch(() => {});
    await database.cleanup();
  });
  const start = async () => (server = await spawnServer({ dataDir: database.dataDir, databaseUrl: database.url }));

  it("a graceful restart keeps the session, its links and every edit", async () => {
    await start();
    const session = await createSession(server!.url, "Restart me");
    const link = await createLink(server!.url, session, "view");
    const a = connectYClient({ baseUrl: server!.url, sessionId: session.sessionId, token: session.ownerToken });
    clients.push(a);
    await a.synced();
    for (let i = 0; i < 50; i++) a.doc.getMap("sections").set(`s${i}`, `section ${i}`);
    a.doc.getMap("song").set("title", "Survivor");
    await a.acknowledged();
    a.destroy();
    await server!.stop();

    await start();
    const b = connectYClient({ baseUrl: server!.url, sessionId: session.sessionId, token: link.token });
    clients.push(b);
    await b.synced();
    expect(b.doc.getMap("song").get("title")).toBe("Survivor");
    expect(b.doc.getMap("sections").size).toBe(50);
    await server!.stop();
  });

  it("an acknowledged edit survives kill -9 of the server", async () => {
    await start();
    const session = await createSession(server!.url, "Crash me");
    const a = connectYClient({ baseUrl: server!.url, sessionId: session.sessionId, token: session.ownerToken });
    clients.push(a);
    await a.synced();
    a.doc.getMap("song").set("title", "Acknowledged before the crash");
    for (const name of ["drums", "bass", "kazoo"]) a.doc.getMap("sections").set(name, name);
    await a.acknowledged();
    // A deletion changes no state vector: the acknowledgement must still cover it.
    a.doc.getMap("sections").delete("kazoo");
    await a.acknowledged();
    await server!.kill9();
    a.destroy();

    await start();
    const b = connectYClient({ baseUrl: server!.url, sessionId: session.sessionId, token: session.ownerToken });
    clients.push(b);
    await b.synced();
    expect(b.doc.getMap("song").get("title")).toBe("Acknowledged before the crash");
    expect(b.doc.getMap("sections").toJSON()).toEqual({ drums: "drums", bass: "bass" });
    await server!.stop();
  });

  it("edits made while a client was offline merge when it reconnects (across a restart)", async () => {
    await start();
    const session = await createSession(server!.url, "Offline");
    const a = connectYClient({ baseUrl: server!.url, sessionId: session.sessionId, token: session.ownerToken });
    const b = connectYClient({ baseUrl: server!.url, sessionId: session.sessionId, token: session.ownerToken });
    clients.push(a, b);
    await Promise.all([a.synced(), b.synced()]);
    a.doc.getMap("sections").set("shared", "shared");
    await a.acknowledged();
    await new Promise((r) => setTimeout(r, 100));

    b.provider.disconnect();
    b.doc.getMap("sections").set("offline", "written offline");
    b.doc.getMap("song").set("key", "D minor");
    a.doc.getMap("sections").set("online", "written online");
    await a.acknowledged();

    await server!.stop();
    await start();
    // y-websocket keeps the same URL; reconnect both to the restarted server.
    const a2 = connectYClient({
      baseUrl: server!.url,
      sessionId: session.sessionId,
      token: session.ownerToken,
      ydoc: a.doc,
    });
    const b2 = connectYClient({
      baseUrl: server!.url,
      sessionId: session.sessionId,
      token: session.ownerToken,
      ydoc: b.doc,
    });
    a.provider.destroy();
    b.provider.destroy();
    clients.push(a2, b2);
    await Promise.all([a2.synced(), b2.synced()]);
    await b2.acknowledged();
    const expected = ["shared", "written offline", "written online"].sort();
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && (a2.doc.getMap("sections").size < 3 || b2.doc.getMap("sections").size < 3)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect([...a2.doc.getMap<string>("sections").values()].sort()).toEqual(expected);
    expect(a2.doc.getMap("sections").toJSON()).toEqual(b2.doc.getMap("sections").toJSON());
    expect(a2.doc.getMap("song").get("key")).toBe("D minor");
    await server!.stop();
  });
});
