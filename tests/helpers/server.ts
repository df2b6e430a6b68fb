import { randomBytes } from "node:crypto";
import { startBandspaceServer, type BandspaceServer, type ServerTuning } from "../../server/app";
import type { ServerConfig } from "../../server/config";
import { testDatabase, type TestDatabase } from "./database";
import type { CreatedSession, ShareLinkView, ShareRole } from "@bandspace/protocol";

export interface TestServer extends BandspaceServer {
  database: TestDatabase;
  /** Stops the server and drops its database. */
  stop: () => Promise<void>;
}

/** A real server (API + Yjs + socket.io, no Next) on a free port with its own fresh database. */
export async function startTestServer(
  tuning: ServerTuning = {},
  database?: TestDatabase,
  /** Settings beyond the defaults (REDIS_URL, the S3 take store… for several nodes in one process). */
  config: Partial<ServerConfig> = {},
): Promise<TestServer> {
  const db = database ?? (await testDatabase());
  const server = await startBandspaceServer(
    { port: 0, host: "127.0.0.1", dataDir: db.dataDir, databaseUrl: db.url, withNext: false, dev: false, ...config },
    { idleUnloadMs: 200, ...tuning },
  );
  return {
    ...server,
    database: db,
    stop: async () => {
      await server.close();
      if (!database) await db.cleanup();
    },
  };
}

export async function api<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; member?: string } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: {
      ...(opts.member ? { "x-bandspace-member": opts.member } : {}),
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as T };
}

export async function createSession(baseUrl: string, name = "Test session"): Promise<CreatedSession> {
  const r = await api<CreatedSession>(baseUrl, "POST", "/api/sessions", { body: { name } });
  if (r.status !== 201) throw new Error(`createSession failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function createLink(
  baseUrl: string,
  session: CreatedSession,
  role: ShareRole,
  label?: string,
  expiresAt?: Date,
): Promise<ShareLinkView> {
  const r = await api<ShareLinkView>(baseUrl, "POST", `/api/sessions/${session.sessionId}/links`, {
    token: session.ownerToken,
    body: { role, label, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) },
  });
  if (r.status !== 201) throw new Error(`createLink failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A fresh member secret (what a browser keeps in localStorage), 43 base64url characters. */
export function newMemberSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Registers a person as a member through `token` (POST …/members/me, as the studio does after picking a
 * name). Connections opened with `secret` then carry this member's verified id and name.
 */
export async function joinAsMember(
  baseUrl: string,
  sessionId: string,
  token: string,
  displayName: string,
  secret: string = newMemberSecret(),
): Promise<{ secret: string; memberId: string; name: string }> {
  const r = await api<{ member: { id: string; displayName: string } }>(
    baseUrl,
    "POST",
    `/api/sessions/${sessionId}/members/me`,
    { token, body: { secret, displayName } },
  );
  if (r.status !== 200) throw new Error(`joinAsMember failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { secret, memberId: r.body.member.id, name: r.body.member.displayName };
}
