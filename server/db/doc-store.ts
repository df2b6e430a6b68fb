import { asBytes, type DbClient } from "./client";
import type { DocStore, StoredDoc } from "./types";

/**
 * Yjs persistence: per document, one snapshot row (state folded in up to `uptoSeq`) plus update rows
 * numbered 1, 2, 3 … after it. Numbers are never reused, even after compaction deletes rows.
 *
 * Sequence numbers are assigned in-process: every operation on one docName runs through a per-doc
 * queue, and the last seq is cached after the first read. That is correct because this version runs
 * ONE server process per database. A second writer would not corrupt anything — the (docName, seq)
 * primary key makes a colliding append fail instead of overwriting — but it would see those errors.
 * Scaling out needs the seq assigned by the database (or a lock per doc) instead.
 */
export function createDocStore(prisma: DbClient): DocStore {
  const queue = new KeyedQueue();
  /** Last seq per doc, known to be current because only this process writes (one number per doc ever touched). */
  const lastSeqCache = new Map<string, number>();

  async function lastSeqOf(docName: string): Promise<number> {
    const cached = lastSeqCache.get(docName);
    if (cached !== undefined) return cached;
    // After a compaction that covered everything there are no update rows left, so the snapshot's
    // uptoSeq counts too.
    const [updates, snapshot] = await Promise.all([
      prisma.yDocUpdate.aggregate({ where: { docName }, _max: { seq: true } }),
      prisma.yDocSnapshot.findUnique({ where: { docName }, select: { uptoSeq: true } }),
    ]);
    const last = Math.max(updates._max.seq ?? 0, snapshot?.uptoSeq ?? 0);
    lastSeqCache.set(docName, last);
    return last;
  }

  return {
    load(docName) {
      // Queued like writes, so a compaction cannot delete updates between reading the snapshot and
      // reading the updates after it.
      return queue.run(docName, async (): Promise<StoredDoc> => {
        const snapshot = await prisma.yDocSnapshot.findUnique({ where: { docName } });
        const from = snapshot?.uptoSeq ?? 0;
        const rows = await prisma.yDocUpdate.findMany({
          where: { docName, seq: { gt: from } },
          orderBy: { seq: "asc" },
          select: { seq: true, data: true },
        });
        const lastSeq = Math.max(from, rows.at(-1)?.seq ?? 0);
        lastSeqCache.set(docName, lastSeq);
        return { snapshot: snapshot?.data ?? null, updates: rows.map((r) => r.data), lastSeq };
      });
    },

    append(docName, updates) {
      return queue.run(docName, async () => {
        const last = await lastSeqOf(docName);
        if (updates.length === 0) return last;
        // One INSERT of all rows: one round trip, atomic. It has returned only after the commit
        // (SQLite: written to the WAL, see adapters.ts; PostgreSQL: synchronous_commit), so the
        // updates are durable when this resolves.
        try {
          if (updates.length === 1) {
            // The hot path (the server merges each batch into one update). A raw INSERT costs about a
            // quarter of createMany's CPU (measured by bench:sync's server profile); createdAt takes
            // the column default.
            await prisma.$executeRaw`INSERT INTO "ydoc_updates" ("docName", "seq", "data") VALUES (${docName}, ${last + 1}, ${asBytes(updates[0])})`;
          } else {
            await prisma.yDocUpdate.createMany({
              data: updates.map((data, i) => ({ docName, seq: last + 1 + i, data: asBytes(data) })),
            });
          }
        } catch (e) {
          // The insert may have committed even though we got an error (e.g. a lost connection):
          // forget the cached seq so the next append reads the truth instead of colliding forever.
          lastSeqCache.delete(docName);
          throw e;
        }
        const newLast = last + updates.length;
        lastSeqCache.set(docName, newLast);
        return newLast;
      });
    },

    compact(docName, snapshot, uptoSeq) {
      return queue.run(docName, async () => {
        const last = await lastSeqOf(docName);
        if (!Number.isInteger(uptoSeq) || uptoSeq < 0 || uptoSeq > last) {
          throw new RangeError(`compact(${docName}): uptoSeq ${uptoSeq} is outside 0…${last}`);
        }
        const current = await prisma.yDocSnapshot.findUnique({ where: { docName }, select: { uptoSeq: true } });
        // A stored snapshot that already covers more updates wins: those updates are deleted, so
        // replacing it with an older state would lose them.
        if (current && current.uptoSeq > uptoSeq) return;
        const data = asBytes(snapshot);
        await prisma.$transaction([
          prisma.yDocSnapshot.upsert({
            where: { docName },
            create: { docName, data, uptoSeq },
            update: { data, uptoSeq },
          }),
          prisma.yDocUpdate.deleteMany({ where: { docName, seq: { lte: uptoSeq } } }),
        ]);
      });
    },

    pendingUpdateCount(docName) {
      return prisma.yDocUpdate.count({ where: { docName } });
    },

    async storedBytes(docName) {
      // LENGTH() of a blob/bytea is its size in bytes on both SQLite and PostgreSQL.
      const [row] = await prisma.$queryRaw<{ bytes: bigint | number | null }[]>`
        SELECT (SELECT COALESCE(SUM(LENGTH("data")), 0) FROM "ydoc_updates" WHERE "docName" = ${docName})
             + (SELECT COALESCE(SUM(LENGTH("data")), 0) FROM "ydoc_snapshots" WHERE "docName" = ${docName}) AS "bytes"`;
      return Number(row?.bytes ?? 0);
    },
  };
}

/** Runs tasks one at a time per key, in call order; a failed task does not block the next one. */
class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => {},
      () => {},
    );
    this.tails.set(key, tail);
    // Forget idle keys so the map only holds documents with work in flight.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
