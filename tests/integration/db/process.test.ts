import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../../server/db/open";
import { backendName, testDatabase, type TestDatabase } from "../../helpers/database";
import { finished, fixture, spawnTs } from "./helpers";

/** Promises that only show across a process boundary: durability under kill -9, and clean exit. */
describe(`database in a real process (${backendName})`, () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await testDatabase();
  });

  afterAll(async () => {
    await testDb?.cleanup();
  });

  it("18. every acknowledged append survives kill -9 of the writing process", async () => {
    const docName = "durability";
    const child = spawnTs(fixture("append-until-killed.ts"), [testDb.url, testDb.dataDir, docName]);
    const done = finished(child, 60_000);
    let lastAcked = 0;
    await new Promise<void>((resolve, reject) => {
      let buffered = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split("\n");
        buffered = lines.pop()!;
        for (const line of lines) lastAcked = Number(line);
        // Kill mid-stream, while appends are still being issued.
        if (lastAcked >= 200) {
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.on("exit", () => reject(new Error(`child exited before 200 appends (last ${lastAcked})`)));
    });
    const result = await done;
    expect(result.signal).toBe("SIGKILL");

    const db = await openDatabase({ databaseUrl: testDb.url, dataDir: testDb.dataDir, migrate: false });
    try {
      const loaded = await db.docs.load(docName);
      expect(loaded.lastSeq).toBeGreaterThanOrEqual(lastAcked);
      expect(loaded.updates).toHaveLength(loaded.lastSeq);
      loaded.updates.forEach((u, index) => {
        const i = index + 1;
        expect(u).toEqual(new Uint8Array([i & 255, (i >> 8) & 255, 42]));
      });
    } finally {
      await db.close();
    }
  });

  it("19. migrating, opening and closing leaves nothing that keeps the process alive", async () => {
    const result = await finished(spawnTs(fixture("open-and-return.ts"), [testDb.url, testDb.dataDir]), 30_000);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const timings = JSON.parse(result.stdout) as { applied: string[]; migrateMs: number; openMs: number };
    expect(timings.applied).toEqual([]);
    console.log(
      `[${backendName}] migrate (nothing pending, cold engine) ${timings.migrateMs} ms, openDatabase (incl. migrate) ${timings.openMs} ms, process ${Math.round(result.ms)} ms`,
    );
  }, 60_000);
});
