import { VersionKind } from "@bandspace/protocol";
import { asBytes, type DbClient } from "./client";
import { randomId } from "@bandspace/model";
import type { VersionRecord, VersionRepository } from "./types";

interface VersionRow {
  id: string;
  sessionId: string;
  name: string;
  kind: string;
  createdBy: string | null;
  createdAt: Date;
  takes: { takeId: string }[];
}

const META = {
  id: true,
  sessionId: true,
  name: true,
  kind: true,
  createdBy: true,
  createdAt: true,
  takes: { select: { takeId: true }, orderBy: { takeId: "asc" as const } },
} as const;

function toVersion(row: VersionRow): VersionRecord {
  return {
    id: row.id,
    sessionId: row.sessionId,
    name: row.name,
    kind: VersionKind.parse(row.kind),
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    takeIds: row.takes.map((t) => t.takeId),
  };
}

export function createVersionRepository(prisma: DbClient): VersionRepository {
  return {
    async create(v) {
      // A nested create is one transaction: a version never exists without its take references.
      const row = await prisma.version.create({
        data: {
          id: randomId(),
          sessionId: v.sessionId,
          name: v.name,
          kind: v.kind,
          createdBy: v.createdBy,
          songState: asBytes(v.songState),
          commentsState: asBytes(v.commentsState),
          takes: { create: [...new Set(v.takeIds)].map((takeId) => ({ takeId })) },
        },
        select: META,
      });
      return toVersion(row);
    },

    async list(sessionId) {
      // Newest first; ties (same millisecond) by id so the order is stable.
      const rows = await prisma.version.findMany({
        where: { sessionId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: META,
      });
      return rows.map(toVersion);
    },

    async get(sessionId, versionId) {
      const row = await prisma.version.findFirst({
        where: { id: versionId, sessionId },
        select: { ...META, songState: true, commentsState: true },
      });
      if (!row) return null;
      return { ...toVersion(row), songState: row.songState, commentsState: row.commentsState };
    },

    async pruneCheckpoints(sessionId, keep) {
      const old = await prisma.version.findMany({
        // A checkpoint a saved export was made from is kept while the export is listed.
        where: { sessionId, kind: "checkpoint", exports: { none: {} } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        skip: Math.max(0, keep),
        select: { id: true },
      });
      if (old.length === 0) return 0;
      // Their VersionTake rows go with them (onDelete: Cascade).
      const { count } = await prisma.version.deleteMany({ where: { id: { in: old.map((v) => v.id) } } });
      return count;
    },

    async referencedTakes(takeIds) {
      if (takeIds.length === 0) return new Set();
      const rows = await prisma.versionTake.findMany({
        where: { takeId: { in: takeIds } },
        select: { takeId: true },
        distinct: ["takeId"],
      });
      return new Set(rows.map((r) => r.takeId));
    },
  };
}
