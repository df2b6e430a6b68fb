import { LinkId, SessionId, ShareToken } from "@bandspace/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { migrateDatabase, migrationStatus } from "../../../server/db/migrate";
import { openDatabase } from "../../../server/db/open";
import { SessionNotFoundError } from "../../../server/db/session-repository";
import type { Database } from "../../../server/db/types";
import { backendName, testDatabase, type TestDatabase } from "../../helpers/database";

/**
 * The persistence contract, one suite for every backend: SQLite by default,
 * PostgreSQL with DATABASE_URL=postgresql://… (the helper makes a scratch database).
 * Rules are numbered so a failure names the promise that broke.
 */
describe(`store contract (${backendName})`, () => {
  let testDb: TestDatabase;
  let db: Database;
  const open = () => openDatabase({ databaseUrl: testDb.url, dataDir: testDb.dataDir });
  let docCounter = 0;
  const freshDoc = () => `doc-${++docCounter}-${Math.random().toString(36).slice(2)}`;

  beforeAll(async () => {
    testDb = await testDatabase();
    db = await open();
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.cleanup();
  });

  it("0. opens the backend under test", () => {
    expect(db.provider).toBe(backendName);
  });

  describe("sessions and share links", () => {
    it("1. createSession stores the session and makes exactly one owner link", async () => {
      const { session, ownerLink } = await db.sessions.createSession("Garage band");
      expect(SessionId.safeParse(session.id).success).toBe(true);
      expect(session.name).toBe("Garage band");
      expect(ownerLink).toMatchObject({
        sessionId: session.id,
        role: "owner",
        label: null,
        revokedAt: null,
        expiresAt: null,
      });
      expect(await db.sessions.getSession(session.id)).toEqual(session);
      expect(await db.sessions.listLinks(session.id)).toEqual([ownerLink]);
    });

    it("2. ids and tokens are well-formed and unique", async () => {
      const { session, ownerLink } = await db.sessions.createSession("Many links");
      const links = [ownerLink];
      for (const role of ["edit", "comment", "view"] as const) {
        for (let i = 0; i < 10; i++) links.push(await db.sessions.createLink(session.id, role, `${role} ${i}`));
      }
      for (const link of links) {
        expect(ShareToken.safeParse(link.token).success, link.token).toBe(true);
        expect(LinkId.safeParse(link.id).success, link.id).toBe(true);
      }
      expect(new Set(links.map((l) => l.token)).size).toBe(links.length);
      expect(new Set(links.map((l) => l.id)).size).toBe(links.length);
      const listed = await db.sessions.listLinks(session.id);
      expect(listed.map((l) => l.id).sort()).toEqual(links.map((l) => l.id).sort());
      expect(listed[0].role).toBe("owner");
    });

    it("3. findLinkByToken finds a link by its token, and returns null for unknown or malformed tokens", async () => {
      const { session } = await db.sessions.createSession("Lookup");
      const link = await db.sessions.createLink(session.id, "comment", "Drummer");
      expect(await db.sessions.findLinkByToken(link.token)).toEqual(link);
      expect(await db.sessions.findLinkByToken("A".repeat(32))).toBeNull();
      expect(await db.sessions.findLinkByToken("not a token")).toBeNull();
      expect(await db.sessions.getSession("0000000000000000")).toBeNull();
    });

    it("4. revokeLink is idempotent, keeps the first revocation time, and still lets the link be found", async () => {
      const { session } = await db.sessions.createSession("Revoke");
      const link = await db.sessions.createLink(session.id, "edit");
      const first = await db.sessions.revokeLink(session.id, link.id);
      expect(first?.revokedAt).toBeInstanceOf(Date);
      const second = await db.sessions.revokeLink(session.id, link.id);
      expect(second).toEqual(first);
      expect(await db.sessions.findLinkByToken(link.token)).toEqual(first);
    });

    it("5. revokeLink of another session's link or an unknown link returns null and changes nothing", async () => {
      const a = await db.sessions.createSession("A");
      const b = await db.sessions.createSession("B");
      const linkOfB = await db.sessions.createLink(b.session.id, "view");
      expect(await db.sessions.revokeLink(a.session.id, linkOfB.id)).toBeNull();
      expect(await db.sessions.revokeLink(a.session.id, "zzzzzzzzzzzzzzzz")).toBeNull();
      expect((await db.sessions.findLinkByToken(linkOfB.token))?.revokedAt).toBeNull();
    });

    it("6. createLink for a session that does not exist fails with SESSION_NOT_FOUND", async () => {
      const error = await db.sessions.createLink("0000000000000000", "edit").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SessionNotFoundError);
      expect((error as SessionNotFoundError).code).toBe("SESSION_NOT_FOUND");
    });
  });

  describe("Yjs documents", () => {
    const bytes = (...values: number[]) => new Uint8Array(values);

    it("7. an unknown doc loads as empty", async () => {
      expect(await db.docs.load(freshDoc())).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
    });

    it("8. append assigns consecutive seqs per doc, starting at 1, and load returns the updates in order", async () => {
      const doc = freshDoc();
      const other = freshDoc();
      expect(await db.docs.append(doc, [bytes(1)])).toBe(1);
      expect(await db.docs.append(other, [bytes(9)])).toBe(1);
      expect(await db.docs.append(doc, [bytes(2), bytes(3, 3), bytes(4)])).toBe(4);
      expect(await db.docs.append(doc, [])).toBe(4);
      expect(await db.docs.load(doc)).toEqual({
        snapshot: null,
        updates: [bytes(1), bytes(2), bytes(3, 3), bytes(4)],
        lastSeq: 4,
      });
      expect(await db.docs.pendingUpdateCount(doc)).toBe(4);
      expect(await db.docs.storedBytes(doc)).toBe(5);
    });

    it("9. concurrent appends to one doc never collide and lose nothing", async () => {
      const doc = freshDoc();
      // 40 callers at once, 1–3 updates each; each update's bytes name its caller and position.
      const calls = Array.from({ length: 40 }, (_, caller) =>
        Array.from({ length: (caller % 3) + 1 }, (_, k) => bytes(caller, k)),
      );
      const results = await Promise.all(calls.map((updates) => db.docs.append(doc, updates)));
      const total = calls.reduce((n, u) => n + u.length, 0);
      expect(Math.max(...results)).toBe(total);
      const loaded = await db.docs.load(doc);
      expect(loaded.lastSeq).toBe(total);
      expect(loaded.updates).toHaveLength(total);
      // Every caller's updates are stored once, contiguously, ending at the seq it was told.
      calls.forEach((updates, caller) => {
        const end = results[caller];
        expect(loaded.updates.slice(end - updates.length, end)).toEqual(updates);
      });
    });

    it("10. stores exactly the bytes of a view into a larger buffer", async () => {
      const doc = freshDoc();
      const buffer = new Uint8Array([7, 7, 1, 2, 3, 7, 7]);
      await db.docs.append(doc, [buffer.subarray(2, 5)]);
      expect((await db.docs.load(doc)).updates).toEqual([bytes(1, 2, 3)]);
    });

    /** `n` real Yjs updates of one doc (compaction folds them, so they must be valid), and that doc's state. */
    const yUpdates = (n: number) => {
      const src = new Y.Doc();
      const out: Uint8Array[] = [];
      src.on("update", (u: Uint8Array) => out.push(u));
      for (let i = 0; i < n; i++) src.getMap("m").set(`k${i}`, i);
      return { updates: out, state: () => src.getMap("m").toJSON() };
    };
    const replay = (stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }) => {
      const d = new Y.Doc();
      if (stored.snapshot) Y.applyUpdate(d, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(d, u);
      return d.getMap("m").toJSON();
    };

    it("11. load returns the snapshot plus only the updates after it, in order", async () => {
      const doc = freshDoc();
      const { updates: u, state } = yUpdates(4);
      await db.docs.append(doc, [u[0], u[1], u[2]]);
      expect(await db.docs.compact(doc, 2)).toBe(2);
      await db.docs.append(doc, [u[3]]);
      const loaded = await db.docs.load(doc);
      expect(loaded.updates).toEqual([u[2], u[3]]);
      expect(loaded.lastSeq).toBe(4);
      expect(replay(loaded)).toEqual(state());
      expect(await db.docs.pendingUpdateCount(doc)).toBe(2);
      expect(await db.docs.storedBytes(doc)).toBe(loaded.snapshot!.length + u[2].length + u[3].length);
      // What a reader holding rows up to 1 lacks: the snapshot (it covers row 2) and the rows after it.
      const after1 = await db.docs.readAfter(doc, 1);
      expect(after1.snapshot).toEqual(loaded.snapshot);
      expect(after1.updates).toEqual([u[2], u[3]]);
      // A reader holding rows up to 3 lacks only row 4.
      expect(await db.docs.readAfter(doc, 3)).toEqual({ snapshot: null, updates: [u[3]], lastSeq: 4 });
    });

    it("12. compact deletes only covered updates and a reload reproduces the same Y.Doc", async () => {
      const docName = freshDoc();
      const original = new Y.Doc();
      const updates: Uint8Array[] = [];
      original.on("update", (u: Uint8Array) => updates.push(u));
      const edit = (i: number) => {
        original.getText("lyrics").insert(0, `line ${i}\n`);
        original.getMap("mixer").set(`track-${i % 4}`, { gainDb: -i, pan: (i % 3) - 1 });
        if (i % 5 === 4) original.getText("lyrics").delete(0, 3);
        original.getArray<string>("markers").push([`m${i}`]);
      };
      // 30 edits stored in batches of 3 (as the server batches), compaction after the first 20.
      let stored = 0;
      let storedSeq = 0;
      const storeNewUpdates = async () => {
        for (let i = stored; i < updates.length; i += 3)
          storedSeq = await db.docs.append(docName, updates.slice(i, Math.min(i + 3, updates.length)));
        stored = updates.length;
      };
      for (let i = 0; i < 20; i++) edit(i);
      await storeNewUpdates();
      const covered = storedSeq;
      // The snapshot is built from the stored rows, which hold the full state at that point.
      expect(await db.docs.compact(docName, covered)).toBe(covered);
      expect(await db.docs.pendingUpdateCount(docName)).toBe(0);
      for (let i = 20; i < 30; i++) edit(i);
      await storeNewUpdates();
      expect(await db.docs.pendingUpdateCount(docName)).toBe(storedSeq - covered);

      const loaded = await db.docs.load(docName);
      expect(loaded.lastSeq).toBe(storedSeq);
      const reloaded = new Y.Doc();
      Y.applyUpdate(reloaded, loaded.snapshot!);
      for (const u of loaded.updates) Y.applyUpdate(reloaded, u);
      expect(reloaded.getText("lyrics").toString()).toBe(original.getText("lyrics").toString());
      expect(reloaded.getMap("mixer").toJSON()).toEqual(original.getMap("mixer").toJSON());
      expect(reloaded.getArray("markers").toArray()).toEqual(original.getArray("markers").toArray());
      expect(Y.encodeStateVector(reloaded)).toEqual(Y.encodeStateVector(original));
      expect(Y.encodeStateAsUpdate(reloaded)).toEqual(Y.encodeStateAsUpdate(original));
    });

    it("13. compact refuses to cover updates that do not exist, and a stale compaction changes nothing", async () => {
      const doc = freshDoc();
      const { updates: u, state } = yUpdates(3);
      await db.docs.append(doc, u);
      await expect(db.docs.compact(doc, 4)).rejects.toThrow(RangeError);
      expect(await db.docs.compact(doc, 3)).toBe(3);
      expect(await db.docs.compact(doc, 1)).toBe(3); // older than the stored snapshot: nothing to do
      const loaded = await db.docs.load(doc);
      expect(loaded).toMatchObject({ updates: [], lastSeq: 3 });
      expect(replay(loaded)).toEqual(state());
    });

    it("14. numbering continues after a compaction that covered everything, also after reopening", async () => {
      const doc = freshDoc();
      const { updates: u, state } = yUpdates(4);
      await db.docs.append(doc, [u[0], u[1]]);
      await db.docs.compact(doc);
      expect(await db.docs.append(doc, [u[2]])).toBe(3);
      expect(await db.docs.compact(doc)).toBe(3);
      await db.close();
      db = await open(); // a new process: every number comes from the database
      expect(await db.docs.lastSeq(doc)).toBe(3);
      expect(await db.docs.append(doc, [u[3]])).toBe(4);
      const loaded = await db.docs.load(doc);
      expect(loaded).toMatchObject({ updates: [u[3]], lastSeq: 4 });
      expect(replay(loaded)).toEqual(state());
    });
  });

  describe("durability and migrations", () => {
    it("15. data survives close and reopen", async () => {
      const { session, ownerLink } = await db.sessions.createSession("Persistent");
      const doc = freshDoc();
      await db.docs.append(doc, [new Uint8Array([5, 6])]);
      await db.close();
      db = await open();
      expect(await db.sessions.getSession(session.id)).toEqual(session);
      expect(await db.sessions.findLinkByToken(ownerLink.token)).toEqual(ownerLink);
      expect(await db.docs.load(doc)).toEqual({ snapshot: null, updates: [new Uint8Array([5, 6])], lastSeq: 1 });
    });

    it("16. migrating again applies nothing and the history is up to date", async () => {
      expect(await migrateDatabase(testDb.url)).toEqual({ applied: [] });
      const status = await migrationStatus(testDb.url);
      expect(status.upToDate).toBe(true);
      expect(status.history).toBeNull();
    });

    it("17. close() is idempotent", async () => {
      const second = await open();
      await second.close();
      await second.close();
    });
  });
});
