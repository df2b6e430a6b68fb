import {
  BandspaceError,
  CreateLinkBody,
  CreateSessionBody,
  LINK_MAX_LIFETIME_MS,
  LinkId,
  ShareToken,
  canManageLinks,
  type CreatedSession,
  type LinkInfo,
  type SessionInfo,
  type ShareLinkView,
} from "@bandspace/protocol";
import { principalFromLink } from "../auth/authenticate";
import type { LiveConnections } from "../auth/live-connections";
import type { SessionRepository, ShareLinkRecord } from "../db/types";
import { log } from "../log";
import { readJsonBody, sendJson } from "./json";
import type { RoleRule, Route } from "./router";

function linkView(link: ShareLinkRecord): ShareLinkView {
  return {
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

const OWNER_MANAGES_LINKS: RoleRule = {
  allowed: canManageLinks,
  refusal: "Only the session owner can manage share links.",
};
const NO_SUCH_LINK = "There is no such share link in this session.";

/** Sessions and share links (listed in packages/protocol/src/http.ts). */
export function sessionRoutes({ sessions, live }: { sessions: SessionRepository; live: LiveConnections }): Route[] {
  return [
    {
      methods: ["POST"],
      path: "/api/sessions",
      access: "public",
      handle: async ({ req, res }) => {
        const body = await readJsonBody(req, CreateSessionBody);
        const { session, ownerLink } = await sessions.createSession(body.name);
        const out: CreatedSession = { sessionId: session.id, name: session.name, ownerToken: ownerLink.token };
        sendJson(res, 201, out);
      },
    },
    {
      // The join page reads what a link opens before anyone has joined.
      methods: ["GET"],
      path: "/api/links/:token",
      access: "public",
      handle: async ({ res, params }) => {
        const token = ShareToken.safeParse(params.token);
        if (!token.success)
          throw new BandspaceError("INVALID_TOKEN", "That share link is not valid. Check that you copied all of it.");
        const principal = principalFromLink(await sessions.findLinkByToken(token.data));
        const session = await sessions.getSession(principal.sessionId);
        if (!session) throw new BandspaceError("SESSION_NOT_FOUND", "This session no longer exists.");
        const out: LinkInfo = { sessionId: session.id, sessionName: session.name, role: principal.role };
        sendJson(res, 200, out);
      },
    },
    {
      methods: ["GET"],
      path: "/api/sessions/:sessionId",
      access: "member",
      handle: async ({ res, sessionId, principal }) => {
        const session = await sessions.getSession(sessionId);
        if (!session) throw new BandspaceError("SESSION_NOT_FOUND", "This session no longer exists.");
        const out: SessionInfo = {
          sessionId,
          name: session.name,
          role: principal.role,
          createdAt: session.createdAt.toISOString(),
        };
        sendJson(res, 200, out);
      },
    },
    {
      methods: ["GET"],
      path: "/api/sessions/:sessionId/links",
      access: "member",
      role: OWNER_MANAGES_LINKS,
      handle: async ({ res, sessionId }) => {
        const links = (await sessions.listLinks(sessionId)).filter((l) => l.role !== "owner");
        sendJson(res, 200, { links: links.map(linkView) });
      },
    },
    {
      methods: ["POST"],
      path: "/api/sessions/:sessionId/links",
      access: "member",
      role: OWNER_MANAGES_LINKS,
      handle: async ({ req, res, sessionId }) => {
        const body = await readJsonBody(req, CreateLinkBody);
        const link = await sessions.createLink(sessionId, body.role, body.label || null, parseExpiry(body.expiresAt));
        sendJson(res, 201, linkView(link));
      },
    },
    {
      // Revoking closes the link's live connections at once (why the API lives in this process).
      methods: ["DELETE"],
      path: "/api/sessions/:sessionId/links/:linkId",
      access: "member",
      role: OWNER_MANAGES_LINKS,
      handle: async ({ res, sessionId, params }) => {
        const linkId = LinkId.safeParse(params.linkId);
        if (!linkId.success) throw new BandspaceError("NOT_FOUND", NO_SUCH_LINK);
        const existing = (await sessions.listLinks(sessionId)).find((l) => l.id === linkId.data);
        if (!existing) throw new BandspaceError("NOT_FOUND", NO_SUCH_LINK);
        if (existing.role === "owner") throw new BandspaceError("ROLE_FORBIDDEN", "The owner link cannot be revoked.");
        const link = await sessions.revokeLink(sessionId, linkId.data);
        if (!link) throw new BandspaceError("NOT_FOUND", NO_SUCH_LINK);
        const closed = live.revokeLink(link.id, "This share link was revoked by the session owner.");
        log.info("link revoked", { sessionId, linkId: link.id, closedConnections: closed });
        sendJson(res, 200, linkView(link));
      },
    },
  ];
}
