import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openDatabase } from "../../../server/db/open";
import type { Database } from "../../../server/db/types";
import { clusterServices } from "../../helpers/cluster";
import { testPostgresDatabase, type TestDatabase } from "../../helpers/database";

const services = await clusterServices();
if ("reason" in services) console.warn(`skipping the multi-writer DocStore tests: ${services.reason}`);

/**
 * Two "nodes" (two Database instances, each with its own connection pool) writing and compacting one
 * document on one PostgreSQL database at the same time (issue #21).
 */
describe.skipIf("reason" in services)("DocStore with several writers (PostgreSQL)", () => {
  let testDb: TestDatabase;
  let nodes: Database[] = [];

  beforeAll(async () => {
    if ("reason" in services) return;
    testDb = await testPostgresDatabase(services.postgresUrl);
    nodes = await Promise.all([1, 2].map(() => openDatabase({ databaseUrl: testDb.url, dataDir: testDb.dataDir })));
  });
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    await testDb?.cleanup();
  });

  /** A writer: its own Y.Doc (own client id); each edit is one real update setting a key it owns. */
  function writer(name: string) {
    const doc = new Y.Doc();
    let last: Uint8Array | null = null;
    doc.on("update", (u: Uint8Array) => (last = u));
    return (k: number) => {
      doc.getMap("m").set(`${name}-${k}`, k);
      return last!;
    };
  }

  it("1. concurrent appends and compactions from two nodes lose, duplicate and reorder nothing", async () => {
    const docName = "sessionxyz012345/song";
    const perWriter = 60;
    const writers = ["a1", "a2", "b1", "b2"];
    const seqs: number[] = [];
    let appending = true;
    const append = async (w: string, node: Database) => {
      const next = writer(w);
      for (let k = 0; k < perWriter; k++) seqs.push(await node.docs.append(docName, [next(k)]));
    };
    // Both nodes compact in a loop while the appends run (the lease normally keeps them apart; the store
    // must be safe without it).
    const compactions: number[] = [];
    const compact = async (node: Database) => {
      while (appending) {
        compactions.push(await node.docs.compact(docName));
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const compacting = [compact(nodes[0]), compact(nodes[1])];
    await Promise.all(writers.map((w, i) => append(w, nodes[i < 2 ? 0 : 1])));
    appending = false;
    await Promise.all(compacting);

    const total = writers.length * perWriter;
    // Every append got its own number, and the numbers are exactly 1…total.
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(compactions.some((c) => c > 0)).toBe(true);
    for (const node of nodes) {
      const stored = await node.docs.load(docName);
      expect(stored.lastSeq).toBe(total);
      const doc = new Y.Doc();
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(doc, u);
      const map = doc.getMap<number>("m");
      expect(map.size).toBe(total);
      for (const w of writers) for (let k = 0; k < perWriter; k++) expect(map.get(`${w}-${k}`)).toBe(k);
    }
    // A final compaction folds everything; the document reads back the same.
    expect(await nodes[1].docs.compact(docName)).toBe(total);
    expect(await nodes[0].docs.pendingUpdateCount(docName)).toBe(0);
    expect(await nodes[0].docs.append(docName, [writer("late")(0)])).toBe(total + 1);
  });

  it("2. readAfter gives a node exactly what it lacks, across a compaction", async () => {
    const docName = "sessionxyz012345/comments";
    const w = writer("w");
    for (let k = 0; k < 5; k++) await nodes[0].docs.append(docName, [w(k)]);
    const before = await nodes[1].docs.readAfter(docName, 3);
    expect(before.snapshot).toBeNull();
    expect(before.updates).toHaveLength(2);
    await nodes[0].docs.compact(docName, 4);
    const after = await nodes[1].docs.readAfter(docName, 3);
    // Row 4 is inside the snapshot now, so the snapshot comes along; row 5 after it.
    expect(after.snapshot).not.toBeNull();
    expect(after.updates).toHaveLength(1);
    expect(after.lastSeq).toBe(5);
  });
});
