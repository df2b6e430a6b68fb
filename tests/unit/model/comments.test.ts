import * as Y from "yjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  COMMENTS_SCHEMA_VERSION,
  addComment,
  addReply,
  addTrack,
  addMidiClip,
  anchorTargetsOf,
  countUnread,
  deleteClip,
  deleteComment,
  deleteReply,
  editCommentText,
  filterComments,
  getComment,
  initCommentsDoc,
  latestCommentTime,
  listComments,
  moveClip,
  observeComments,
  resolveAnchor,
  setCommentResolved,
  toggleCommentReaction,
  type AnchorTargets,
} from "@bandspace/model";
import { USER, expectOneTransaction, expectRejected, spyDoc } from "./helpers/doc-spy";

const COMMENTER = { kind: "user", userId: "guest-7" } as const;
const MIA = { userId: "mia-browser-1", name: "Mia" };
const JO = { userId: "jo-browser-22", name: "Jo" };
const NO_TARGETS: AnchorTargets = { clip: () => null, hasTrack: () => false };

afterEach(() => vi.restoreAllMocks());

/** A song doc with one instrument track and a clip at bar 3 (4/4: 3840 ticks per bar). */
function song() {
  const doc = new Y.Doc();
  const track = addTrack(doc, { kind: "instrument" }, USER);
  const clip = addMidiClip(doc, { trackId: track.id, startTick: 7680, lengthTicks: 3840 }, USER);
  return { doc, track, clip, targets: anchorTargetsOf(doc) };
}

const point = (text: string, startTick = 0) => ({ author: MIA, text, anchor: { startTick } });

describe("addComment", () => {
  it("adds a trimmed point comment in one transaction with author, times and version", () => {
    const doc = new Y.Doc();
    vi.spyOn(Date, "now").mockReturnValue(5_000);
    const { result } = expectOneTransaction(doc, COMMENTER, () =>
      addComment(
        doc,
        {
          author: { userId: MIA.userId, name: " Mia " },
          text: "  Bass is late here\r\nin bar 12 ",
          anchor: { startTick: 960 },
          versionId: "v-3",
        },
        NO_TARGETS,
        COMMENTER,
      ),
    );
    expect(result).toEqual({
      id: result.id,
      authorId: MIA.userId,
      authorName: "Mia",
      text: "Bass is late here\nin bar 12",
      createdAt: 5_000,
      editedAt: null,
      mentions: [],
      reactions: [],
      anchor: { startTick: 960, endTick: 960, trackId: null, clipId: null, clipOffsetTicks: null },
      legacyAtSeconds: null,
      versionId: "v-3",
      resolved: null,
      replies: [],
    });
    expect(result.id).toMatch(/^[0-9a-z]{16}$/);
    expect(listComments(doc)).toEqual([result]);
  });

  it("pins a range to a clip: the pin follows the clip when it moves, and stays put when the clip is deleted", () => {
    const { doc, track, clip, targets } = song();
    const comments = new Y.Doc();
    const c = addComment(
      comments,
      { author: MIA, text: "Nice fill", anchor: { startTick: 8640, endTick: 9600, clipId: clip.id } },
      targets,
      USER,
    );
    expect(c.anchor).toEqual({
      startTick: 8640,
      endTick: 9600,
      trackId: track.id,
      clipId: clip.id,
      clipOffsetTicks: 960,
    });
    expect(resolveAnchor(c.anchor!, targets)).toEqual({
      startTick: 8640,
      endTick: 9600,
      trackId: track.id,
      clipId: clip.id,
      detached: false,
    });

    const other = addTrack(doc, { kind: "instrument" }, USER);
    moveClip(doc, clip.id, { startTick: 11520, trackId: other.id }, USER);
    expect(resolveAnchor(c.anchor!, targets)).toEqual({
      startTick: 12480,
      endTick: 13440,
      trackId: other.id,
      clipId: clip.id,
      detached: false,
    });

    deleteClip(doc, clip.id, USER);
    expect(resolveAnchor(c.anchor!, targets)).toEqual({
      startTick: 8640,
      endTick: 9600,
      trackId: track.id,
      clipId: null,
      detached: true,
    });
  });

  it("pins to a track", () => {
    const { track, targets } = song();
    const comments = new Y.Doc();
    const c = addComment(
      comments,
      { author: MIA, text: "Too loud", anchor: { startTick: 0, trackId: track.id } },
      targets,
      USER,
    );
    expect(c.anchor).toMatchObject({ trackId: track.id, clipId: null });
  });

  it.each([
    ["INVALID_COMMENT_TEXT", { author: MIA, text: "  ", anchor: { startTick: 0 } }],
    ["INVALID_COMMENT_TEXT", { author: MIA, text: "x".repeat(2001), anchor: { startTick: 0 } }],
    ["INVALID_COMMENT_TEXT", { author: MIA, text: 42, anchor: { startTick: 0 } }],
    ["INVALID_AUTHOR_NAME", { author: { userId: MIA.userId, name: "" }, text: "hi", anchor: { startTick: 0 } }],
    [
      "INVALID_AUTHOR_NAME",
      { author: { userId: MIA.userId, name: "x".repeat(61) }, text: "hi", anchor: { startTick: 0 } },
    ],
    ["INVALID_AUTHOR_ID", { author: { userId: "a b", name: "Mia" }, text: "hi", anchor: { startTick: 0 } }],
    ["INVALID_COMMENT_ANCHOR", { author: MIA, text: "hi" }],
    ["INVALID_COMMENT_ANCHOR", { author: MIA, text: "hi", anchor: { startTick: -1 } }],
    ["INVALID_COMMENT_ANCHOR", { author: MIA, text: "hi", anchor: { startTick: 1.5 } }],
    ["INVALID_COMMENT_ANCHOR", { author: MIA, text: "hi", anchor: { startTick: Number.NaN } }],
    ["INVALID_COMMENT_ANCHOR", { author: MIA, text: "hi", anchor: { startTick: 960, endTick: 0 } }],
    ["COMMENT_ANCHOR_NOT_FOUND", { author: MIA, text: "hi", anchor: { startTick: 0, clipId: "nosuchclip000000" } }],
    ["COMMENT_ANCHOR_NOT_FOUND", { author: MIA, text: "hi", anchor: { startTick: 0, trackId: "nosuchtrack00000" } }],
    ["COMMENT_ANCHOR_NOT_FOUND", { author: MIA, text: "hi", anchor: { startTick: 0, clipId: "../../etc" } }],
    ["INVALID_MENTION", { author: MIA, text: "hi", anchor: { startTick: 0 }, mentions: [{ userId: "", name: "x" }] }],
    ["INVALID_MENTION", { author: MIA, text: "hi", anchor: { startTick: 0 }, mentions: "Jo" }],
    ["INVALID_VERSION_ID", { author: MIA, text: "hi", anchor: { startTick: 0 }, versionId: "has space" }],
  ] as const)("refuses %s %j", (code, init) => {
    const { targets } = song();
    const doc = new Y.Doc();
    const error = expectRejected(doc, code, () => addComment(doc, init as never, targets, USER));
    expect(error.message).not.toMatch(/undefined|NaN|\[object/);
    expect(listComments(doc)).toEqual([]);
  });

  it("refuses a clip anchor on another track than the clip's", () => {
    const { doc: songDoc, clip, targets } = song();
    const other = addTrack(songDoc, { kind: "instrument" }, USER);
    const doc = new Y.Doc();
    expectRejected(doc, "INVALID_COMMENT_ANCHOR", () =>
      addComment(
        doc,
        { author: MIA, text: "hi", anchor: { startTick: 0, clipId: clip.id, trackId: other.id } },
        targets,
        USER,
      ),
    );
  });

  it("stores text exactly as typed: markup is data, not HTML", () => {
    const doc = new Y.Doc();
    const c = addComment(doc, point('<img src=x onerror="alert(1)"> & <b>bold</b>'), NO_TARGETS, USER);
    expect(c.text).toBe('<img src=x onerror="alert(1)"> & <b>bold</b>');
  });

  it("lists by createdAt then id, and converges across peers", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const now = vi.spyOn(Date, "now");
    now.mockReturnValue(300);
    const late = addComment(a, point("late"), NO_TARGETS, USER);
    now.mockReturnValue(100);
    const early = addComment(b, point("early"), NO_TARGETS, USER);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(listComments(a).map((c) => c.id)).toEqual([early.id, late.id]);
    expect(listComments(b)).toEqual(listComments(a));
  });
});

describe("threads: replies, mentions, reactions, resolve, edit, delete", () => {
  it("concurrent replies, reactions and a resolve from two peers all merge", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const c = addComment(a, point("Check the bridge"), NO_TARGETS, USER);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const now = vi.spyOn(Date, "now");
    now.mockReturnValue(10);
    addReply(a, c.id, { author: MIA, text: "I'll redo it" }, USER);
    now.mockReturnValue(20);
    addReply(b, c.id, { author: JO, text: "@Mia thanks", mentions: [MIA] }, USER);
    toggleCommentReaction(a, { threadId: c.id }, "fire", MIA, USER);
    toggleCommentReaction(b, { threadId: c.id }, "fire", JO, USER);
    toggleCommentReaction(b, { threadId: c.id }, "eyes", JO, USER);
    setCommentResolved(b, c.id, true, JO, USER);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const thread = getComment(a, c.id)!;
    expect(thread.replies.map((r) => [r.authorName, r.text])).toEqual([
      ["Mia", "I'll redo it"],
      ["Jo", "@Mia thanks"],
    ]);
    expect(thread.replies[1].mentions).toEqual([MIA]);
    expect(thread.reactions).toEqual([
      { reaction: "fire", people: [JO, MIA].sort((x, y) => (x.userId < y.userId ? -1 : 1)) },
      { reaction: "eyes", people: [JO] },
    ]);
    expect(thread.resolved).toEqual({ byId: JO.userId, byName: "Jo", at: 20 });
    expect(getComment(b, c.id)).toEqual(thread);
  });

  it("a reaction toggles per person; a reply can have its own", () => {
    const doc = new Y.Doc();
    const c = addComment(doc, point("x"), NO_TARGETS, USER);
    const r = addReply(doc, c.id, { author: JO, text: "y" }, USER);
    expect(toggleCommentReaction(doc, { threadId: c.id, replyId: r.id }, "heart", MIA, USER)).toBe(true);
    expect(getComment(doc, c.id)!.replies[0].reactions).toEqual([{ reaction: "heart", people: [MIA] }]);
    expect(toggleCommentReaction(doc, { threadId: c.id, replyId: r.id }, "heart", MIA, USER)).toBe(false);
    expect(getComment(doc, c.id)!.replies[0].reactions).toEqual([]);
    expectRejected(doc, "INVALID_REACTION", () =>
      toggleCommentReaction(doc, { threadId: c.id }, "poop" as never, MIA, USER),
    );
  });

  it("resolve and reopen; repeating the state writes nothing", () => {
    const doc = new Y.Doc();
    const c = addComment(doc, point("x"), NO_TARGETS, USER);
    expectOneTransaction(doc, USER, () => setCommentResolved(doc, c.id, true, JO, USER));
    const spy = spyDoc(doc);
    setCommentResolved(doc, c.id, true, JO, USER);
    spy.stop();
    expect(spy.updates).toEqual([]);
    setCommentResolved(doc, c.id, false, MIA, USER);
    expect(getComment(doc, c.id)!.resolved).toBeNull();
  });

  it("edits text (marking editedAt) and deletes replies and threads", () => {
    const doc = new Y.Doc();
    const c = addComment(doc, point("typo"), NO_TARGETS, USER);
    const r = addReply(doc, c.id, { author: JO, text: "reply" }, USER);
    vi.spyOn(Date, "now").mockReturnValue(99_000);
    editCommentText(doc, { threadId: c.id }, "fixed", undefined, USER);
    editCommentText(doc, { threadId: c.id, replyId: r.id }, "reply, edited", [MIA], USER);
    const t = getComment(doc, c.id)!;
    expect([t.text, t.editedAt]).toEqual(["fixed", 99_000]);
    expect(t.replies[0]).toMatchObject({ text: "reply, edited", editedAt: 99_000, mentions: [MIA] });
    expectRejected(doc, "INVALID_COMMENT_TEXT", () => editCommentText(doc, { threadId: c.id }, " ", undefined, USER));
    deleteReply(doc, c.id, r.id, USER);
    expect(getComment(doc, c.id)!.replies).toEqual([]);
    expectRejected(doc, "COMMENT_NOT_FOUND", () => deleteReply(doc, c.id, r.id, USER));
    deleteComment(doc, c.id, USER);
    expect(listComments(doc)).toEqual([]);
    expectRejected(doc, "COMMENT_NOT_FOUND", () => addReply(doc, c.id, { author: JO, text: "late" }, USER));
    expectRejected(doc, "COMMENT_NOT_FOUND", () => setCommentResolved(doc, c.id, true, JO, USER));
  });

  it("a reply to a thread someone deleted concurrently disappears with it", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const c = addComment(a, point("x"), NO_TARGETS, USER);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    deleteComment(a, c.id, USER);
    addReply(b, c.id, { author: JO, text: "late reply" }, USER);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(listComments(a)).toEqual([]);
    expect(listComments(b)).toEqual([]);
  });
});

describe("readers tolerate anything a peer stored", () => {
  it("skips entries without text, ignores bad reactions, mentions and anchors", () => {
    const doc = new Y.Doc();
    const comments = doc.getMap<unknown>("comments");
    comments.set("plainvalue000", { text: "not a Y.Map" });
    const empty = new Y.Map<unknown>();
    comments.set("notextcomment", empty);
    empty.set("authorName", "Mia");
    const odd = new Y.Map<unknown>();
    comments.set("oddcomment0000", odd);
    odd.set("text", "<script>x</script>");
    odd.set("anchor", { startTick: 10, endTick: 5, clipId: "abcdefabcdef12", clipOffsetTicks: "x" });
    odd.set("mentions", [{ userId: "bad id" }, { userId: JO.userId, name: "Jo" }]);
    const reactions = new Y.Map<unknown>();
    odd.set("reactions", reactions);
    reactions.set("fire:" + JO.userId, "Jo");
    reactions.set("unknown:" + JO.userId, "Jo");
    reactions.set("noseparator", "Jo");
    odd.set("resolved", { at: "yesterday" });
    const [t] = listComments(doc);
    expect(listComments(doc)).toHaveLength(1);
    expect(t).toMatchObject({
      id: "oddcomment0000",
      text: "<script>x</script>",
      authorName: "Someone",
      authorId: "",
      anchor: { startTick: 10, endTick: 10, trackId: null, clipId: null, clipOffsetTicks: null },
      mentions: [JO],
      reactions: [{ reaction: "fire", people: [JO] }],
      resolved: null,
      replies: [],
    });
  });

  it("shows v1 comments (seconds) and migrates them to have reply maps", () => {
    const doc = new Y.Doc();
    const v1 = new Y.Map<unknown>();
    doc.getMap("comments").set("legacycomment1", v1);
    v1.set("authorName", "Old");
    v1.set("text", "from v1");
    v1.set("atSeconds", 12.5);
    v1.set("createdAt", 1);
    doc.getMap("meta").set("schemaVersion", 1);
    expect(listComments(doc)[0]).toMatchObject({ anchor: null, legacyAtSeconds: 12.5 });
    initCommentsDoc(doc);
    expect(doc.getMap("meta").get("schemaVersion")).toBe(COMMENTS_SCHEMA_VERSION);
    expect(v1.get("replies")).toBeInstanceOf(Y.Map);
    addReply(doc, "legacycomment1", { author: JO, text: "still works" }, USER);
    expect(listComments(doc)[0].replies).toHaveLength(1);
  });
});

describe("filters and unread", () => {
  it("filters open / resolved / mine and counts unread by others since a time", () => {
    const doc = new Y.Doc();
    const now = vi.spyOn(Date, "now");
    now.mockReturnValue(100);
    const mine = addComment(doc, point("mine"), NO_TARGETS, USER);
    now.mockReturnValue(200);
    const joS = addComment(doc, { author: JO, text: "jo's", anchor: { startTick: 0 } }, NO_TARGETS, USER);
    now.mockReturnValue(300);
    const mentioning = addComment(
      doc,
      { author: JO, text: "@Mia look", anchor: { startTick: 0 }, mentions: [MIA] },
      NO_TARGETS,
      USER,
    );
    now.mockReturnValue(400);
    addReply(doc, mine.id, { author: JO, text: "reply to Mia" }, USER);
    setCommentResolved(doc, joS.id, true, JO, USER);
    const all = listComments(doc);
    expect(filterComments(all, "open", MIA.userId).map((t) => t.id)).toEqual([mine.id, mentioning.id]);
    expect(filterComments(all, "resolved", MIA.userId).map((t) => t.id)).toEqual([joS.id]);
    expect(filterComments(all, "mine", MIA.userId).map((t) => t.id)).toEqual([mine.id, mentioning.id]);
    expect(filterComments(all, "all", MIA.userId)).toHaveLength(3);
    expect(countUnread(all, MIA.userId, 0)).toBe(3);
    expect(countUnread(all, MIA.userId, 250)).toBe(2);
    expect(countUnread(all, JO.userId, 0)).toBe(1);
    expect(latestCommentTime(all)).toBe(400);
  });
});

describe("observeComments and initCommentsDoc", () => {
  it("fires once per transaction that changed comments, including nested replies", () => {
    const doc = new Y.Doc();
    let calls = 0;
    const stop = observeComments(doc, () => calls++);
    const c = addComment(doc, point("one"), NO_TARGETS, USER);
    addReply(doc, c.id, { author: JO, text: "two" }, USER);
    initCommentsDoc(doc);
    expect(calls).toBe(2);
    stop();
    addComment(doc, point("three"), NO_TARGETS, USER);
    expect(calls).toBe(2);
  });

  it("records the comments schema version once and refuses a newer schema", () => {
    const doc = new Y.Doc();
    initCommentsDoc(doc);
    expect(doc.getMap("meta").get("schemaVersion")).toBe(COMMENTS_SCHEMA_VERSION);
    const spy = spyDoc(doc);
    initCommentsDoc(doc);
    spy.stop();
    expect(spy.origins).toEqual([]);
    const newer = new Y.Doc();
    newer.getMap("meta").set("schemaVersion", COMMENTS_SCHEMA_VERSION + 1);
    expectRejected(newer, "SCHEMA_TOO_NEW", () => initCommentsDoc(newer));
  });
});
