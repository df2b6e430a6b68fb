import { Role } from "@bandspace/protocol";
import { prismaErrorCode, type DbClient } from "./client";
import { randomId, randomSecret } from "@bandspace/model";

/** Share-link secrets: 24 random bytes (192 bits), 32 base64url characters (the protocol's ShareToken). */
const newToken = (): string => randomSecret(24);
import type { SessionRecord, SessionRepository, ShareLinkRecord } from "./types";

/** Thrown by createLink for a session that does not exist (callers map it to a 404). */
export class SessionNotFoundError extends Error {
  readonly code = "SESSION_NOT_FOUND";
  constructor(sessionId: string) {
    super(`No session ${sessionId}`);
  }
}

type LinkRow = Omit<ShareLinkRecord, "role"> & { role: string };

/** The role column is a plain string (SQLite has no enums); a value outside Role is a bug, so fail loudly. */
function toLink(row: LinkRow): ShareLinkRecord {
  return { ...row, role: Role.parse(row.role) };
}

function toSession(row: SessionRecord): SessionRecord {
  return { id: row.id, name: row.name, createdAt: row.createdAt };
}

export function createSessionRepository(prisma: DbClient): SessionRepository {
  return {
    async createSession(name) {
      // A nested create is one transaction: a session never exists without its owner link.
      const row = await prisma.session.create({
        data: { id: randomId(), name, links: { create: { id: randomId(), token: newToken(), role: "owner" } } },
        include: { links: true },
      });
      return { session: toSession(row), ownerLink: toLink(row.links[0]) };
    },

    async getSession(id) {
      const row = await prisma.session.findUnique({ where: { id } });
      return row ? toSession(row) : null;
    },

    async findLinkByToken(token) {
      const row = await prisma.shareLink.findUnique({ where: { token } });
      return row ? toLink(row) : null;
    },

    async listLinks(sessionId) {
      const rows = await prisma.shareLink.findMany({
        where: { sessionId },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      return rows.map(toLink);
    },

    async createLink(sessionId, role, label = null, expiresAt = null) {
      try {
        return toLink(
          await prisma.shareLink.create({
            data: { id: randomId(), sessionId, token: newToken(), role, label, expiresAt },
          }),
        );
      } catch (e) {
        if (prismaErrorCode(e) === "P2003") throw new SessionNotFoundError(sessionId);
        throw e;
      }
    },

    async revokeLink(sessionId, linkId) {
      // Only sets revokedAt once (the first revocation time is kept), and only on this session's
      // link: a link id from another session is treated as unknown.
      await prisma.shareLink.updateMany({
        where: { id: linkId, sessionId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      const row = await prisma.shareLink.findFirst({ where: { id: linkId, sessionId } });
      return row ? toLink(row) : null;
    },
  };
}
