import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { YCloseCode, type ShareLinkView } from "@bandspace/protocol";
import { connectSocket } from "../../helpers/socket-client";
import { connectYClient, type TestYClient } from "../../helpers/yjs-client";
import { api, createLink, createSession, startTestServer, type TestServer } from "../../helpers/server";

describe("share link expiry", () => {
  let server: TestServer;
  const clients: TestYClient[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.stop();
  });

  it("stores and lists the expiry and label; refuses expiries in the past or too far away", async () => {
    const session = await createSession(server.url);
    const at = new Date(Date.now() + 3600_000);
    const link = await createLink(server.url, session, "comment", "Mix notes", at);
    expect(link.expiresAt).toBe(at.toISOString());
    expect(link.label).toBe("Mix notes");
    const list = await api<{ links: ShareLinkView[] }>(server.url, "GET", `/api/sessions/${session.sessionId}/links`, {
      token: session.ownerToken,
    });
    expect(list.body.links[0]).toMatchObject({ id: link.id, expiresAt: at.toISOString(), label: "Mix notes" });
    for (const expiresAt of [
      new Date(Date.now() - 1000).toISOString(),
      new Date(Date.now() + 400 * 86400_000).toISOString(),
      "tomorrow",
    ]) {
      const r = await api<{ error: { code: string } }>(server.url, "POST", `/api/sessions/${session.sessionId}/links`, {
        token: session.ownerToken,
        body: { role: "view", expiresAt },
      });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("BAD_REQUEST");
    }
  });

  it("closes open connections when the link expires, and refuses it afterwards on every path", async () => {
    const session = await createSession(server.url);
    // Long enough for both connections to open on a busy machine; the test then waits for the expiry.
    const link = await createLink(server.url, session, "edit", undefined, new Date(Date.now() + 5000));
    const song = connectYClient({ baseUrl: server.url, sessionId: session.sessionId, token: link.token });
    clients.push(song);
    await song.synced();
    const sock = connectSocket(server.url, session.sessionId, link.token);
    expect(await sock.hello).toBe("edit");
    expect(song.provider.wsconnected).toBe(true);

    const closed = await song.closed;
    expect(closed.code).toBe(YCloseCode.linkRevoked);
    expect(closed.reason).toMatch(/expired/);
    await sock.disconnected;
    expect(sock.errors.map((e) => e.code)).toContain("LINK_EXPIRED");

    const again = connectYClient({ baseUrl: server.url, sessionId: session.sessionId, token: link.token });
    clients.push(again);
    expect((await again.closed).reason).toMatch(/expired/);
    const info = await api<{ error: { code: string } }>(server.url, "GET", `/api/links/${link.token}`);
    expect(info.status).toBe(401);
    expect(info.body.error.code).toBe("LINK_EXPIRED");
    const versions = await api<{ error: { code: string } }>(
      server.url,
      "GET",
      `/api/sessions/${session.sessionId}/versions`,
      { token: link.token },
    );
    expect(versions.body.error.code).toBe("LINK_EXPIRED");
    const late = connectSocket(server.url, session.sessionId, link.token);
    await expect(late.hello).rejects.toThrow("LINK_EXPIRED");
    late.socket.close();
  });
});
