import { LoudnessSummary, SavedExportFormat } from "@bandspace/protocol";
import type { DbClient } from "./client";
import type { NewSavedExport, SavedExportRecord, SavedExportRepository } from "./types";

interface Row extends Omit<SavedExportRecord, "format" | "report" | "versionName"> {
  format: string;
  report: string;
  version: { name: string };
}

const toRecord = ({ version, ...row }: Row): SavedExportRecord => ({
  ...row,
  format: SavedExportFormat.parse(row.format),
  report: LoudnessSummary.parse(JSON.parse(row.report)),
  versionName: version.name,
});

const include = { version: { select: { name: true } } } as const;

export function createSavedExportRepository(prisma: DbClient): SavedExportRepository {
  return {
    async create(e: NewSavedExport) {
      const row = await prisma.savedExport.create({
        data: { ...e, report: JSON.stringify(e.report) },
        include,
      });
      return toRecord(row);
    },
    async list(sessionId) {
      const rows = await prisma.savedExport.findMany({
        where: { sessionId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        include,
      });
      return rows.map(toRecord);
    },
    async find(sessionId, id) {
      const row = await prisma.savedExport.findFirst({ where: { sessionId, id }, include });
      return row ? toRecord(row) : null;
    },
    async delete(sessionId, id) {
      const { count } = await prisma.savedExport.deleteMany({ where: { sessionId, id } });
      return count > 0;
    },
  };
}
