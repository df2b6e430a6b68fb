import fs from "node:fs/promises";
import path from "node:path";
import { createPgPool, pgAdapterFactory, sqliteAdapterFactory } from "./adapters";
import type { DbClient } from "./client";
import { createDocStore } from "./doc-store";
import { migrateDatabase } from "./migrate";
import { createMemberRepository } from "./member-repository";
import { createSessionRepository } from "./session-repository";
import { createSavedExportRepository } from "./saved-export-repository";
import { createTakeRepository } from "./take-repository";
import { createVersionRepository } from "./version-repository";
import { resolveDatabaseTarget, type DatabaseTarget } from "./target";
import type { Database, OpenDatabaseOptions } from "./types";

/**
 * Opens the database named by `opts.databaseUrl` (the caller passes DATABASE_URL; unset → SQLite at
 * `<dataDir>/bandspace.db`), applies pending migrations unless `migrate: false`, and returns the
 * repositories. `close()` releases every connection, so a closed Database keeps no process alive.
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const target = resolveDatabaseTarget(opts.databaseUrl, opts.dataDir);
  if (target.sqlitePath) await fs.mkdir(path.dirname(target.sqlitePath), { recursive: true });
  if (opts.migrate !== false) await migrateDatabase(target);

  const { prisma, release } = target.provider === "sqlite" ? await sqliteClient(target) : await postgresClient(target);
  try {
    // Connect now: a wrong URL or unreachable server fails at start, not on the first request.
    await prisma.$connect();
  } catch (e) {
    await release().catch(() => {});
    throw e;
  }

  let closing: Promise<void> | undefined;
  return {
    provider: target.provider,
    sessions: createSessionRepository(prisma),
    members: createMemberRepository(prisma),
    versions: createVersionRepository(prisma),
    docs: createDocStore(prisma, target.provider),
    takes: createTakeRepository(prisma),
    exports: createSavedExportRepository(prisma),
    async ping() {
      await prisma.$queryRaw`SELECT 1`;
    },
    close() {
      closing ??= prisma.$disconnect().finally(release);
      return closing;
    },
  };
}

interface OpenClient {
  prisma: DbClient;
  release: () => Promise<void>;
}

// Each generated client is imported only when used: a SQLite server never loads the PostgreSQL one.

async function sqliteClient(target: DatabaseTarget): Promise<OpenClient> {
  const { PrismaClient } = await import("../../generated/prisma-sqlite/client");
  // One better-sqlite3 connection, with WAL + synchronous=NORMAL + foreign keys (see adapters.ts).
  const adapter = sqliteAdapterFactory(target.sqlitePath!);
  return { prisma: new PrismaClient({ adapter }), release: () => adapter.disposeAll() };
}

async function postgresClient(target: DatabaseTarget): Promise<OpenClient> {
  const { PrismaClient } = await import("../../generated/prisma-postgresql/client");
  // Our own pool (pg's default of 10 connections) so close() can end it.
  const { pool, schema } = createPgPool(target.url);
  const prisma = new PrismaClient({ adapter: pgAdapterFactory(pool, schema) }) as unknown as DbClient;
  return { prisma, release: () => pool.end() };
}
