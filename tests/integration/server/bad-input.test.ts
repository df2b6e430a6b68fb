import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { io as ioClient, type Socket } from "socket.io-client";
import { PROTOCOL_VERSION, YCloseCode } from "@bandspace/protocol";
import { connectYClient, type TestYClient } from "../../helpers/yjs-client";
import { api, createLink, createSession, startTestServer, type TestServer } from "../../helpers/server";

/** Opens a raw websocket and resolves with how the server closed it. */
function rawClose(url: string, send?: Buffer | string): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on("open", () => {
      if (send !== undefined) ws.send(send);
    });
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.on("error", reject);
  });
}

function helloReply(
  url: string,
  payload: unknown,
): Promise<{ event: "hello" | "error"; data: { code?: string; message?: string; role?: string } }> {
  const socket: Socket = ioClient(url, { transports: ["websocket"], reconnection: false });
  return new Promise((resolve) => {
    socket.on("hello", (data: { role?: string }) => {
      resolve({ event: "hello", data });
      socket.close();
    });
    socket.on("error", (data: { code?: string; message?: string }) => {
      resolve({ event: "error", data });
      socket.close();
    });
    socket.emit("hello", payload);
  });
}

describe("bad input gets a clear refusal and never hurts the server or a document", () => {
  let server: TestServer;
  let ws: string;
  const clients: TestYClient[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    ws = server.url.replace("http", "ws");
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.stop();
  });

  it("refuses unknown and malformed tokens, session ids and paths with terminal close codes", async () => {
    const session = await createSession(server.url);
    const other = await createSession(server.url);
    const cases: [string, number, RegExp][] = [
      [`${ws}/yjs/${session.sessionId}/song`, YCloseCode.invalidToken, /not valid/],
      [`${ws}/yjs/${session.sessionId}/song?token=short`, YCloseCode.invalidToken, /not valid/],
      [`${ws}/yjs/${session.sessionId}/song?token=${"A".repeat(32)}`, YCloseCode.invalidToken, /does not exist/],
      [`${ws}/yjs/${session.sessionId}/song?token=${other.ownerToken}`, YCloseCode.invalidToken, /does not belong/],
      [`${ws}/yjs/NOT-A-SESSION/song?token=${session.ownerToken}`, YCloseCode.badRequest, /Unknown document/],
      [`${ws}/yjs/${session.sessionId}/mixer?token=${session.ownerToken}`, YCloseCode.badRequest, /Unknown document/],
    ];
    for (const [url, code, reason] of cases) {
      const closed = await rawClose(url);
      expect(closed.code, url).toBe(code);
      expect(closed.reason, url).toMatch(reason);
    }
  });

  it("closes a connection that sends garbage, and the document stays intact", async () => {
    const session = await createSession(server.url);
    const good = connectYClient({ baseUrl: server.url, sessionId: session.sessionId, token: session.ownerToken });
    clients.push(good);
    await good.synced();
    good.doc.getMap("song").set("title", "Intact");
    await good.acknowledged();

    const url = `${ws}/yjs/${session.sessionId}/song?token=${session.ownerToken}`;
    // sync/update message with a corrupt update payload
    const corruptUpdate = Buffer.from([0, 2, 6, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    expect((await rawClose(url, corruptUpdate)).code).toBe(YCloseCode.badRequest);
    // unknown message type
    expect((await rawClose(url, Buffer.from([42, 1, 2, 3]))).code).toBe(YCloseCode.badRequest);
    // text frame
    expect((await rawClose(url, "hello?")).code).toBe(YCloseCode.badRequest);
    // truncated message
    expect((await rawClose(url, Buffer.from([0]))).code).toBe(YCloseCode.badRequest);

    const check = connectYClient({ baseUrl: server.url, sessionId: session.sessionId, token: session.ownerToken });
    clients.push(check);
    await check.synced();
    expect(check.doc.getMap("song").get("title")).toBe("Intact");
    expect(good.provider.wsconnected).toBe(true);
  });

  it("answers bad HTTP requests with codes and messages", async () => {
    const r1 = await fetch(`${server.url}/api/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(r1.status).toBe(400);
    expect(((await r1.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
    const r2 = await api<{ error: { message: string } }>(server.url, "POST", "/api/sessions", {
      body: { name: "   " },
    });
    expect(r2.status).toBe(400);
    expect(r2.body.error.message).toMatch(/name/);
    const r3 = await fetch(`${server.url}/api/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(100_000) }),
    });
    expect(r3.status).toBe(413);
    const r4 = await api<{ error: { code: string } }>(server.url, "GET", "/api/links/not-a-token");
    expect(r4.status).toBe(401);
    expect(r4.body.error.code).toBe("INVALID_TOKEN");
    const r5 = await api<{ error: { code: string } }>(server.url, "GET", "/api/sessions/zzzzzzzzzzzzzzzz");
    expect(r5.status).toBe(401);
    const session = await createSession(server.url);
    const viewer = await createLink(server.url, session, "view");
    const r6 = await api<{ error: { code: string } }>(server.url, "POST", `/api/sessions/${session.sessionId}/links`, {
      token: viewer.token,
      body: { role: "edit" },
    });
    expect(r6.status).toBe(403);
    const r7 = await api<{ error: { code: string } }>(server.url, "POST", `/api/sessions/${session.sessionId}/links`, {
      token: session.ownerToken,
      body: { role: "owner" },
    });
    expect(r7.status).toBe(400);
    const r8 = await api<{ error: { code: string } }>(server.url, "GET", "/api/nope");
    expect(r8.status).toBe(404);
  });

  it("refuses malformed socket.io hellos and wrong protocol versions", async () => {
    const session = await createSession(server.url);
    expect((await helloReply(server.url, "garbage")).data.code).toBe("MALFORMED_MESSAGE");
    expect(
      (await helloReply(server.url, { protocolVersion: PROTOCOL_VERSION, sessionId: session.sessionId })).data.code,
    ).toBe("MALFORMED_MESSAGE");
    const old = await helloReply(server.url, {
      protocolVersion: 0.5,
      sessionId: session.sessionId,
      token: session.ownerToken,
    });
    expect(old.data.code).toBe("PROTOCOL_VERSION_MISMATCH");
    const newer = await helloReply(server.url, {
      protocolVersion: PROTOCOL_VERSION + 1,
      sessionId: session.sessionId,
      token: session.ownerToken,
    });
    expect(newer.data.code).toBe("PROTOCOL_VERSION_MISMATCH");
    expect(newer.data.message).toMatch(/server is older/);
    const wrong = await helloReply(server.url, {
      protocolVersion: PROTOCOL_VERSION,
      sessionId: session.sessionId,
      token: "B".repeat(32),
    });
    expect(wrong.data.code).toBe("INVALID_TOKEN");
    const ok = await helloReply(server.url, {
      protocolVersion: PROTOCOL_VERSION,
      sessionId: session.sessionId,
      token: session.ownerToken,
    });
    expect(ok.event).toBe("hello");
    expect(ok.data.role).toBe("owner");
  });
});
