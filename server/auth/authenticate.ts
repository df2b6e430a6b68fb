import { createHash } from "node:crypto";
import { BandspaceError, MemberSecret, ShareToken, effectiveRole, type Role } from "@bandspace/protocol";
import type { MemberRepository, SessionRepository, ShareLinkRecord } from "../db/types";

export interface Principal {
  sessionId: string;
  /** What this connection may do: the owner's override for the member, else the link's role. */
  role: Role;
  linkId: string;
  /** The link's own role (the ceiling nothing but the owner's override changes). */
  linkRole: Role;
  linkExpiresAt: Date | null;
  /**
   * Set whenever the request carried a well-formed member secret (registered or not yet): the key its
   * live connections are filed under, so a role change reaches connections opened before registering.
   */
  memberKey: string | null;
  /** Set when the member secret belongs to a registered member of this session. */
  memberId: string | null;
  memberName: string | null;
}

export interface AuthDeps {
  sessions: SessionRepository;
  members: MemberRepository;
}

/** The member secret is never stored: members are found by its sha256. */
export function hashMemberSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/**
 * Resolves a bearer/share token (and optional member secret) to what it may do, for every path (HTTP,
 * Yjs, socket.io). Looked up in the database each time so a revocation or role change takes effect at once.
 * An unknown or malformed member secret is not an error: the link's role applies (the member registers
 * through POST …/members/me).
 */
export async function authenticateToken(
  deps: AuthDeps,
  rawToken: unknown,
  expectedSessionId?: string,
  rawMemberSecret?: unknown,
): Promise<Principal> {
  const parsed = ShareToken.safeParse(rawToken);
  if (!parsed.success) {
    throw new BandspaceError("INVALID_TOKEN", "That share link is not valid. Ask the session owner for a new one.");
  }
  const link = await deps.sessions.findLinkByToken(parsed.data);
  const principal = principalFromLink(link, expectedSessionId);
  const secret = MemberSecret.safeParse(rawMemberSecret);
  if (!secret.success) return principal;
  const secretHash = hashMemberSecret(secret.data);
  const memberKey = liveMemberKey(principal.sessionId, secretHash);
  const member = await deps.members.findBySecret(principal.sessionId, secretHash);
  if (!member) return { ...principal, memberKey };
  return {
    ...principal,
    role: effectiveRole(principal.linkRole, member.role),
    memberKey,
    memberId: member.id,
    memberName: member.displayName,
  };
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
  return {
    sessionId: link.sessionId,
    role: link.role,
    linkId: link.id,
    linkRole: link.role,
    linkExpiresAt: link.expiresAt,
    memberKey: null,
    memberId: null,
    memberName: null,
  };
}

/** The key a member's live connections are registered under (LiveConnections). */
export function liveMemberKey(sessionId: string, secretHash: string): string {
  return `${sessionId}:${secretHash}`;
}
