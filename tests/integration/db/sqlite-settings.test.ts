import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteAdapterFactory } from "../../../server/db/adapters";
import { backendName, testDatabase, type TestDatabase } from "../../helpers/database";

/** SQLite only: the per-connection settings durability and cascades depend on (see server/db/adapters.ts). */
describe.runIf(backendName === "sqlite")("SQLite connection settings", () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await testDatabase();
  });

  afterAll(async () => {
    await testDb?.cleanup();
  });

  it("23. every connection uses WAL, synchronous=NORMAL and enforces foreign keys", async () => {
    const factory = sqliteAdapterFactory(path.join(testDb.dataDir, "bandspace.db"));
    const adapter = await factory.connect();
    try {
      const pragma = async (name: string) =>
        (await adapter.queryRaw({ sql: `PRAGMA ${name}`, args: [], argTypes: [] })).rows[0][0];
      expect(await pragma("journal_mode")).toBe("wal");
      expect(await pragma("synchronous")).toBe(1); // 1 = NORMAL
      expect(await pragma("foreign_keys")).toBe(1);
      // The cascade from sessions to share_links only happens with foreign keys on.
      await adapter.executeScript(`
        INSERT INTO sessions (id, name, createdAt) VALUES ('s1', 'x', '2024-01-01T00:00:00.000+00:00');
        INSERT INTO share_links (id, sessionId, token, role, createdAt) VALUES ('l1', 's1', 't1', 'owner', '2024-01-01T00:00:00.000+00:00');
        DELETE FROM sessions WHERE id = 's1';`);
      const left = await adapter.queryRaw({
        sql: "SELECT COUNT(*) FROM share_links WHERE id = 'l1'",
        args: [],
        argTypes: [],
      });
      expect(left.rows[0][0]).toBe(0);
    } finally {
      await factory.disposeAll();
    }
  });
});
