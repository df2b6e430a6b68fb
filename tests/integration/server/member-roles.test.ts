import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { READ_ONLY_REASON, type MemberSelf, type MemberView } from "@bandspace/protocol";
import { connectSocket } from "../../helpers/socket-client";
import { connectYClient, sleep, waitFor, type TestYClient } from "../../helpers/yjs-client";
import { api, createLink, createSession, startTestServer, type TestServer } from "../../helpers/server";

const secret = () => randomBytes(24).toString("base64url");

describe("members: who joined through which link, and the owner's per-member role", () => {
  let server: TestServer;
  const clients: TestYClient[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.stop();
  });

  it("lists members with their link, first/last seen; only the owner may list or change them", async () => {
    const session = await createSession(server.url);
    const band = await createLink(server.url, session, "edit", "Band");
    const press = await createLink(server.url, session, "view", "Press");
    const base = `/api/sessions/${session.sessionId}/members`;
    const ada = secret();
    const joined = await api<MemberSelf>(server.url, "POST", `${base}/me`, {
      token: band.token,
      body: { secret: ada, displayName: "Ada" },
    });
    expect(joined.status).toBe(200);
    expect(joined.body.member).toMatchObject({
      displayName: "Ada",
      linkId: band.id,
      linkLabel: "Band",
      role: "edit",
      roleOverride: null,
    });
    await api(server.url, "POST", `${base}/me`, {
      token: press.token,
      body: { secret: secret(), displayName: "Critic" },
    });
    // The same browser joining again is the same member (renamed), not a new one.
    await sleep(20);
    const again = await api<MemberSelf>(server.url, "POST", `${base}/me`, {
      token: band.token,
      body: { secret: ada, displayName: "Ada L." },
    });
    expect(again.body.member.id).toBe(joined.body.member.id);
    expect(Date.parse(again.body.member.lastSeenAt)).toBeGreaterThan(Date.parse(joined.body.member.lastSeenAt));

    const list = await api<{ members: MemberView[] }>(server.url, "GET", base, { token: session.ownerToken });
    expect(list.body.members.map((m) => [m.displayName, m.linkLabel, m.role])).toEqual([
      ["Ada L.", "Band", "edit"],
      ["Critic", "Press", "view"],
    ]);
    const byEditor = await api<{ error: { code: string } }>(server.url, "GET", base, { token: band.token });
    expect(byEditor.body.error.code).toBe("ROLE_FORBIDDEN");
    const patchByEditor = await api<{ error: { code: string } }>(
      server.url,
      "PATCH",
      `${base}/${joined.body.member.id}`,
      {
        token: band.token,
        body: { role: "view" },
      },
    );
    expect(patchByEditor.status).toBe(403);
    const bad = await api<{ error: { code: string } }>(server.url, "PATCH", `${base}/${joined.body.member.id}`, {
      token: session.ownerToken,
      body: { role: "owner" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("BAD_REQUEST");
    const badSecret = await api<{ error: { code: string } }>(server.url, "POST", `${base}/me`, {
      token: band.token,
      body: { secret: "short", displayName: "X" },
    });
    expect(badSecret.body.error.code).toBe("BAD_REQUEST");
  });

  it("demoting a member downgrades their live Yjs and socket.io connections at once; promoting upgrades them", async () => {
    const session = await createSession(server.url);
    const band = await createLink(server.url, session, "edit");
    const base = `/api/sessions/${session.sessionId}`;
    const mine = secret();
    // The browser opens its connections before it has registered as a member (as the app does): the
    // role change must still reach them.
    const other = connectYClient({ baseUrl: server.url, sessionId: session.sessionId, token: band.token });
    const song = connectYClient({ baseUrl: server.url, sessionId: session.sessionId, token: band.token, member: mine });
    clients.push(other, song);
    const sock = connectSocket(server.url, session.sessionId, band.token, mine);
    expect(await sock.hello).toBe("edit");
    const { body } = await api<MemberSelf>(server.url, "POST", `${base}/members/me`, {
      token: band.token,
      body: { secret: mine, displayName: "Bo" },
    });
    const memberId = body.member.id;
    await Promise.all([song.synced(), other.synced()]);
    song.doc.getMap("song").set("title", "Before");
    await song.acknowledged();

    const demoted = await api<MemberView>(server.url, "PATCH", `${base}/members/${memberId}`, {
      token: session.ownerToken,
      body: { role: "view" },
    });
    expect(demoted.body).toMatchObject({ role: "view", roleOverride: "view", linkRole: "edit" });
    await waitFor(() => song.denied.length > 0, 5000, "read-only notice");
    expect(song.denied[0]).toBe(READ_ONLY_REASON);
    await waitFor(() => sock.roles.length > 0, 5000, "role event");
    expect(sock.roles).toEqual(["view"]);
    expect(song.provider.wsconnected).toBe(true);

    song.doc.getMap("song").set("title", "Sneaky");
    other.doc.getMap("song").set("tempo", 99);
    await other.acknowledged();
    await sleep(300);
    const room = await server.rooms.acquire(`${session.sessionId}/song`);
    expect(room.doc.getMap("song").get("title")).toBe("Before");
    expect(room.doc.getMap("song").get("tempo")).toBe(99);

    // HTTP follows the override too.
    const save = await api<{ error: { code: string } }>(server.url, "POST", `${base}/versions`, {
      token: band.token,
      member: mine,
      body: { name: "Nope" },
    });
    expect(save.body.error.code).toBe("ROLE_FORBIDDEN");
    // A new connection with the same secret comes up read-only.
    const fresh = connectYClient({
      baseUrl: server.url,
      sessionId: session.sessionId,
      token: band.token,
      member: mine,
    });
    clients.push(fresh);
    await fresh.synced();
    await waitFor(() => fresh.denied.length > 0, 5000, "read-only on reconnect");

    // Promote back (clear the override): writes are accepted again on the same connection.
    await api(server.url, "PATCH", `${base}/members/${memberId}`, { token: session.ownerToken, body: { role: null } });
    await waitFor(() => sock.roles.length === 2, 5000, "second role event");
    expect(sock.roles).toEqual(["view", "edit"]);
    song.doc.getMap("song").set("title", "After");
    await waitFor(() => room.doc.getMap("song").get("title") === "After", 5000, "write after promotion");
    server.rooms.release(room);
    sock.socket.close();
  });

  it("the owner may promote a member above their link's role", async () => {
    const session = await createSession(server.url);
    const viewLink = await createLink(server.url, session, "view");
    const base = `/api/sessions/${session.sessionId}`;
    const mine = secret();
    const { body } = await api<MemberSelf>(server.url, "POST", `${base}/members/me`, {
      token: viewLink.token,
      body: { secret: mine, displayName: "Cy" },
    });
    const before = await api(server.url, "POST", `${base}/versions`, {
      token: viewLink.token,
      member: mine,
      body: { name: "x" },
    });
    expect(before.status).toBe(403);
    await api(server.url, "PATCH", `${base}/members/${body.member.id}`, {
      token: session.ownerToken,
      body: { role: "edit" },
    });
    const after = await api(server.url, "POST", `${base}/versions`, {
      token: viewLink.token,
      member: mine,
      body: { name: "x" },
    });
    expect(after.status).toBe(201);
    // …but the link alone (no member secret) still only views.
    const anon = await api(server.url, "POST", `${base}/versions`, { token: viewLink.token, body: { name: "x" } });
    expect(anon.status).toBe(403);
  });
});
