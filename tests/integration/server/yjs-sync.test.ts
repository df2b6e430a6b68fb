import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { connectYClient, waitFor, type TestYClient } from "../../helpers/yjs-client";
import { createLink, createSession, startTestServer, type TestServer } from "../../helpers/server";

describe("two WebsocketProviders in one session", () => {
  let server: TestServer;
  const clients: TestYClient[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.stop();
  });

  it("converge on concurrent edits through the server", async () => {
    const session = await createSession(server.url);
    const link = await createLink(server.url, session, "edit");
    const a = connectYClient({ baseUrl: server.url, sessionId: session.sessionId, token: session.ownerToken });
    const b = connectYClient({ baseUrl: server.url, sessionId: session.sessionId, token: link.token });
    clients.push(a, b);
    await Promise.all([a.synced(), b.synced()]);

    a.doc.getMap("song").set("title", "Midnight Train");
    for (let i = 0; i < 20; i++) {
      a.doc.getArray<string>("log").push([`a${i}`]);
      b.doc.getArray<string>("log").push([`b${i}`]);
    }
    await waitFor(() => b.doc.getMap("song").get("title") === "Midnight Train", 3000, "title on b");
    await waitFor(
      () => a.doc.getArray("log").length === 40 && b.doc.getArray("log").length === 40,
      3000,
      "40 log entries on both",
    );
    expect(a.doc.getArray("log").toJSON()).toEqual(b.doc.getArray("log").toJSON());
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
  });

  it("acknowledges a writer's edits once they are stored, and shares presence", async () => {
    const session = await createSession(server.url);
    const a = connectYClient({ baseUrl: server.url, sessionId: session.sessionId, token: session.ownerToken });
    const b = connectYClient({ baseUrl: server.url, sessionId: session.sessionId, token: session.ownerToken });
    clients.push(a, b);
    await Promise.all([a.synced(), b.synced()]);
    a.doc.getMap("song").set("tempoBpm", 96);
    await a.acknowledged();
    expect(a.persisted.get(a.doc.clientID)).toBeGreaterThan(0);

    a.provider.awareness.setLocalStateField("user", { name: "Ana", color: "#f59e0b" });
    await waitFor(
      () => [...b.provider.awareness.getStates().values()].some((s) => (s.user as { name?: string })?.name === "Ana"),
      3000,
      "Ana's presence on b",
    );
    // Leaving removes the presence for the others.
    a.provider.disconnect();
    await waitFor(
      () => ![...b.provider.awareness.getStates().values()].some((s) => (s.user as { name?: string })?.name === "Ana"),
      3000,
      "Ana gone on b",
    );
  });

  it("keeps the song and comments documents apart", async () => {
    const session = await createSession(server.url);
    const song = connectYClient({
      baseUrl: server.url,
      sessionId: session.sessionId,
      token: session.ownerToken,
      doc: "song",
    });
    const comments = connectYClient({
      baseUrl: server.url,
      sessionId: session.sessionId,
      token: session.ownerToken,
      doc: "comments",
    });
    clients.push(song, comments);
    await Promise.all([song.synced(), comments.synced()]);
    song.doc.getMap("song").set("title", "Only in song");
    await song.acknowledged();
    const reader = connectYClient({
      baseUrl: server.url,
      sessionId: session.sessionId,
      token: session.ownerToken,
      doc: "comments",
    });
    clients.push(reader);
    await reader.synced();
    expect(reader.doc.getMap("song").get("title")).toBeUndefined();
  });
});
