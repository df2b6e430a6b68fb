import { ShareRole } from "@bandspace/protocol";
import { prismaErrorCode, type DbClient } from "./client";
import { randomId } from "@bandspace/model";
import type { MemberRecord, MemberRepository } from "./types";

interface MemberRow {
  id: string;
  sessionId: string;
  linkId: string;
  secretHash: string;
  displayName: string;
  role: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** The role column is a plain string; anything outside ShareRole is a bug, so fail loudly. */
function toMember(row: MemberRow): MemberRecord {
  return {
    id: row.id,
    sessionId: row.sessionId,
    linkId: row.linkId,
    secretHash: row.secretHash,
    displayName: row.displayName,
    role: row.role === null ? null : ShareRole.parse(row.role),
    firstSeenAt: row.firstSeenAt,
    lastSeenAt: row.lastSeenAt,
  };
}

export function createMemberRepository(prisma: DbClient): MemberRepository {
  return {
    async upsert(sessionId, secretHash, linkId, displayName) {
      const now = new Date();
      const update = { linkId, displayName, lastSeenAt: now };
      try {
        const row = await prisma.member.upsert({
          where: { sessionId_secretHash: { sessionId, secretHash } },
          create: { id: randomId(), sessionId, secretHash, linkId, displayName, firstSeenAt: now, lastSeenAt: now },
          update,
        });
        return toMember(row);
      } catch (e) {
        // Two first joins of one browser at once: the loser's insert hits the unique key; update instead.
        if (prismaErrorCode(e) !== "P2002") throw e;
        return toMember(
          await prisma.member.update({ where: { sessionId_secretHash: { sessionId, secretHash } }, data: update }),
        );
      }
    },

    async findBySecret(sessionId, secretHash) {
      const row = await prisma.member.findUnique({ where: { sessionId_secretHash: { sessionId, secretHash } } });
      return row ? toMember(row) : null;
    },

    async get(sessionId, memberId) {
      const row = await prisma.member.findFirst({ where: { id: memberId, sessionId } });
      return row ? toMember(row) : null;
    },

    async list(sessionId) {
      const rows = await prisma.member.findMany({
        where: { sessionId },
        orderBy: [{ firstSeenAt: "asc" }, { id: "asc" }],
      });
      return rows.map(toMember);
    },

    async setRole(sessionId, memberId, role) {
      const { count } = await prisma.member.updateMany({ where: { id: memberId, sessionId }, data: { role } });
      if (count === 0) return null;
      const row = await prisma.member.findUnique({ where: { id: memberId } });
      return row ? toMember(row) : null;
    },

    async touch(memberId) {
      await prisma.member.updateMany({ where: { id: memberId }, data: { lastSeenAt: new Date() } });
    },
  };
}
