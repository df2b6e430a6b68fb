import * as Y from "yjs";
import { describe, expect, it, vi } from "vitest";
import {
  COMMENTS_SCHEMA_VERSION,
  addComment,
  initCommentsDoc,
  listComments,
  observeComments,
} from "@bandspace/model";
import { USER, expectOneTransaction, expectRejected, spyDoc } from "./helpers/doc-spy";

const COMMENTER = { kind: "user", userId: "guest-7" } as const;

describe("addComment / listComments", () => {
  it("adds a trimmed comment in one transaction and lists it", () => {
    const doc = new Y.Doc();
    vi.spyOn(Date, "now").mockReturnValue(5_000);
    const { result } = expectOneTransaction(doc, COMMENTER, () =>
      addComment(doc, { authorName: " Mia ", text: "  Bass is late here\r\nin bar 12 ", atSeconds: 12.5 }, COMMENTER),
    );
    vi.restoreAllMocks();
    expect(result).toEqual({
      id: result.id,
      authorName: "Mia",
      text: "Bass is late here\nin bar 12",
      atSeconds: 12.5,
      createdAt: 5_000,
    });
    expect(result.id).toMatch(/^[0-9a-z]{16}$/);
    expect(listComments(doc)).toEqual([result]);
  });

  it("lists by createdAt then id", () => {
    const doc = new Y.Doc();
    const now = vi.spyOn(Date, "now");
    now.mockReturnValue(300);
    const late = addComment(doc, { authorName: "A", text: "late", atSeconds: 0 }, USER);
    now.mockReturnValue(100);
    const early1 = addComment(doc, { authorName: "A", text: "early", atSeconds: 0 }, USER);
    const early2 = addComment(doc, { authorName: "A", text: "early too", atSeconds: 0 }, USER);
    vi.restoreAllMocks();
    const earlyIds = [early1.id, early2.id].sort();
    expect(listComments(doc).map((c) => c.id)).toEqual([...earlyIds, late.id]);
  });

  it.each([
    ["INVALID_COMMENT_TEXT", { authorName: "Mia", text: "  ", atSeconds: 0 }],
    ["INVALID_COMMENT_TEXT", { authorName: "Mia", text: "x".repeat(2001), atSeconds: 0 }],
    ["INVALID_AUTHOR_NAME", { authorName: "", text: "hi", atSeconds: 0 }],
    ["INVALID_AUTHOR_NAME", { authorName: "x".repeat(61), text: "hi", atSeconds: 0 }],
    ["INVALID_COMMENT_TIME", { authorName: "Mia", text: "hi", atSeconds: -0.01 }],
    ["INVALID_COMMENT_TIME", { authorName: "Mia", text: "hi", atSeconds: Number.POSITIVE_INFINITY }],
    ["INVALID_COMMENT_TIME", { authorName: "Mia", text: "hi", atSeconds: Number.NaN }],
  ] as const)("refuses %s %j", (code, init) => {
    const doc = new Y.Doc();
    expectRejected(doc, code, () => addComment(doc, init, USER));
    expect(listComments(doc)).toEqual([]);
  });

  it("skips entries a reader cannot show", () => {
    const doc = new Y.Doc();
    const comments = doc.getMap<unknown>("comments");
    comments.set("plainvalue000", { text: "not a Y.Map" });
    const empty = new Y.Map<unknown>();
    comments.set("notextcomment", empty);
    empty.set("authorName", "Mia");
    expect(listComments(doc)).toEqual([]);
  });

  it("converges across peers", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    addComment(a, { authorName: "A", text: "one", atSeconds: 1 }, USER);
    addComment(b, { authorName: "B", text: "two", atSeconds: 2 }, USER);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(listComments(a)).toHaveLength(2);
    expect(listComments(b)).toEqual(listComments(a));
  });
});

describe("observeComments", () => {
  it("fires once per transaction that changed comments", () => {
    const doc = new Y.Doc();
    let calls = 0;
    const stop = observeComments(doc, () => calls++);
    addComment(doc, { authorName: "A", text: "one", atSeconds: 1 }, USER);
    addComment(doc, { authorName: "A", text: "two", atSeconds: 1 }, USER);
    initCommentsDoc(doc);
    expect(calls).toBe(2);
    stop();
    addComment(doc, { authorName: "A", text: "three", atSeconds: 1 }, USER);
    expect(calls).toBe(2);
  });
});

describe("initCommentsDoc", () => {
  it("records the comments schema version once", () => {
    const doc = new Y.Doc();
    initCommentsDoc(doc);
    expect(doc.getMap("meta").get("schemaVersion")).toBe(COMMENTS_SCHEMA_VERSION);
    const spy = spyDoc(doc);
    initCommentsDoc(doc);
    spy.stop();
    expect(spy.origins).toEqual([]);
  });

  it("refuses comments from a newer schema", () => {
    const doc = new Y.Doc();
    doc.getMap("meta").set("schemaVersion", COMMENTS_SCHEMA_VERSION + 1);
    expectRejected(doc, "SCHEMA_TOO_NEW", () => initCommentsDoc(doc));
  });
});
