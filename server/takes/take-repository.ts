import { TakeState } from "@bandspace/protocol";
import { prismaErrorCode, type DbClient } from "../db/client";

/** A take's metadata row (prisma model Take). */
export interface TakeRecord {
  id: string;
  sessionId: string;
  takeId: string;
  trackId: string;
  createdByLinkId: string;
  createdByName: string;
  createdAt: Date;
  sampleRate: number;
  channels: number;
  startTick: number;
  latencyMs: number;
  passIndex: number;
  lane: number | null;
  state: TakeState;
  frames: number;
  chunkCount: number;
  sha256: string | null;
  storeKind: string;
  storageKey: string;
  endedAt: Date | null;
}

export type NewTake = Omit<TakeRecord, "createdAt" | "state" | "frames" | "chunkCount" | "sha256" | "endedAt">;

export class TakeExistsError extends Error {}

/**
 * Take metadata in Prisma. Written at take:start and at the end (complete/aborted) only: chunks never
 * touch the database (their durable state is the journal), which keeps the chunk path cheap.
 */
export interface TakeRepository {
  create: (take: NewTake) => Promise<TakeRecord>;
  find: (sessionId: string, takeId: string) => Promise<TakeRecord | null>;
  list: (sessionId: string) => Promise<TakeRecord[]>;
  listRecording: () => Promise<TakeRecord[]>;
  complete: (id: string, fields: { frames: number; chunkCount: number; sha256: string }) => Promise<TakeRecord>;
  abort: (id: string) => Promise<TakeRecord>;
}

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
