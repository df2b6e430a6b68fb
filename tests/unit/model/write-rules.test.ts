import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  COMMENTS_SCHEMA_VERSION,
  SCHEMA_VERSION,
  addComment,
  addReply,
  addTrack,
  checkCommentsUpdate,
  checkSongUpdate,
  deleteComment,
  deleteReply,
  editCommentText,
  initCommentsDoc,
  initSongDoc,
  repairCommentsDoc,
  setCommentResolved,
  toggleCommentReaction,
  type CommentAuthor,
  flagTake,
} from "@bandspace/model";

/**
 * The write rules on their own: a "server" replica, a "client" replica that changes it through the model's
 * operations (or by hand, as an attacker would), and the update between them checked for one writer.
 */
const MIA: CommentAuthor = { userId: "miamember0000001", name: "Mia" };
const ED: CommentAuthor = { userId: "edmember00000001", name: "Ed" };
const user = (a: CommentAuthor) => ({ kind: "user" as const, userId: a.userId });
const writer = (a: CommentAuthor) => ({ memberId: a.userId, name: a.name });
const anyTarget = { track: () => true, clip: () => null } as never;

function replicas(setup?: (doc: Y.Doc) => void) {
  const server = new Y.Doc();
  setup?.(server);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const updateFrom = (change: (doc: Y.Doc) => void) => {
    const sv = Y.encodeStateVector(server);
    change(client);
    return Y.encodeStateAsUpdate(client, sv);
  };
  return { server, client, updateFrom };
}

function withThread(author: CommentAuthor) {
  let threadId = "";
  const r = replicas((doc) => {
    initCommentsDoc(doc);
    threadId = addComment(doc, { author, text: "Kick drifts", anchor: { startTick: 0 } }, anyTarget, user(author)).id;
  });
  return { ...r, threadId };
}

describe("comment write rules", () => {
  it("accepts a member's own thread, reply, edit, reaction, resolve and delete", () => {
    const { server, updateFrom, threadId } = withThread(MIA);
    const steps: Array<(doc: Y.Doc) => void> = [
      (d) => addReply(d, threadId, { author: MIA, text: "fixed?" }, user(MIA)),
      (d) => editCommentText(d, { threadId }, "Kick drifts a lot", [], user(MIA)),
      (d) => toggleCommentReaction(d, { threadId }, "fire", MIA, user(MIA)),
      (d) => setCommentResolved(d, threadId, true, MIA, user(MIA)),
      (d) => deleteComment(d, threadId, user(MIA)),
    ];
    for (const step of steps) {
      const update = updateFrom(step);
      expect(checkCommentsUpdate(server, update, writer(MIA))).toBeNull();
      Y.applyUpdate(server, update);
    }
  });

  it("lets others reply, react and resolve, but not edit or delete the author's words", () => {
    const { server, updateFrom, threadId } = withThread(MIA);
    const reply = updateFrom((d) => addReply(d, threadId, { author: ED, text: "on it" }, user(ED)));
    expect(checkCommentsUpdate(server, reply, writer(ED))).toBeNull();
    Y.applyUpdate(server, reply);
    const resolve = updateFrom((d) => setCommentResolved(d, threadId, true, ED, user(ED)));
    expect(checkCommentsUpdate(server, resolve, writer(ED))).toBeNull();

    const { server: s2, updateFrom: u2, threadId: t2 } = withThread(MIA);
    expect(
      checkCommentsUpdate(
        s2,
        u2((d) => editCommentText(d, { threadId: t2 }, "mine now", [], user(ED))),
        writer(ED),
      )?.code,
    ).toBe("NOT_YOUR_COMMENT");
    const { server: s3, updateFrom: u3, threadId: t3 } = withThread(MIA);
    expect(
      checkCommentsUpdate(
        s3,
        u3((d) => deleteComment(d, t3, user(ED))),
        writer(ED),
      )?.code,
    ).toBe("NOT_YOUR_COMMENT");
  });

  it("refuses a thread, reply, reaction or resolve written in someone else's name", () => {
    const { server, updateFrom } = withThread(MIA);
    const forged = updateFrom((d) =>
      addComment(d, { author: MIA, text: "forged", anchor: { startTick: 0 } }, anyTarget, user(ED)),
    );
    expect(checkCommentsUpdate(server, forged, writer(ED))?.code).toBe("AUTHOR_MISMATCH");
    const { server: s2, updateFrom: u2, threadId: t2 } = withThread(MIA);
    expect(
      checkCommentsUpdate(
        s2,
        u2((d) => addReply(d, t2, { author: MIA, text: "x" }, user(ED))),
        writer(ED),
      )?.code,
    ).toBe("AUTHOR_MISMATCH");
    const { server: s3, updateFrom: u3, threadId: t3 } = withThread(MIA);
    expect(
      checkCommentsUpdate(
        s3,
        u3((d) => toggleCommentReaction(d, { threadId: t3 }, "heart", MIA, user(ED))),
        writer(ED),
      )?.code,
    ).toBe("AUTHOR_MISMATCH");
    const { server: s4, updateFrom: u4, threadId: t4 } = withThread(MIA);
    expect(
      checkCommentsUpdate(
        s4,
        u4((d) => setCommentResolved(d, t4, true, MIA, user(ED))),
        writer(ED),
      )?.code,
    ).toBe("AUTHOR_MISMATCH");
    const { server: s5, updateFrom: u5 } = withThread(MIA);
    const renamed = u5((d) =>
      addComment(
        d,
        { author: { ...ED, name: "The Owner" }, text: "hi", anchor: { startTick: 0 } },
        anyTarget,
        user(ED),
      ),
    );
    expect(checkCommentsUpdate(s5, renamed, writer(ED))?.code).toBe("AUTHOR_MISMATCH");
  });

  it("refuses rewriting an author, a reply of someone else, or replacing the replies map", () => {
    const { server, updateFrom, threadId } = withThread(MIA);
    const rewrite = updateFrom((d) =>
      (d.getMap("comments").get(threadId) as Y.Map<unknown>).set("authorId", ED.userId),
    );
    expect(checkCommentsUpdate(server, rewrite, writer(ED))?.code).toBe("IMMUTABLE_FIELD");

    const r = withThread(MIA);
    const replyUpdate = r.updateFrom((d) => addReply(d, r.threadId, { author: MIA, text: "mine" }, user(MIA)));
    Y.applyUpdate(r.server, replyUpdate);
    const replyId = [
      ...((r.server.getMap("comments").get(r.threadId) as Y.Map<unknown>).get("replies") as Y.Map<unknown>).keys(),
    ][0];
    expect(
      checkCommentsUpdate(
        r.server,
        r.updateFrom((d) => deleteReply(d, r.threadId, replyId, user(ED))),
        writer(ED),
      )?.code,
    ).toBe("NOT_YOUR_COMMENT");
    const w = withThread(MIA);
    const wipe = w.updateFrom((d) =>
      (d.getMap("comments").get(w.threadId) as Y.Map<unknown>).set("replies", new Y.Map()),
    );
    expect(checkCommentsUpdate(w.server, wipe, writer(MIA))?.code).toBe("SHAPE_FORBIDDEN");
  });

  it("refuses any meta write but the schema migration, and writes outside the comments", () => {
    const fresh = replicas();
    expect(
      checkCommentsUpdate(
        fresh.server,
        fresh.updateFrom((d) => initCommentsDoc(d)),
        writer(ED),
      ),
    ).toBeNull();
    const { server, updateFrom } = withThread(MIA);
    expect(
      checkCommentsUpdate(
        server,
        updateFrom((d) => d.getMap("meta").set("schemaVersion", 99)),
        writer(MIA),
      )?.code,
    ).toBe("META_FORBIDDEN");
    const t = withThread(MIA);
    expect(
      checkCommentsUpdate(
        t.server,
        t.updateFrom((d) => d.getMap("meta").set("schemaVersion", 1)),
        writer(MIA),
      )?.code,
    ).toBe("META_FORBIDDEN");
    const o = withThread(MIA);
    expect(
      checkCommentsUpdate(
        o.server,
        o.updateFrom((d) => d.getMap("tracks").set("x", 1)),
        writer(MIA),
      )?.code,
    ).toBe("SHAPE_FORBIDDEN");
    const l = withThread(MIA);
    expect(
      checkCommentsUpdate(
        l.server,
        l.updateFrom((d) => d.getArray("comments").insert(0, [1])),
        writer(MIA),
      )?.code,
    ).toBe("SHAPE_FORBIDDEN");
  });

  it("refuses a new comment from a writer with no member identity", () => {
    const fresh = replicas((d) => initCommentsDoc(d));
    const update = fresh.updateFrom((d) =>
      addComment(d, { author: MIA, text: "hi", anchor: { startTick: 0 } }, anyTarget, user(MIA)),
    );
    expect(checkCommentsUpdate(fresh.server, update, { memberId: null, name: null })?.code).toBe("NOT_A_MEMBER");
  });
});

describe("song write rules", () => {
  it("accepts ordinary edits and a migration, refuses an unknown schema version", () => {
    const { server, updateFrom } = replicas();
    const init = updateFrom((d) => initSongDoc(d));
    expect(checkSongUpdate(server, init)).toBeNull();
    Y.applyUpdate(server, init);
    const edit = updateFrom((d) => addTrack(d, { kind: "instrument" }, { kind: "user", userId: "someone1" }));
    expect(checkSongUpdate(server, edit)).toBeNull();
    Y.applyUpdate(server, edit);
    // The meta write has the previous version as its origin: found through the document, not the update.
    const tooNew = updateFrom((d) => d.getMap("meta").set("schemaVersion", SCHEMA_VERSION + 1));
    expect(checkSongUpdate(server, tooNew)?.code).toBe("SCHEMA_VERSION_UNKNOWN");
    const text = replicas();
    expect(
      checkSongUpdate(
        text.server,
        text.updateFrom((d) => d.getMap("meta").set("schemaVersion", "2")),
      )?.code,
    ).toBe("SCHEMA_VERSION_UNKNOWN");
  });

  it("refuses other meta keys, nested types in meta and list content in a known root; lets unknown roots be", () => {
    const cases: Array<(d: Y.Doc) => void> = [
      (d) => d.getMap("meta").set("owner", "me"),
      (d) => {
        const nested = new Y.Map<unknown>();
        d.getMap("meta").set("extra", nested);
        nested.set("schemaVersion", 9);
      },
      (d) => d.getArray("tracks").insert(0, ["x"]),
    ];
    for (const change of cases) {
      const { server, updateFrom } = replicas((d) => initSongDoc(d));
      expect(checkSongUpdate(server, updateFrom(change))?.code).toBe("SHAPE_FORBIDDEN");
    }
    // A root this version does not know belongs to a newer version: left alone.
    const { server, updateFrom } = replicas((d) => initSongDoc(d));
    expect(
      checkSongUpdate(
        server,
        updateFrom((d) => d.getArray("newerRoot").insert(0, [1])),
      ),
    ).toBeNull();
  });

  it("follows a long chain of origins in one update (a large import) without recursion", () => {
    const { server, updateFrom } = replicas((d) => initSongDoc(d));
    const update = updateFrom((d) => {
      const list = d.getMap("tracks");
      d.transact(() => {
        for (let i = 0; i < 50_000; i++) list.set("k", i);
      });
    });
    expect(checkSongUpdate(server, update)).toBeNull();
  });
});

describe("repairCommentsDoc", () => {
  it("brings back a locked comments doc (too-new version, foreign meta, junk entries), keeps comments, and is idempotent", () => {
    const doc = new Y.Doc();
    initCommentsDoc(doc);
    const kept = addComment(doc, { author: MIA, text: "keep me", anchor: { startTick: 0 } }, anyTarget, user(MIA));
    doc.getMap("meta").set("schemaVersion", 99);
    doc.getMap("meta").set("lockedBy", "x");
    doc.getMap("comments").set("junkjunkjunkjunk", 5);
    expect(repairCommentsDoc(doc)).toBe(true);
    expect(doc.getMap("meta").toJSON()).toEqual({ schemaVersion: COMMENTS_SCHEMA_VERSION });
    expect([...doc.getMap("comments").keys()]).toEqual([kept.id]);
    let updates = 0;
    doc.on("update", () => (updates += 1));
    expect(repairCommentsDoc(doc)).toBe(false);
    expect(updates).toBe(0);
  });
});

describe("take flag write rules (flags live in the comments doc)", () => {
  const TAKE = "take0000000000000001";

  it("lets a member flag a take in their own name and any member clear it", () => {
    const { server, updateFrom } = replicas((doc) => initCommentsDoc(doc));
    const flag = updateFrom((d) => flagTake(d, TAKE, true, MIA, user(MIA)));
    expect(checkCommentsUpdate(server, flag, writer(MIA))).toBeNull();
    Y.applyUpdate(server, flag);
    const clear = updateFrom((d) => flagTake(d, TAKE, false, ED, user(ED)));
    expect(checkCommentsUpdate(server, clear, writer(ED))).toBeNull();
  });

  it("refuses a flag in someone else's name, a flag with no time, a nested type, and writes by a non-member", () => {
    const { server, updateFrom } = replicas((doc) => initCommentsDoc(doc));
    const forged = updateFrom((d) => flagTake(d, TAKE, true, MIA, user(ED)));
    expect(checkCommentsUpdate(server, forged, writer(ED))?.code).toBe("AUTHOR_MISMATCH");
    expect(checkCommentsUpdate(server, forged, { memberId: null, name: null })?.code).toBe("NOT_A_MEMBER");

    const r2 = replicas((doc) => initCommentsDoc(doc));
    const noTime = r2.updateFrom((d) => d.getMap("takeFlags").set(TAKE, { byId: ED.userId, byName: "Ed" }));
    expect(checkCommentsUpdate(r2.server, noTime, writer(ED))?.code).toBe("INVALID_COMMENT");

    const r3 = replicas((doc) => initCommentsDoc(doc));
    const nested = r3.updateFrom((d) => d.getMap("takeFlags").set(TAKE, new Y.Map()));
    expect(checkCommentsUpdate(r3.server, nested, writer(ED))?.code).toBe("SHAPE_FORBIDDEN");
  });
});
