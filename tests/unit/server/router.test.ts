import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BandspaceError, HTTP_STATUS, canManageLinks, type ErrorPayload } from "@bandspace/protocol";
import type { Principal } from "../../../server/auth/authenticate";
import { createRouter, type Authenticate, type Route } from "../../../server/http/router";

// The route table on a real HTTP server: which route answers, in what order the checks run, what is refused.

const sessionId = "s".repeat(16);
const principal = (role: Principal["role"]): Principal => ({
  sessionId,
  role,
  linkId: "l".repeat(16),
  linkRole: role,
  linkExpiresAt: null,
  memberKey: null,
  memberId: null,
  memberName: null,
});

/** Tokens are role names here; "listener" routes also read ?token=. */
const authenticate: Authenticate = (req, url, _sessionId, access) => {
  const token = req.headers.authorization?.slice(7) ?? (access === "listener" ? url.searchParams.get("token") : null);
  if (token !== "owner" && token !== "view") {
    return Promise.reject(new BandspaceError("INVALID_TOKEN", "Open this session through its share link."));
  }
  return Promise.resolve(principal(token));
};

const answer =
  (name: string) =>
  ({ res, params }: { res: http.ServerResponse; params: Readonly<Record<string, string>> }) => {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ name, params }));
    return Promise.resolve();
  };

const routes: Route[] = [
  { methods: ["POST"], path: "/api/sessions", access: "public", handle: answer("create") },
  { methods: ["GET"], path: "/api/sessions/:sessionId", access: "member", handle: answer("session") },
  { methods: ["POST"], path: "/api/sessions/:sessionId/members/me", access: "member", handle: answer("me") },
  {
    methods: ["PATCH"],
    path: "/api/sessions/:sessionId/members/:memberId",
    access: "member",
    role: { allowed: canManageLinks, refusal: "Only the owner." },
    handle: answer("member"),
  },
  { methods: ["GET", "HEAD"], path: "/api/sessions/:sessionId/takes", access: "listener", handle: answer("takes") },
];

let server: http.Server;
let base: string;
beforeAll(async () => {
  const dispatch = createRouter(routes, authenticate);
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    dispatch(req, res, url).then(
      (found) => {
        if (!found) res.writeHead(404).end(JSON.stringify({ name: "none" }));
      },
      (err: BandspaceError) => {
        const error: ErrorPayload = err.toPayload();
        res.writeHead(HTTP_STATUS[error.code], { "content-type": "application/json" }).end(JSON.stringify({ error }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function call(method: string, path: string, token?: string) {
  const r = await fetch(base + path, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = (await r.json()) as { name?: string; params?: Record<string, string>; error?: ErrorPayload };
  return { status: r.status, ...body };
}

describe("createRouter", () => {
  it("answers from the route whose path and method match, with the path's parameters", async () => {
    expect(await call("POST", "/api/sessions")).toMatchObject({ status: 200, name: "create" });
    expect(await call("GET", `/api/sessions/${sessionId}`, "view")).toMatchObject({
      name: "session",
      params: { sessionId },
    });
    expect(await call("PATCH", `/api/sessions/${sessionId}/members/m1`, "owner")).toMatchObject({
      name: "member",
      params: { sessionId, memberId: "m1" },
    });
  });

  it("prefers a literal segment to a variable one", async () => {
    expect(await call("POST", `/api/sessions/${sessionId}/members/me`, "view")).toMatchObject({ name: "me" });
    // /members/me has no PATCH: refused as a method, not handed to /members/:memberId.
    expect(await call("PATCH", `/api/sessions/${sessionId}/members/me`, "owner")).toMatchObject({
      status: 400,
      error: { code: "BAD_REQUEST", message: "PATCH is not supported here." },
    });
  });

  it("says when no route has the path, and refuses a method the path does not support", async () => {
    expect(await call("GET", "/api/nothing/here")).toMatchObject({ status: 404, name: "none" });
    expect(await call("GET", "/api/sessions/x/y/z/w/v")).toMatchObject({ status: 404, name: "none" });
    expect(await call("DELETE", "/api/sessions")).toMatchObject({
      status: 400,
      error: { message: "DELETE is not supported here." },
    });
  });

  it("checks the session id, then the token, then the role, before the handler", async () => {
    expect(await call("GET", "/api/sessions/NOT-A-SESSION", "owner")).toMatchObject({
      error: { code: "SESSION_NOT_FOUND" },
    });
    expect(await call("GET", `/api/sessions/${sessionId}`)).toMatchObject({ error: { code: "INVALID_TOKEN" } });
    expect(await call("PATCH", `/api/sessions/${sessionId}/members/m1`, "view")).toMatchObject({
      status: 403,
      error: { code: "ROLE_FORBIDDEN", message: "Only the owner." },
    });
  });

  it("lets listener routes take the token from the query, and member routes not", async () => {
    expect(await call("GET", `/api/sessions/${sessionId}/takes?token=view`)).toMatchObject({ name: "takes" });
    expect(await call("GET", `/api/sessions/${sessionId}?token=view`)).toMatchObject({
      error: { code: "INVALID_TOKEN" },
    });
  });

  it("refuses two routes that answer the same method on the same path", () => {
    const twice: Route[] = [routes[0], { ...routes[0], methods: ["POST", "GET"] }];
    expect(() => createRouter(twice, authenticate)).toThrow(/same method at \/api\/sessions/);
  });
});
