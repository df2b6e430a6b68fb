import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { READ_ONLY_REASON } from "@bandspace/protocol";
import { connectYClient, sleep, waitFor, type TestYClient } from "../../helpers/yjs-client";
import { addComment, anchorTargetsOf, listComments } from "@bandspace/model";
import { createLink, createSession, joinAsMember, startTestServer, type TestServer } from "../../helpers/server";

describe("roles are enforced by the server on the Yjs protocol", () => {
  let server: TestServer;
  const clients: TestYClient[] = [];
  const client = (...args: Parameters<typeof connectYClient>) => {
    const c = connectYClient(...args);
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.stop();
  });

  it("a viewer receives the document, but its updates are dropped and it is told so", async () => {
    const session = await createSession(server.url);
    const viewLink = await createLink(server.url, session, "view");
    const editor = client({ baseUrl: server.url, sessionId: session.sessionId, token: session.ownerToken });
    await editor.synced();
    editor.doc.getMap("song").set("title", "Before the viewer");
    await editor.acknowledged();

    const viewer = client({ baseUrl: server.url, sessionId: session.sessionId, token: viewLink.token });
    await viewer.synced();
    expect(viewer.doc.getMap("song").get("title")).toBe("Before the viewer");
    await waitFor(() => viewer.denied.length > 0, 3000, "read-only notice");
    expect(viewer.denied[0]).toBe(READ_ONLY_REASON);

    viewer.doc.getMap("song").set("title", "Hijacked by viewer");
    viewer.doc.getMap("tracks").set("rogue", "rogue");
    await sleep(400);
    expect(editor.doc.getMap("song").get("title")).toBe("Before the viewer");
    expect(editor.doc.getMap("tracks").size).toBe(0);

    // A fresh client sees only the editor's state: nothing of the viewer reached the server.
    const fresh = client({ baseUrl: server.url, sessionId: session.sessionId, token: session.ownerToken });
    await fresh.synced();
    expect(fresh.doc.getMap("song").get("title")).toBe("Before the viewer");
    expect(fresh.doc.getMap("tracks").size).toBe(0);

    // The viewer still follows live edits.
    editor.doc.getMap("sections").set("live", "live edit");
    await waitFor(() => viewer.doc.getMap("sections").size === 1, 3000, "live edit on viewer");
  });

  it("a commenter may write the comments document but not the song", async () => {
    const session = await createSession(server.url);
    const commentLink = await createLink(server.url, session, "comment");
    const mia = await joinAsMember(server.url, session.sessionId, commentLink.token, "Mia");
    const editorSong = client({ baseUrl: server.url, sessionId: session.sessionId, token: session.ownerToken });
    const editorComments = client({
      baseUrl: server.url,
      sessionId: session.sessionId,
      token: session.ownerToken,
      doc: "comments",
    });
    const song = client({ baseUrl: server.url, sessionId: session.sessionId, token: commentLink.token });
    const comments = client({
      baseUrl: server.url,
      sessionId: session.sessionId,
      token: commentLink.token,
      doc: "comments",
      member: mia.secret,
    });
    await Promise.all([editorSong.synced(), editorComments.synced(), song.synced(), comments.synced()]);

    addComment(
      comments.doc,
      { author: { userId: mia.memberId, name: "Mia" }, text: "Love the bridge", anchor: { startTick: 0 } },
      anchorTargetsOf(song.doc),
      { kind: "user", userId: mia.memberId },
    );
    await comments.acknowledged();
    await waitFor(() => listComments(editorComments.doc).length === 1, 3000, "comment on editor");
    expect(comments.denied).toEqual([]);

    song.doc.getMap("song").set("tempoBpm", 300);
    await waitFor(() => song.denied.length > 0, 3000, "read-only notice on song");
    await sleep(300);
    expect(editorSong.doc.getMap("song").get("tempoBpm")).toBeUndefined();
  });

  it("an editor may write both documents", async () => {
    const session = await createSession(server.url);
    const editLink = await createLink(server.url, session, "edit");
    const edMember = await joinAsMember(server.url, session.sessionId, editLink.token, "Ed");
    const owner = client({ baseUrl: server.url, sessionId: session.sessionId, token: session.ownerToken });
    const ed = client({ baseUrl: server.url, sessionId: session.sessionId, token: editLink.token });
    const edComments = client({
      baseUrl: server.url,
      sessionId: session.sessionId,
      token: editLink.token,
      doc: "comments",
      member: edMember.secret,
    });
    await Promise.all([owner.synced(), ed.synced(), edComments.synced()]);
    ed.doc.getMap("song").set("key", "E minor");
    addComment(
      edComments.doc,
      { author: { userId: edMember.memberId, name: "Ed" }, text: "ok", anchor: { startTick: 0 } },
      anchorTargetsOf(ed.doc),
      { kind: "user", userId: edMember.memberId },
    );
    await Promise.all([ed.acknowledged(), edComments.acknowledged()]);
    await waitFor(() => owner.doc.getMap("song").get("key") === "E minor", 3000);
    expect(ed.denied).toEqual([]);
  });
});
