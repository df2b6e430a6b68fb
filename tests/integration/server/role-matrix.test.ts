import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedSession, MemberSelf, Role, VersionView } from "@bandspace/protocol";
import { connectYClient, sleep, waitFor, type TestYClient } from "../../helpers/yjs-client";
import { api, createLink, createSession, startTestServer, type TestServer } from "../../helpers/server";
import { connectTakeSocket, request } from "../../helpers/take-client";

/**
 * The role matrix: for each role, every protected surface (arrangement doc, comments doc, share links,
 * members, versions, takes) is either allowed or refused by the server.
 */
type Surface =
  | "arrangement"
  | "comments"
  | "links:list"
  | "links:create"
  | "links:revoke"
  | "members:list"
  | "members:setRole"
  | "versions:list"
  | "versions:preview"
  | "versions:save"
  | "versions:restore"
  | "takes:record"
  | "takes:read";

const ALLOWED: Record<Role, Surface[]> = {
  view: ["versions:list", "versions:preview", "takes:read"],
  comment: ["comments", "versions:list", "versions:preview", "takes:read"],
  edit: [
    "arrangement",
    "comments",
    "versions:list",
    "versions:preview",
    "versions:save",
    "versions:restore",
    "takes:record",
    "takes:read",
  ],
  owner: [
    "arrangement",
    "comments",
    "links:list",
    "links:create",
    "links:revoke",
    "members:list",
    "members:setRole",
    "versions:list",
    "versions:preview",
    "versions:save",
    "versions:restore",
    "takes:record",
    "takes:read",
  ],
};

const SURFACES: Surface[] = [
  "arrangement",
  "comments",
  "links:list",
  "links:create",
  "links:revoke",
  "members:list",
  "members:setRole",
  "versions:list",
  "versions:preview",
  "versions:save",
  "versions:restore",
  "takes:record",
  "takes:read",
];

describe("role matrix (view / comment / edit / owner × every surface)", () => {
  let server: TestServer;
  let session: CreatedSession;
  let version: VersionView;
  let memberId: string;
  const tokens = {} as Record<Role, string>;
  const clients: TestYClient[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    session = await createSession(server.url);
    tokens.owner = session.ownerToken;
    for (const role of ["view", "comment", "edit"] as const)
      tokens[role] = (await createLink(server.url, session, role)).token;
    const saved = await api<VersionView>(server.url, "POST", `/api/sessions/${session.sessionId}/versions`, {
      token: session.ownerToken,
      body: { name: "Base" },
    });
    version = saved.body;
    const joined = await api<MemberSelf>(server.url, "POST", `/api/sessions/${session.sessionId}/members/me`, {
      token: tokens.view,
      body: { secret: randomBytes(24).toString("base64url"), displayName: "Guest" },
    });
    memberId = joined.body.member.id;
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.stop();
  });

  async function yjsWriteLands(role: Role, doc: "song" | "comments"): Promise<boolean> {
    const c = connectYClient({ baseUrl: server.url, sessionId: session.sessionId, token: tokens[role], doc });
    clients.push(c);
    await c.synced();
    const key = `${role}-${randomBytes(4).toString("hex")}`;
    c.doc.getMap(doc === "song" ? "song" : "comments").set(key, "written");
    const room = await server.rooms.acquire(`${session.sessionId}/${doc}`);
    try {
      const root = room.doc.getMap(doc === "song" ? "song" : "comments");
      await waitFor(() => root.has(key) || c.denied.length > 0, 5000, `${role} write on ${doc}`);
      await sleep(150);
      return root.get(key) === "written";
    } finally {
      server.rooms.release(room);
      c.destroy();
    }
  }

  async function allowed(role: Role, surface: Surface): Promise<boolean> {
    const base = `/api/sessions/${session.sessionId}`;
    const token = tokens[role];
    const http = async (method: string, path: string, body?: unknown) => {
      const r = await api<{ error?: { code: string } }>(server.url, method, base + path, { token, body });
      if (r.status < 300) return true;
      expect(r.status).toBe(403);
      expect(r.body.error?.code).toBe("ROLE_FORBIDDEN");
      return false;
    };
    switch (surface) {
      case "arrangement":
        return yjsWriteLands(role, "song");
      case "comments":
        return yjsWriteLands(role, "comments");
      case "links:list":
        return http("GET", "/links");
      case "links:create":
        return http("POST", "/links", { role: "view" });
      case "links:revoke": {
        const target = await createLink(server.url, session, "view");
        return http("DELETE", `/links/${target.id}`);
      }
      case "members:list":
        return http("GET", "/members");
      case "members:setRole":
        return http("PATCH", `/members/${memberId}`, { role: "comment" });
      case "versions:list":
        return http("GET", "/versions");
      case "versions:preview":
        return http("GET", `/versions/${version.id}`);
      case "versions:save":
        return http("POST", "/versions", { name: `By ${role}` });
      case "versions:restore":
        return http("POST", `/versions/${version.id}/restore`, {});
      case "takes:read":
        return http("GET", "/takes");
      case "takes:record": {
        // Recording is a socket.io path: take:start is answered ok or ROLE_FORBIDDEN (then the take is dropped).
        const { socket } = await connectTakeSocket(server.url, session.sessionId, token);
        try {
          const takeId = randomBytes(10).toString("hex");
          const start = {
            takeId,
            trackId: "track0000000001",
            sampleRate: 48000,
            channels: 1,
            startTick: 0,
            latencyMs: 0,
          };
          const reply = await request(socket, "take:start", start);
          if (reply.ok) {
            await request(socket, "take:abort", { takeId });
            return true;
          }
          expect(reply.error?.code).toBe("ROLE_FORBIDDEN");
          return false;
        } finally {
          socket.disconnect();
        }
      }
    }
  }

  for (const role of ["view", "comment", "edit", "owner"] as const) {
    it(`${role}: ${ALLOWED[role].join(", ")} allowed; everything else refused`, async () => {
      const result: Record<string, boolean> = {};
      for (const surface of SURFACES) result[surface] = await allowed(role, surface);
      const expected = Object.fromEntries(SURFACES.map((s) => [s, ALLOWED[role].includes(s)]));
      expect(result).toEqual(expected);
    }, 60_000);
  }
});
