import { BandspaceError, ShareToken, type Role } from "@bandspace/protocol";
import type { SessionRepository, ShareLinkRecord } from "../db/types";

export interface Principal {
  sessionId: string;
  role: Role;
  linkId: string;
}

/**
 * Resolves a bearer/share token to what it may do, for every path (HTTP, Yjs, socket.io).
 * Looked up in the database each time so a revocation takes effect at once.
 */
export async function authenticateToken(
  sessions: SessionRepository,
  rawToken: unknown,
  expectedSessionId?: string,
): Promise<Principal> {
  const parsed = ShareToken.safeParse(rawToken);
  if (!parsed.success) {
    throw new BandspaceError("INVALID_TOKEN", "That share link is not valid. Ask the session owner for a new one.");
  }
  const link = await sessions.findLinkByToken(parsed.data);
  return principalFromLink(link, expectedSessionId);
}

export function principalFromLink(link: ShareLinkRecord | null, expectedSessionId?: string): Principal {
  if (!link) {
    throw new BandspaceError("INVALID_TOKEN", "That share link does not exist. Ask the session owner for a new one.");
  }
  if (link.revokedAt) {
    throw new BandspaceError("LINK_REVOKED", "This share link was revoked by the session owner.");
  }
  if (link.expiresAt && link.expiresAt.getTime() <= Date.now()) {
    throw new BandspaceError("LINK_EXPIRED", "This share link has expired. Ask the session owner for a new one.");
  }
  if (expectedSessionId !== undefined && link.sessionId !== expectedSessionId) {
    // Same message as an unknown link: do not confirm which sessions exist.
    throw new BandspaceError("INVALID_TOKEN", "That share link does not belong to this session.");
  }
  return { sessionId: link.sessionId, role: link.role, linkId: link.id };
}
