import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { connectYClient, waitFor, type TestYClient } from "../../helpers/yjs-client";
import { colorForUser } from "@bandspace/protocol";
import { createLink, createSession, joinAsMember, startTestServer, type TestServer } from "../../helpers/server";

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
      a.doc.getMap<string>("sections").set(`a${i}`, `from a ${i}`);
      b.doc.getMap<string>("sections").set(`b${i}`, `from b ${i}`);
      // Both write one key: last writer wins, identically on both.
      a.doc.getMap<string>("transport").set("contested", `a${i}`);
      b.doc.getMap<string>("transport").set("contested", `b${i}`);
    }
    await waitFor(() => b.doc.getMap("song").get("title") === "Midnight Train", 3000, "title on b");
    await waitFor(
      () => a.doc.getMap("sections").size === 40 && b.doc.getMap("sections").size === 40,
      3000,
      "40 entries on both",
    );
    expect(a.doc.getMap("sections").toJSON()).toEqual(b.doc.getMap("sections").toJSON());
    expect(a.doc.getMap("transport").toJSON()).toEqual(b.doc.getMap("transport").toJSON());
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
  });

  it("acknowledges a writer's edits once they are stored, and shares presence under the verified name", async () => {
    const session = await createSession(server.url);
    const ana = await joinAsMember(server.url, session.sessionId, session.ownerToken, "Ana");
    const a = connectYClient({
      baseUrl: server.url,
      sessionId: session.sessionId,
      token: session.ownerToken,
      member: ana.secret,
    });
    const b = connectYClient({ baseUrl: server.url, sessionId: session.sessionId, token: session.ownerToken });
    clients.push(a, b);
    await Promise.all([a.synced(), b.synced()]);
    a.doc.getMap("song").set("tempoBpm", 96);
    await a.acknowledged();
    expect(a.persisted.get(a.doc.clientID)).toBeGreaterThan(0);

    // What a client claims about itself is replaced by the member's verified identity.
    a.provider.awareness.setLocalStateField("user", { name: "The Producer", color: "#f59e0b", role: "owner" });
    await waitFor(
      () => [...b.provider.awareness.getStates().values()].some((s) => (s.user as { name?: string })?.name === "Ana"),
      3000,
      "Ana's presence on b",
    );
    const seen = b.provider.awareness.getStates().get(a.doc.clientID) as { user: Record<string, unknown> };
    expect(seen.user).toEqual({ userId: ana.memberId, name: "Ana", color: colorForUser(ana.memberId), role: "owner" });
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
