import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";

/**
 * Driver adapters shared by the runtime client (open.ts) and the migration engine (schema-engine.ts).
 */

/**
 * Per-connection SQLite settings. The better-sqlite3 adapter opens the file itself and has no hook
 * for pragmas (its options are better-sqlite3's constructor options, which have none), so the factory
 * below runs them on every connection it hands out.
 *
 * - journal_mode=WAL: a commit appends to the -wal file; readers never block the writer.
 * - synchronous=NORMAL: in WAL mode a commit is written (write(2)) to the WAL before the statement
 *   returns, so every acknowledged write survives `kill -9` of the process (the OS still has it).
 *   fsync happens at checkpoints only, so a power cut/OS crash may lose the last commits — but never
 *   corrupts the file. FULL would fsync every commit; we trade that for write throughput.
 * - foreign_keys=ON: SQLite ignores foreign keys unless asked per connection, and the adapter does
 *   not ask; without it ShareLink's ON DELETE CASCADE would silently not happen.
 * - busy_timeout: wait for a lock (e.g. the CLI migrating the same file) instead of failing at once.
 */
const SQLITE_PRAGMAS = `
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
PRAGMA busy_timeout = 5000;
`;

/** An adapter factory that can release every connection it opened (the schema engine does not). */
export interface ClosableAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  disposeAll: () => Promise<void>;
}

/** `sqlitePath` is an absolute file path or ":memory:". */
export function sqliteAdapterFactory(sqlitePath: string): ClosableAdapterFactory {
  const inner = new PrismaBetterSqlite3({ url: sqlitePath });
  const opened: SqlDriverAdapter[] = [];
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      opened.push(adapter);
      await adapter.executeScript(SQLITE_PRAGMAS);
      return adapter;
    },
    connectToShadowDb: () => inner.connectToShadowDb(),
    async disposeAll() {
      // better-sqlite3's close() is idempotent, so a client that already disposed it is fine.
      await Promise.all(opened.splice(0).map((a) => a.dispose()));
    },
  };
}

/**
 * A pg.Pool for a PostgreSQL URL, plus the `?schema=` parameter (a Prisma convention pg does not
 * know; PrismaPg takes it as an option). We create the pool ourselves so we can end it on close.
 */
export function createPgPool(url: string, max?: number): { pool: pg.Pool; schema: string | undefined } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? undefined;
  parsed.searchParams.delete("schema");
  const pool = new pg.Pool({ connectionString: parsed.toString(), ...(max ? { max } : {}) });
  // An idle client losing its connection emits "error" on the pool; unhandled, that would crash the
  // process. The next query gets a fresh connection, so logging is enough.
  pool.on("error", (err) => console.error(`[db] idle PostgreSQL connection failed: ${err.message}`));
  return { pool, schema };
}

export function pgAdapterFactory(pool: pg.Pool, schema: string | undefined): PrismaPg {
  return new PrismaPg(pool, schema ? { schema } : undefined);
}
