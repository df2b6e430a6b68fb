import { TakeState } from "@bandspace/protocol";
import { prismaErrorCode, type DbClient } from "./client";
import type { TakeRecord, TakeRepository } from "./types";

/** Thrown by create when the session already has a take with this id (a resumed take:start). */
export class TakeExistsError extends Error {}

type Row = Omit<TakeRecord, "state"> & { state: string };
const toRecord = (row: Row): TakeRecord => ({ ...row, state: TakeState.parse(row.state) });

export function createTakeRepository(prisma: DbClient): TakeRepository {
  return {
    async create(take) {
      try {
        return toRecord(await prisma.take.create({ data: { ...take, state: "recording" } }));
      } catch (e) {
        if (prismaErrorCode(e) === "P2002") throw new TakeExistsError(take.takeId);
        throw e;
      }
    },
    async find(sessionId, takeId) {
      const row = await prisma.take.findUnique({ where: { sessionId_takeId: { sessionId, takeId } } });
      return row ? toRecord(row) : null;
    },
    async list(sessionId) {
      const rows = await prisma.take.findMany({
        where: { sessionId, state: { not: "aborted" } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      return rows.map(toRecord);
    },
    async listRecording() {
      return (await prisma.take.findMany({ where: { state: "recording" } })).map(toRecord);
    },
    async complete(id, fields) {
      return toRecord(
        await prisma.take.update({ where: { id }, data: { ...fields, state: "complete", endedAt: new Date() } }),
      );
    },
    async abort(id) {
      return toRecord(await prisma.take.update({ where: { id }, data: { state: "aborted", endedAt: new Date() } }));
    },
  };
}
