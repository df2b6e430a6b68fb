import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  COMMENTS_SCHEMA_VERSION,
  addComment,
  deleteComment,
  editCommentText,
  initCommentsDoc,
  listComments,
  setCommentResolved,
  toggleCommentReaction,
  type CommentAuthor,
} from "@bandspace/model";
import type { CreatedSession, ShareLinkView } from "@bandspace/protocol";
import { api } from "../../helpers/server";
import { connectRawYClient, updateFrom, type RawYClient } from "../../helpers/raw-yjs-client";
import { useTestServer, type Person } from "../../helpers/test-server-fixture";
import { sleep, waitFor } from "../../helpers/yjs-client";

/**
 * Issue #16, rule by rule, with hand-made y-protocols messages from a comment link (what a rogue client
 * would send, not what the UI does): each write is refused with its code, the server's document and what
 * everyone else sees are unchanged, and the refusal is counted against the link.
 */
const anyTarget = { track: () => true, clip: () => null } as never;
const user = (p: Person) => ({ kind: "user" as const, userId: p.memberId });
const author = (p: Person): CommentAuthor => ({ userId: p.memberId, name: p.name });

describe("comment document rules on the server", () => {
  const t = useTestServer();

  async function setup(): Promise<{
    session: CreatedSession;
    owner: Person;
    mia: Person;
    ownerClient: RawYClient;
    miaClient: RawYClient;
    threadId: string;
  }> {
    const session = await t.session();
    const owner = await t.person(session, "owner", "Olive");
    const mia = await t.person(session, "comment", "Mia");
    const at = (p: Person) => ({
      baseUrl: t.server.url,
      sessionId: session.sessionId,
      token: p.token,
      member: p.secret,
      doc: "comments" as const,
    });
    const ownerClient = connectRawYClient(at(owner));
    const miaClient = connectRawYClient(at(mia));
    await Promise.all([ownerClient.synced(), miaClient.synced()]);
    let threadId = "";
    const first = updateFrom(ownerClient.doc, (d) => {
      initCommentsDoc(d);
      threadId = addComment(
        d,
        { author: author(owner), text: "Owner's note", anchor: { startTick: 0 } },
        anyTarget,
        user(owner),
      ).id;
    });
    // The server relays a write to everyone but its sender, so the sender applies its own.
    Y.applyUpdate(ownerClient.doc, first);
    ownerClient.sendUpdate(first);
    await waitFor(() => listComments(miaClient.doc).length === 1, 5000, "owner's comment on Mia");
    return { session, owner, mia, ownerClient, miaClient, threadId };
  }

  async function refusedCount(session: CreatedSession, linkToken: string): Promise<number> {
    const r = await api<{ links: ShareLinkView[] }>(t.server.url, "GET", `/api/sessions/${session.sessionId}/links`, {
      token: session.ownerToken,
    });
    return r.body.links.find((l) => l.token === linkToken)?.refusedWrites ?? -1;
  }

  /** Sends `update` from Mia, expects the refusal `code`, and that nobody's document changed. */
  async function expectRefused(s: Awaited<ReturnType<typeof setup>>, update: Uint8Array, code: string): Promise<void> {
    const room = await t.server.rooms.acquire(`${s.session.sessionId}/comments`);
    try {
      const before = Y.encodeStateVector(room.doc);
      const shownBefore = JSON.stringify(listComments(room.doc));
      const refusals = s.miaClient.refused.length;
      s.miaClient.sendUpdate(update);
      await waitFor(() => s.miaClient.refused.length > refusals, 5000, `refusal ${code}`);
      expect(s.miaClient.refused.at(-1)!.code).toBe(code);
      expect(s.miaClient.refused.at(-1)!.message.length).toBeGreaterThan(10);
      await sleep(100);
      expect(Y.encodeStateVector(room.doc)).toEqual(before);
      expect(JSON.stringify(listComments(room.doc))).toBe(shownBefore);
      expect(JSON.stringify(listComments(s.ownerClient.doc))).toBe(shownBefore);
      // A refused write is settled: the writer's save status does not wait for it.
      await waitFor(() => s.miaClient.persistedWrites() >= s.miaClient.writesSent(), 5000, "settled");
    } finally {
      t.server.rooms.release(room);
    }
  }

  it("accepts a commenter's own comment, reaction and resolve", async () => {
    const s = await setup();
    s.miaClient.sendUpdate(
      updateFrom(s.miaClient.doc, (d) => {
        addComment(d, { author: author(s.mia), text: "Mine", anchor: { startTick: 960 } }, anyTarget, user(s.mia));
        toggleCommentReaction(d, { threadId: s.threadId }, "fire", author(s.mia), user(s.mia));
        setCommentResolved(d, s.threadId, true, author(s.mia), user(s.mia));
      }),
    );
    await waitFor(() => listComments(s.ownerClient.doc).length === 2, 5000, "Mia's comment on the owner");
    const threads = listComments(s.ownerClient.doc);
    expect(threads.find((c) => c.text === "Mine")!.authorId).toBe(s.mia.memberId);
    expect(threads.find((c) => c.id === s.threadId)!.resolved?.byId).toBe(s.mia.memberId);
    expect(s.miaClient.refused).toEqual([]);
  });

  it("refuses a comment in someone else's name, or under a name that is not the member's", async () => {
    const s = await setup();
    await expectRefused(
      s,
      updateFrom(s.miaClient.doc, (d) =>
        addComment(d, { author: author(s.owner), text: "Forged", anchor: { startTick: 0 } }, anyTarget, user(s.mia)),
      ),
      "AUTHOR_MISMATCH",
    );
    await expectRefused(
      s,
      updateFrom(s.miaClient.doc, (d) =>
        addComment(
          d,
          { author: { userId: s.mia.memberId, name: "Olive" }, text: "Hi", anchor: { startTick: 0 } },
          anyTarget,
          user(s.mia),
        ),
      ),
      "AUTHOR_MISMATCH",
    );
    expect(await refusedCount(s.session, s.mia.token)).toBe(2);
  });

  it("refuses editing, deleting or re-authoring someone else's comment", async () => {
    const s = await setup();
    await expectRefused(
      s,
      updateFrom(s.miaClient.doc, (d) => editCommentText(d, { threadId: s.threadId }, "Rewritten", [], user(s.mia))),
      "NOT_YOUR_COMMENT",
    );
    await expectRefused(
      s,
      updateFrom(s.miaClient.doc, (d) => deleteComment(d, s.threadId, user(s.mia))),
      "NOT_YOUR_COMMENT",
    );
    await expectRefused(
      s,
      updateFrom(s.miaClient.doc, (d) =>
        (d.getMap("comments").get(s.threadId) as Y.Map<unknown>).set("authorId", s.mia.memberId),
      ),
      "IMMUTABLE_FIELD",
    );
    await expectRefused(
      s,
      updateFrom(s.miaClient.doc, (d) =>
        toggleCommentReaction(d, { threadId: s.threadId }, "heart", author(s.owner), user(s.mia)),
      ),
      "AUTHOR_MISMATCH",
    );
  });

  it("refuses a commenter's write to the meta (a too-new schema version would lock everyone out)", async () => {
    const s = await setup();
    await expectRefused(
      s,
      updateFrom(s.miaClient.doc, (d) => d.getMap("meta").set("schemaVersion", 99)),
      "META_FORBIDDEN",
    );
    await expectRefused(
      s,
      updateFrom(s.miaClient.doc, (d) => d.getMap("meta").set("owner", "Mia")),
      "META_FORBIDDEN",
    );
    await expectRefused(
      s,
      updateFrom(s.miaClient.doc, (d) => d.getArray("junk").insert(0, [1])),
      "SHAPE_FORBIDDEN",
    );
    expect(await refusedCount(s.session, s.mia.token)).toBe(3);
  });

  it("refuses an editor's song update with a schema version the server does not know", async () => {
    const session = await t.session();
    const owner = await t.person(session, "owner", "Olive");
    const c = connectRawYClient({
      baseUrl: t.server.url,
      sessionId: session.sessionId,
      token: owner.token,
      member: owner.secret,
    });
    await c.synced();
    c.sendUpdate(updateFrom(c.doc, (d) => d.getMap("meta").set("schemaVersion", 999)));
    await waitFor(() => c.refused.length > 0, 5000, "refusal");
    expect(c.refused[0].code).toBe("SCHEMA_VERSION_UNKNOWN");
    const room = await t.server.rooms.acquire(`${session.sessionId}/song`);
    expect(room.doc.getMap("meta").get("schemaVersion")).toBeUndefined();
    t.server.rooms.release(room);
  });

  it("holds an update whose earlier part it never received: not applied, not acknowledged, until the rest arrives", async () => {
    const session = await t.session();
    const owner = await t.person(session, "owner", "Olive");
    const c = connectRawYClient({
      baseUrl: t.server.url,
      sessionId: session.sessionId,
      token: owner.token,
      member: owner.secret,
    });
    await c.synced();
    await waitFor(() => c.persistedWrites() >= c.writesSent(), 5000, "sync acknowledged");
    // Same client id for both parts: build them on one doc.
    const writer = new Y.Doc();
    const sv0 = Y.encodeStateVector(writer);
    writer.getMap("song").set("title", "Part one");
    const sv1 = Y.encodeStateVector(writer);
    writer.getMap("song").set("title", "Part two");
    const partOne = Y.encodeStateAsUpdate(writer, sv0);
    const partTwo = Y.encodeStateAsUpdate(writer, sv1);

    const acked = c.persistedWrites();
    c.sendUpdate(partTwo);
    await sleep(300);
    const room = await t.server.rooms.acquire(`${session.sessionId}/song`);
    try {
      expect(room.doc.getMap("song").get("title")).toBeUndefined();
      expect(c.persistedWrites()).toBe(acked);
      c.sendUpdate(Y.diffUpdate(partOne, Y.encodeStateVectorFromUpdate(partTwo)));
      await waitFor(() => c.persistedWrites() === acked + 2, 5000, "both parts acknowledged");
      expect(room.doc.getMap("song").get("title")).toBe("Part two");
      const stored = await t.server.db.docs.load(`${session.sessionId}/song`);
      const check = new Y.Doc();
      if (stored.snapshot) Y.applyUpdate(check, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(check, u);
      expect(check.getMap("song").get("title")).toBe("Part two");
    } finally {
      t.server.rooms.release(room);
    }
  });

  it("repairs a comments doc locked by a too-new schema version when the owner restores a version", async () => {
    const s = await setup();
    // Written before the server checked writes (the server's own update path skips the rules).
    const room = await t.server.rooms.acquire(`${s.session.sessionId}/comments`);
    try {
      room.applyServerUpdate(
        updateFrom(room.doc, (d) => {
          d.getMap("meta").set("schemaVersion", 99);
          d.getMap("meta").set("lockedBy", "someone");
          d.getMap("comments").set("junkjunkjunkjunk", "not a comment");
        }),
        "legacy",
      );
      await room.flush();
      const base = `/api/sessions/${s.session.sessionId}/versions`;
      const saved = await api<{ id: string }>(t.server.url, "POST", base, {
        token: s.session.ownerToken,
        body: { name: "Any" },
      });
      const restored = await api(t.server.url, "POST", `${base}/${saved.body.id}/restore`, {
        token: s.session.ownerToken,
        body: {},
      });
      expect(restored.status).toBe(200);
      expect(room.doc.getMap("meta").toJSON()).toEqual({ schemaVersion: COMMENTS_SCHEMA_VERSION });
      expect(room.doc.getMap("comments").has("junkjunkjunkjunk")).toBe(false);
      expect(listComments(room.doc).map((c) => c.id)).toEqual([s.threadId]);
      await waitFor(
        () => s.miaClient.doc.getMap("meta").get("schemaVersion") === COMMENTS_SCHEMA_VERSION,
        5000,
        "repair reaches Mia",
      );
    } finally {
      t.server.rooms.release(room);
    }
  });
});
