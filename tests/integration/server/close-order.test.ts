import { afterAll, describe, expect, it, vi } from "vitest";
import { addTrack } from "@bandspace/model";
import { testDatabase, type TestDatabase } from "../../helpers/database";
import { createSession, startTestServer, type TestServer } from "../../helpers/server";
import { connectYClient, sleep, type TestYClient } from "../../helpers/yjs-client";

const USER = { kind: "user", userId: "closer" } as const;
const SESSIONS = 3;

/**
 * Closing the server while autosave checkpoints keep coming due (issue #21): timers stop first, the rooms are then
 * flushed (with their last checkpoint), and only then does the database close — so no checkpoint runs against a
 * closed pool ("Cannot use a pool after calling end on the pool") and nothing is logged as an error.
 */
describe("server close order", () => {
  let db: TestDatabase | undefined;
  let server: TestServer | undefined;
  const clients: TestYClient[] = [];

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.close();
    await db?.cleanup();
  });

  it("closes with checkpoint timers firing throughout and logs no error", async () => {
    db = await testDatabase();
    // A checkpoint a few milliseconds after every edit: timers are due all through the close.
    server = await startTestServer({ checkpointIntervalMs: 5 }, db);
    const sessions = await Promise.all(Array.from({ length: SESSIONS }, () => createSession(server!.url)));
    for (const s of sessions)
      clients.push(connectYClient({ baseUrl: server.url, sessionId: s.sessionId, token: s.ownerToken }));
    await Promise.all(clients.map((c) => c.synced()));

    // Edits keep arriving while the server closes.
    let editing = true;
    let n = 0;
    const pump = setInterval(() => {
      if (!editing) return;
      for (const c of clients) addTrack(c.doc, { name: `t${n}`, kind: "audio" }, USER);
      n++;
    }, 15);
    // At least one checkpoint happened before the close, so the timers are really armed and firing.
    const checkpointed = async () =>
      (await Promise.all(sessions.map((s) => server!.versions.list(s.sessionId)))).some((v) => v.length > 0);
    for (const start = Date.now(); !(await checkpointed()); await sleep(20))
      if (Date.now() - start > 20_000) throw new Error("no autosave checkpoint within 20 s");

    const errors = vi.spyOn(console, "error");
    try {
      await server.close();
    } finally {
      editing = false;
      clearInterval(pump);
    }
    // Timers that were pending when the pool closed would fire now: give them the time to.
    await sleep(100);
    const logged = errors.mock.calls.map((args) => args.map(String).join(" "));
    errors.mockRestore();
    expect(logged.filter((l) => /checkpoint|pool|closed|not open/i.test(l))).toEqual([]);
    expect(logged.filter((l) => l.startsWith("error "))).toEqual([]);
    expect(n).toBeGreaterThan(0);
  }, 120_000);
});
