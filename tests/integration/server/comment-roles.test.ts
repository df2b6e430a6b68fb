import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addComment,
  addMidiClip,
  addReply,
  addTrack,
  anchorTargetsOf,
  getClip,
  listComments,
  listTracks,
  moveClip,
  setCommentResolved,
  setTempo,
  toggleCommentReaction,
} from "@bandspace/model";
import { READ_ONLY_REASON } from "@bandspace/protocol";
import { testDatabase, type TestDatabase } from "../../helpers/database";
import { connectYClient, sleep, waitFor, type TestYClient } from "../../helpers/yjs-client";
import { createLink, createSession, startTestServer, type TestServer } from "../../helpers/server";

/**
 * Timeline comments at the protocol level, with the model's own operations on real y-websocket clients:
 * a commenter's comment writes are relayed and stored, its arrangement writes are refused by the server,
 * and a viewer can write neither.
 */
describe("comment roles on the Yjs protocol", () => {
  let database: TestDatabase;
  let server: TestServer;
  const clients: TestYClient[] = [];
  const client = (...args: Parameters<typeof connectYClient>) => {
    const c = connectYClient(...args);
    clients.push(c);
    return c;
  };
  const MIA = { userId: "producer-browser-1", name: "Mia (producer)" };
  const ED = { userId: "editor-browser-01", name: "Ed" };
  const user = (userId: string) => ({ kind: "user" as const, userId });

  beforeAll(async () => {
    database = await testDatabase();
    server = await startTestServer({}, database);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.stop();
    await database.cleanup();
  });

  it("a commenter's comments, replies, reactions and resolve reach the editor live and survive a restart", async () => {
    const session = await createSession(server.url);
    const commentLink = await createLink(server.url, session, "comment");
    const viewLink = await createLink(server.url, session, "view");
    const at = (token: string, doc: "song" | "comments") => ({
      baseUrl: server.url,
      sessionId: session.sessionId,
      token,
      doc,
    });

    const editorSong = client(at(session.ownerToken, "song"));
    const editorComments = client(at(session.ownerToken, "comments"));
    await Promise.all([editorSong.synced(), editorComments.synced()]);
    const track = addTrack(editorSong.doc, { kind: "instrument" }, user(ED.userId));
    const clip = addMidiClip(
      editorSong.doc,
      { trackId: track.id, startTick: 3840, lengthTicks: 3840 },
      user(ED.userId),
    );
    await editorSong.acknowledged();

    const producerSong = client(at(commentLink.token, "song"));
    const producerComments = client(at(commentLink.token, "comments"));
    await Promise.all([producerSong.synced(), producerComments.synced()]);
    await waitFor(() => getClip(producerSong.doc, clip.id) !== null, 5000, "clip on the producer");

    const thread = addComment(
      producerComments.doc,
      { author: MIA, text: "Kick drifts here", anchor: { startTick: 4800, clipId: clip.id } },
      anchorTargetsOf(producerSong.doc),
      user(MIA.userId),
    );
    toggleCommentReaction(producerComments.doc, { threadId: thread.id }, "eyes", MIA, user(MIA.userId));
    await producerComments.acknowledged();
    expect(producerComments.denied).toEqual([]);
    await waitFor(() => listComments(editorComments.doc).length === 1, 5000, "comment on the editor");

    addReply(editorComments.doc, thread.id, { author: ED, text: "Fixed, have a listen" }, user(ED.userId));
    await waitFor(() => listComments(producerComments.doc)[0]?.replies.length === 1, 5000, "reply on the producer");
    setCommentResolved(producerComments.doc, thread.id, true, MIA, user(MIA.userId));
    await Promise.all([producerComments.acknowledged(), editorComments.acknowledged()]);

    // Restart the server on the same database: everything the commenter wrote is there for a viewer.
    for (const c of [editorSong, editorComments, producerSong, producerComments]) c.destroy();
    await server.close();
    server = await startTestServer({}, database);
    const viewer = client({ ...at(viewLink.token, "comments"), baseUrl: server.url });
    await viewer.synced();
    const [stored] = listComments(viewer.doc);
    expect(stored).toMatchObject({
      id: thread.id,
      authorId: MIA.userId,
      text: "Kick drifts here",
      anchor: { startTick: 4800, endTick: 4800, trackId: track.id, clipId: clip.id, clipOffsetTicks: 960 },
      resolved: { byId: MIA.userId, byName: MIA.name },
      reactions: [{ reaction: "eyes", people: [MIA] }],
    });
    expect(stored.replies.map((r) => r.text)).toEqual(["Fixed, have a listen"]);
  });

  it("the server refuses a commenter's arrangement writes (model operations on the song doc)", async () => {
    const session = await createSession(server.url);
    const commentLink = await createLink(server.url, session, "comment");
    const editor = client({ baseUrl: server.url, sessionId: session.sessionId, token: session.ownerToken });
    await editor.synced();
    const track = addTrack(editor.doc, { kind: "instrument" }, user(ED.userId));
    const clip = addMidiClip(editor.doc, { trackId: track.id, startTick: 0, lengthTicks: 3840 }, user(ED.userId));
    await editor.acknowledged();

    const producer = client({ baseUrl: server.url, sessionId: session.sessionId, token: commentLink.token });
    await producer.synced();
    await waitFor(() => producer.denied.length > 0, 5000, "read-only notice on the song");
    expect(producer.denied[0]).toBe(READ_ONLY_REASON);
    await waitFor(() => getClip(producer.doc, clip.id) !== null, 5000, "clip on the producer");

    // The client's own doc diverges (a rogue client ignores the UI), but nothing reaches the server.
    moveClip(producer.doc, clip.id, { startTick: 7680 }, user(MIA.userId));
    setTempo(producer.doc, 200, user(MIA.userId));
    addTrack(producer.doc, { kind: "audio", name: "Rogue" }, user(MIA.userId));
    await sleep(500);
    expect(getClip(editor.doc, clip.id)!.startTick).toBe(0);
    expect(listTracks(editor.doc).map((t) => t.id)).toEqual([track.id]);

    const fresh = client({ baseUrl: server.url, sessionId: session.sessionId, token: session.ownerToken });
    await fresh.synced();
    expect(getClip(fresh.doc, clip.id)!.startTick).toBe(0);
    expect(listTracks(fresh.doc)).toHaveLength(1);
    expect(fresh.doc.getMap("song").get("tempoBpm")).toBeUndefined();
  });

  it("a viewer can write no comment, and still receives comments live", async () => {
    const session = await createSession(server.url);
    const viewLink = await createLink(server.url, session, "view");
    const editor = client({
      baseUrl: server.url,
      sessionId: session.sessionId,
      token: session.ownerToken,
      doc: "comments",
    });
    const viewer = client({
      baseUrl: server.url,
      sessionId: session.sessionId,
      token: viewLink.token,
      doc: "comments",
    });
    await Promise.all([editor.synced(), viewer.synced()]);
    const first = addComment(
      editor.doc,
      { author: ED, text: "Intro too long?", anchor: { startTick: 0 } },
      anchorTargetsOf(editor.doc),
      user(ED.userId),
    );
    await waitFor(() => listComments(viewer.doc).length === 1, 5000, "comment on the viewer");

    await waitFor(() => viewer.denied.length > 0, 5000, "read-only notice on comments");
    addComment(
      viewer.doc,
      { author: MIA, text: "viewer sneaks in", anchor: { startTick: 0 } },
      anchorTargetsOf(viewer.doc),
      user(MIA.userId),
    );
    addReply(viewer.doc, first.id, { author: MIA, text: "sneaky reply" }, user(MIA.userId));
    setCommentResolved(viewer.doc, first.id, true, MIA, user(MIA.userId));
    await sleep(500);
    const onEditor = listComments(editor.doc);
    expect(onEditor.map((t) => t.text)).toEqual(["Intro too long?"]);
    expect(onEditor[0].replies).toEqual([]);
    expect(onEditor[0].resolved).toBeNull();

    const fresh = client({
      baseUrl: server.url,
      sessionId: session.sessionId,
      token: session.ownerToken,
      doc: "comments",
    });
    await fresh.synced();
    expect(listComments(fresh.doc).map((t) => t.text)).toEqual(["Intro too long?"]);
  });
});
