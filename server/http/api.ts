import type { IncomingMessage, ServerResponse } from "node:http";
import {
  BandspaceError,
  CreateLinkBody,
  CreateSessionBody,
  LINK_MAX_LIFETIME_MS,
  LinkId,
  MEMBER_SECRET_HEADER,
  SessionId,
  ShareToken,
  canManageLinks,
  type CreatedSession,
  type LinkInfo,
  type SessionInfo,
  type ShareLinkView,
} from "@bandspace/protocol";
import { authenticateToken, principalFromLink, type Principal } from "../auth/authenticate";
import type { LiveConnections } from "../auth/live-connections";
import type { MemberRepository, SessionRepository, ShareLinkRecord } from "../db/types";
import { log } from "../log";
import type { VersionService } from "../versions/version-service";
import { bearerToken, readJsonBody, sendError, sendJson } from "./json";
import { handleTakeRoutes } from "./take-routes";
import type { TakeService } from "../takes/take-service";
import { routeMembers, routeVersions } from "./review-api";
import type { RefusalLog } from "../yjs/refusal-log";

export interface ApiDeps {
  sessions: SessionRepository;
  members: MemberRepository;
  versions: VersionService;
  live: LiveConnections;
  takes?: TakeService;
  /** Refused writes per link (the Share dialog shows them to the owner). */
  refusals?: RefusalLog;
}

function linkView(link: ShareLinkRecord, refusals?: RefusalLog): ShareLinkView {
  return {
    refusedWrites: refusals?.count(link.id) ?? 0,
    id: link.id,
    token: link.token,
    role: link.role,
    label: link.label,
    createdAt: link.createdAt.toISOString(),
    revokedAt: link.revokedAt?.toISOString() ?? null,
    expiresAt: link.expiresAt?.toISOString() ?? null,
  };
}

/** An expiry must lie in the future and within LINK_MAX_LIFETIME_MS. */
function parseExpiry(raw: string | undefined): Date | null {
  if (raw === undefined) return null;
  const at = new Date(raw);
  const now = Date.now();
  if (at.getTime() <= now) throw new BandspaceError("BAD_REQUEST", "The expiry must be in the future.");
  if (at.getTime() - now > LINK_MAX_LIFETIME_MS)
    throw new BandspaceError("BAD_REQUEST", "Links can expire at most a year from now.");
  return at;
}

function parseSessionId(raw: string): string {
  const parsed = SessionId.safeParse(raw);
  if (!parsed.success) throw new BandspaceError("SESSION_NOT_FOUND", "There is no session at this address.");
  return parsed.data;
}

/**
 * The HTTP API under /api (see packages/protocol/src/http.ts for the routes). It lives in the server
 * process rather than in Next route handlers because revoking a link must close live connections,
 * which only this process holds.
 * Returns false when the path is not an API route.
 */
export async function handleApi(req: IncomingMessage, res: ServerResponse, deps: ApiDeps): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (!url.pathname.startsWith("/api/")) return false;
  const parts = url.pathname.split("/").filter(Boolean).slice(1); // drop "api"
  const method = req.method ?? "GET";
  try {
    await route(method, parts, req, res, deps);
  } catch (err) {
    if (err instanceof BandspaceError) sendError(res, err.toPayload());
    else {
      log.error("api request failed", { method, path: url.pathname, err: String(err), stack: (err as Error)?.stack });
      sendError(res, { code: "INTERNAL", message: "Something went wrong on the server. Try again." });
    }
  }
  return true;
}

async function route(method: string, parts: string[], req: IncomingMessage, res: ServerResponse, deps: ApiDeps) {
  const { sessions, live } = deps;
  const [a, b, c, d] = parts;

  // POST /api/sessions
  if (a === "sessions" && parts.length === 1) {
    if (method !== "POST") return methodNotAllowed();
    const body = await readJsonBody(req, CreateSessionBody);
    const { session, ownerLink } = await sessions.createSession(body.name);
    const out: CreatedSession = { sessionId: session.id, name: session.name, ownerToken: ownerLink.token };
    return sendJson(res, 201, out);
  }

  // GET /api/links/:token
  if (a === "links" && b !== undefined && parts.length === 2) {
    if (method !== "GET") return methodNotAllowed();
    const token = ShareToken.safeParse(b);
    if (!token.success)
      throw new BandspaceError("INVALID_TOKEN", "That share link is not valid. Check that you copied all of it.");
    const principal = principalFromLink(await sessions.findLinkByToken(token.data));
    const session = await sessions.getSession(principal.sessionId);
    if (!session) throw new BandspaceError("SESSION_NOT_FOUND", "This session no longer exists.");
    const out: LinkInfo = { sessionId: session.id, sessionName: session.name, role: principal.role };
    return sendJson(res, 200, out);
  }

  if (a === "sessions" && b !== undefined) {
    const sessionId = parseSessionId(b);
    // Take audio is read by <audio>/fetch with ?token= as well as the header: its own routes.
    if (c === "takes" && deps.takes)
      return handleTakeRoutes(method, sessionId, parts.slice(3), req, res, { auth: deps, takes: deps.takes });
    const principal = await authenticate(req, deps, sessionId);

    // GET /api/sessions/:id
    if (parts.length === 2) {
      if (method !== "GET") return methodNotAllowed();
      const session = await sessions.getSession(sessionId);
      if (!session) throw new BandspaceError("SESSION_NOT_FOUND", "This session no longer exists.");
      const out: SessionInfo = {
        sessionId,
        name: session.name,
        role: principal.role,
        createdAt: session.createdAt.toISOString(),
      };
      return sendJson(res, 200, out);
    }

    if (c === "links") {
      if (!canManageLinks(principal.role)) {
        throw new BandspaceError("ROLE_FORBIDDEN", "Only the session owner can manage share links.");
      }
      // GET|POST /api/sessions/:id/links
      if (parts.length === 3) {
        if (method === "GET") {
          const links = (await sessions.listLinks(sessionId)).filter((l) => l.role !== "owner");
          return sendJson(res, 200, { links: links.map((l) => linkView(l, deps.refusals)) });
        }
        if (method === "POST") {
          const body = await readJsonBody(req, CreateLinkBody);
          const link = await sessions.createLink(sessionId, body.role, body.label || null, parseExpiry(body.expiresAt));
          return sendJson(res, 201, linkView(link));
        }
        return methodNotAllowed();
      }
      // DELETE /api/sessions/:id/links/:linkId
      if (parts.length === 4 && d !== undefined) {
        if (method !== "DELETE") return methodNotAllowed();
        const linkId = LinkId.safeParse(d);
        if (!linkId.success) throw new BandspaceError("NOT_FOUND", "There is no such share link in this session.");
        const existing = (await sessions.listLinks(sessionId)).find((l) => l.id === linkId.data);
        if (!existing) throw new BandspaceError("NOT_FOUND", "There is no such share link in this session.");
        if (existing.role === "owner") throw new BandspaceError("ROLE_FORBIDDEN", "The owner link cannot be revoked.");
        const link = await sessions.revokeLink(sessionId, linkId.data);
        if (!link) throw new BandspaceError("NOT_FOUND", "There is no such share link in this session.");
        const closed = live.revokeLink(link.id, "This share link was revoked by the session owner.");
        log.info("link revoked", { sessionId, linkId: link.id, closedConnections: closed });
        return sendJson(res, 200, linkView(link));
      }
    }

    if (c === "members") return routeMembers(method, parts.slice(3), req, res, deps, principal);
    if (c === "versions") return routeVersions(method, parts.slice(3), req, res, deps, principal);
  }

  throw new BandspaceError("NOT_FOUND", "There is no such API route.");

  function methodNotAllowed(): never {
    throw new BandspaceError("BAD_REQUEST", `${method} is not supported here.`);
  }
}

async function authenticate(req: IncomingMessage, deps: ApiDeps, sessionId: string): Promise<Principal> {
  const token = bearerToken(req);
  if (!token) throw new BandspaceError("INVALID_TOKEN", "Open this session through its share link.");
  return authenticateToken(deps, token, sessionId, req.headers[MEMBER_SECRET_HEADER]);
}
