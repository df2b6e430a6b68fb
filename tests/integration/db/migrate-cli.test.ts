import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendName, testDatabase, type TestDatabase } from "../../helpers/database";
import { finished, repoRoot, spawnTs } from "./helpers";
import path from "node:path";

/** The offline migration CLI (npm run db:status | db:deploy | db:diff) on a database that was never migrated. */
describe(`migrate CLI on a fresh database (${backendName})`, () => {
  let testDb: TestDatabase;
  const cli = async (...args: string[]) =>
    finished(spawnTs(path.join(repoRoot, "scripts/db/migrate.ts"), args, { DATABASE_URL: testDb.url }), 30_000);

  beforeAll(async () => {
    testDb = await testDatabase({ migrate: false });
  });

  afterAll(async () => {
    await testDb?.cleanup();
  });

  it("20. status reports pending migrations and exits 1", async () => {
    const result = await cli("status");
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain("NOT up to date");
    expect(result.stdout).toContain("_init");
  });

  it("21. deploy applies the initial migration, a second deploy applies nothing, status is then clean", async () => {
    const first = await cli("deploy");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Applied to .*_init/);
    const second = await cli("deploy");
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("no pending migrations");
    const status = await cli("status");
    expect(status.code, status.stdout + status.stderr).toBe(0);
    expect(status.stdout).toContain("up to date");
  });

  it("22. the committed migrations produce exactly the current schema (db:diff is empty)", async () => {
    const result = await cli("diff");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe("-- Migrations and schema are in sync.");
  });
});
