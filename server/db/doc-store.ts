import * as Y from "yjs";
import { asBytes, prismaErrorCode, type DbClient } from "./client";
import type { DocStore, StoredDoc } from "./types";

/**
 * Yjs persistence: per document, one snapshot row (state folded in up to `uptoSeq`) plus update rows
 * numbered 1, 2, 3 … after it. Numbers are never reused, even after compaction deletes rows.
 *
 * Several server processes may write one document at once (scale-out, issue #21), so nothing here is
 * cached between calls: every number comes from the database.
 *
 * - append: one INSERT … SELECT that computes the next seq from the rows and the snapshot in the same
 *   statement; two writers that pick the same number collide on the (docName, seq) primary key and the
 *   loser retries. A writer only picks seq s after s − 1 has committed, so rows become visible in seq
 *   order: every read sees a gap-free prefix (what catch-up and compaction rely on).
 * - compact: builds the snapshot from what is STORED (the old snapshot + rows ≤ N), never from a node's
 *   in-memory doc, which may lack rows another node stored; on PostgreSQL it holds an advisory lock per
 *   document for the transaction, so two compactions never interleave.
 * - load: reads the snapshot and the rows after it, and retries if a compaction moved the snapshot in
 *   between (otherwise rows folded into the new snapshot would be missed).
 */
export function createDocStore(prisma: DbClient, provider: "sqlite" | "postgresql" = "sqlite"): DocStore {
  // Within one process, one operation per doc at a time: our own appends never race each other.
  const queue = new KeyedQueue();

  async function insertNext(docName: string, data: Uint8Array): Promise<number> {
    // Portable SQL (SQLite and PostgreSQL): CASE instead of GREATEST/MAX(a, b).
    for (let attempt = 0; ; attempt++) {
      try {
        const rows = await prisma.$queryRaw<{ seq: number | bigint }[]>`
          INSERT INTO "ydoc_updates" ("docName", "seq", "data")
          SELECT ${docName}, CASE WHEN u.m > s.m THEN u.m ELSE s.m END + 1, ${asBytes(data)}
          FROM (SELECT COALESCE(MAX("seq"), 0) AS m FROM "ydoc_updates" WHERE "docName" = ${docName}) u,
               (SELECT COALESCE(MAX("uptoSeq"), 0) AS m FROM "ydoc_snapshots" WHERE "docName" = ${docName}) s
          RETURNING "seq"`;
        return Number(rows[0].seq);
      } catch (e) {
        // Another writer took this number first: read again and take the next one.
        if (attempt < 50 && isUniqueViolation(e)) continue;
        throw e;
      }
    }
  }

  async function lastSeqOf(docName: string): Promise<number> {
    const [updates, snapshot] = await Promise.all([
      prisma.yDocUpdate.aggregate({ where: { docName }, _max: { seq: true } }),
      prisma.yDocSnapshot.findUnique({ where: { docName }, select: { uptoSeq: true } }),
    ]);
    return Math.max(updates._max.seq ?? 0, snapshot?.uptoSeq ?? 0);
  }

  async function readAfter(docName: string, afterSeq: number): Promise<StoredDoc> {
    for (;;) {
      const snapshot = await prisma.yDocSnapshot.findUnique({ where: { docName } });
      const from = snapshot?.uptoSeq ?? 0;
      const rows = await prisma.yDocUpdate.findMany({
        where: { docName, seq: { gt: Math.max(from, afterSeq) } },
        orderBy: { seq: "asc" },
        select: { seq: true, data: true },
      });
      const check = await prisma.yDocSnapshot.findUnique({ where: { docName }, select: { uptoSeq: true } });
      // A compaction between the two reads deleted rows we had not read yet: read again.
      if ((check?.uptoSeq ?? 0) !== from) continue;
      const lastSeq = Math.max(from, afterSeq, rows.at(-1)?.seq ?? 0);
      // The snapshot is only needed when it covers rows the caller does not have.
      const needSnapshot = afterSeq < from;
      return {
        snapshot: needSnapshot ? (snapshot?.data ?? null) : null,
        updates: rows.map((r) => r.data),
        lastSeq,
      };
    }
  }

  return {
    load(docName) {
      return queue.run(docName, () => readAfter(docName, 0));
    },

    readAfter(docName, afterSeq) {
      return queue.run(docName, () => readAfter(docName, afterSeq));
    },

    append(docName, updates) {
      return queue.run(docName, async () => {
        if (updates.length === 0) return lastSeqOf(docName);
        // Each INSERT has returned only after its commit (SQLite: written to the WAL, see adapters.ts;
        // PostgreSQL: synchronous_commit), so the updates are durable when this resolves. The server
        // merges each batch into one update, so this is one statement, one round trip.
        let seq = 0;
        for (const u of updates) seq = await insertNext(docName, u);
        return seq;
      });
    },

    compact(docName, uptoSeq) {
      return queue.run(docName, () =>
        prisma.$transaction(
          async (tx) => {
            if (provider === "postgresql") {
              // As a statement whose result is ignored: the adapter cannot read a `void` column.
              await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${"ydoc:" + docName}, 0))`;
            }
            const current = await tx.yDocSnapshot.findUnique({ where: { docName } });
            const from = current?.uptoSeq ?? 0;
            const rows = await tx.yDocUpdate.findMany({
              where: { docName, seq: { gt: from, ...(uptoSeq === undefined ? {} : { lte: uptoSeq }) } },
              orderBy: { seq: "asc" },
              select: { seq: true, data: true },
            });
            // Only what this transaction saw is covered: a row committed after the read keeps its seq
            // above `covered` (rows appear in seq order), so it is neither folded in nor deleted.
            const covered = rows.at(-1)?.seq ?? from;
            if (uptoSeq !== undefined && uptoSeq > covered && uptoSeq > from) {
              throw new RangeError(`compact(${docName}): there is no stored update ${uptoSeq}`);
            }
            if (rows.length === 0) return from;
            const doc = new Y.Doc({ gc: true });
            try {
              Y.transact(doc, () => {
                if (current) Y.applyUpdate(doc, current.data);
                for (const r of rows) Y.applyUpdate(doc, r.data);
              });
              const data = asBytes(Y.encodeStateAsUpdate(doc));
              await tx.yDocSnapshot.upsert({
                where: { docName },
                create: { docName, data, uptoSeq: covered },
                update: { data, uptoSeq: covered },
              });
            } finally {
              doc.destroy();
            }
            await tx.yDocUpdate.deleteMany({ where: { docName, seq: { lte: covered } } });
            return covered;
          },
          // A big document takes a moment to fold; Prisma's default is 5 s.
          { timeout: 60_000, maxWait: 30_000 },
        ),
      );
    },

    async lastSeq(docName) {
      return lastSeqOf(docName);
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

/** A primary-key collision, as Prisma reports it for raw queries through either driver adapter. */
function isUniqueViolation(e: unknown): boolean {
  if (prismaErrorCode(e) === "P2002") return true;
  const text = String((e as { message?: unknown } | null)?.message ?? e);
  return /unique constraint|23505|UNIQUE constraint failed|duplicate key/i.test(text);
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
