import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as ioClient } from "socket.io-client";
import { PROTOCOL_VERSION, YCloseCode } from "@bandspace/protocol";
import { connectYClient, type TestYClient } from "../../helpers/yjs-client";
import { api, createLink, createSession, startTestServer, type TestServer } from "../../helpers/server";

describe("revoking a share link", () => {
  let server: TestServer;
  const clients: TestYClient[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.stop();
  });

  it("closes its open Yjs and socket.io connections at once and it can no longer join", async () => {
    const session = await createSession(server.url);
    const link = await createLink(server.url, session, "edit");
    const other = await createLink(server.url, session, "edit");
    const song = connectYClient({ baseUrl: server.url, sessionId: session.sessionId, token: link.token });
    const comments = connectYClient({
      baseUrl: server.url,
      sessionId: session.sessionId,
      token: link.token,
      doc: "comments",
    });
    const bystander = connectYClient({ baseUrl: server.url, sessionId: session.sessionId, token: other.token });
    clients.push(song, comments, bystander);
    await Promise.all([song.synced(), comments.synced(), bystander.synced()]);

    const socket = ioClient(server.url, { transports: ["websocket"], reconnection: false });
    const errors: { code: string; message: string }[] = [];
    socket.on("error", (e: { code: string; message: string }) => errors.push(e));
    const hello = new Promise((resolve) => socket.once("hello", resolve));
    socket.emit("hello", { protocolVersion: PROTOCOL_VERSION, sessionId: session.sessionId, token: link.token });
    await hello;
    const disconnected = new Promise((resolve) => socket.once("disconnect", resolve));

    const revoked = await api<{ revokedAt: string | null }>(
      server.url,
      "DELETE",
      `/api/sessions/${session.sessionId}/links/${link.id}`,
      {
        token: session.ownerToken,
      },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();

    const [songClose, commentsClose] = await Promise.all([song.closed, comments.closed]);
    expect(songClose.code).toBe(YCloseCode.linkRevoked);
    expect(songClose.reason).toMatch(/revoked/);
    expect(commentsClose.code).toBe(YCloseCode.linkRevoked);
    await disconnected;
    expect(errors.map((e) => e.code)).toContain("LINK_REVOKED");

    // The other link is untouched.
    expect(bystander.provider.wsconnected).toBe(true);

    // A new connection with the revoked token is refused with the same terminal code.
    const again = connectYClient({ baseUrl: server.url, sessionId: session.sessionId, token: link.token });
    clients.push(again);
    const refused = await again.closed;
    expect(refused.code).toBe(YCloseCode.linkRevoked);
    expect(again.doc.getMap("song").size).toBe(0);

    // And over HTTP.
    const info = await api<{ error: { code: string } }>(server.url, "GET", `/api/links/${link.token}`);
    expect(info.status).toBe(401);
    expect(info.body.error.code).toBe("LINK_REVOKED");
    const sess = await api<{ error: { code: string } }>(server.url, "GET", `/api/sessions/${session.sessionId}`, {
      token: link.token,
    });
    expect(sess.status).toBe(401);
    socket.close();
  });

  it("only the owner can revoke or list links", async () => {
    const session = await createSession(server.url);
    const editor = await createLink(server.url, session, "edit");
    const target = await createLink(server.url, session, "view");
    const byEditor = await api<{ error: { code: string } }>(
      server.url,
      "DELETE",
      `/api/sessions/${session.sessionId}/links/${target.id}`,
      {
        token: editor.token,
      },
    );
    expect(byEditor.status).toBe(403);
    expect(byEditor.body.error.code).toBe("ROLE_FORBIDDEN");
    const listed = await api<{ links: { id: string; revokedAt: string | null }[] }>(
      server.url,
      "GET",
      `/api/sessions/${session.sessionId}/links`,
      {
        token: session.ownerToken,
      },
    );
    expect(listed.body.links.find((l) => l.id === target.id)?.revokedAt).toBeNull();
    expect(listed.body.links.map((l) => l.id).sort()).toEqual([editor.id, target.id].sort());
  });
});
