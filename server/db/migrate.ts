import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { DiagnoseMigrationHistoryOutput } from "@prisma/schema-engine-wasm";
import { NO_FILTERS, openSchemaEngine, readMigrations, withScratchDatabase, type OpenEngine } from "./schema-engine";
import { resolveDatabaseTarget, type DatabaseTarget } from "./target";

/**
 * Migration commands on the WASM schema engine: used by the server at start (migrateDatabase) and
 * by the CLI (scripts/db/migrate.ts: npm run db:deploy | db:create | db:status | db:diff | db:resolve).
 * Every function releases its connections before returning, so none keeps a process alive.
 */

/** A URL (or unset → SQLite at `<dataDir>/bandspace.db`, dataDir defaulting to ./data) or a resolved target. */
export type DatabaseRef = string | undefined | DatabaseTarget;

export function toTarget(ref: DatabaseRef, dataDir = path.resolve("data")): DatabaseTarget {
  return typeof ref === "object" ? ref : resolveDatabaseTarget(ref, dataDir);
}

async function withEngine<T>(target: DatabaseTarget, fn: (opened: OpenEngine) => Promise<T>): Promise<T> {
  // The SQLite file (and its folder) are created on first use, as `prisma migrate deploy` does.
  if (target.sqlitePath) await fs.mkdir(path.dirname(target.sqlitePath), { recursive: true });
  const opened = await openSchemaEngine(target);
  try {
    return await fn(opened);
  } catch (e) {
    throw opened.explain(e);
  } finally {
    await opened.close();
  }
}

/**
 * Applies pending migrations (`prisma migrate deploy`). Safe to call on every start: with nothing
 * pending it applies nothing. Concurrent callers on PostgreSQL serialize on the engine's advisory lock.
 */
export async function migrateDatabase(ref: DatabaseRef, dataDir?: string): Promise<{ applied: string[] }> {
  const target = toTarget(ref, dataDir);
  const migrationsList = await readMigrations(target.migrationsDir);
  if (migrationsList.migrationDirectories.length === 0) {
    throw new Error(`no migrations in ${target.migrationsDir}`);
  }
  return withEngine(target, async ({ engine }) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return { applied: appliedMigrationNames };
  });
}

export type MigrationStatus = DiagnoseMigrationHistoryOutput & { upToDate: boolean };

/** `prisma migrate status`: compares the database's history with the migrations folder. */
export async function migrationStatus(ref: DatabaseRef, dataDir?: string): Promise<MigrationStatus> {
  const target = toTarget(ref, dataDir);
  const migrationsList = await readMigrations(target.migrationsDir);
  // The engine throws instead of reporting a database that was never migrated (and opening a
  // missing SQLite file would create it): answer "everything pending" for both.
  const neverMigrated = (): DiagnoseMigrationHistoryOutput => ({
    hasMigrationsTable: false,
    history: {
      diagnostic: "databaseIsBehind",
      unappliedMigrationNames: migrationsList.migrationDirectories.map((d) => d.path),
    },
    failedMigrationNames: [],
    editedMigrationNames: [],
  });
  const result =
    target.sqlitePath && !existsSync(target.sqlitePath)
      ? neverMigrated()
      : await withEngine(target, ({ engine }) =>
          engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTERS }),
        ).catch((e: Error) => {
          if (/`_prisma_migrations` does not exist/.test(e.message)) return neverMigrated();
          throw e;
        });
  const upToDate =
    result.hasMigrationsTable &&
    !result.history &&
    !result.failedMigrationNames.length &&
    !result.editedMigrationNames.length;
  return { ...result, upToDate };
}

/**
 * SQL that takes a database built from the committed migrations to the current Prisma schema
 * (`prisma migrate diff --from-migrations --to-schema --script`). Replays the migrations into a
 * scratch database; empty string when they are in sync.
 */
export async function diffMigrationsToSchema(ref: DatabaseRef, dataDir?: string): Promise<string> {
  const target = toTarget(ref, dataDir);
  const migrationsList = await readMigrations(target.migrationsDir);
  const schemaContent = await fs.readFile(target.schemaPath, "utf8");
  const schemas = { files: [{ path: target.schemaPath, content: schemaContent }] };
  const sql = await withScratchDatabase(target, async ({ engine }) => {
    await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    const result = await engine.diff({
      from: { tag: "schemaDatasource", ...schemas, configDir: path.dirname(target.schemaPath) },
      to: { tag: "schemaDatamodel", ...schemas },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return result.stdout ?? "";
  });
  return /^\s*-- This is an empty migration\.\s*$/.test(sql) ? "" : sql;
}

/**
 * `prisma migrate dev --create-only`: writes `<migrationsDir>/<UTC timestamp>_<name>/migration.sql`
 * with the diff, and the lock file. Returns the new folder, or null when there is nothing to migrate
 * (unless `draft`, which writes an empty migration to fill in by hand).
 */
export async function createMigration(
  ref: DatabaseRef,
  name: string,
  options: { draft?: boolean; dataDir?: string; now?: Date } = {},
): Promise<string | null> {
  const target = toTarget(ref, options.dataDir);
  const sql = await diffMigrationsToSchema(target);
  if (!sql && !options.draft) return null;
  const existing = (await readMigrations(target.migrationsDir)).migrationDirectories.map((d) => d.path);
  const dir = path.join(
    target.migrationsDir,
    `${migrationTimestamp(options.now ?? new Date(), existing.at(-1))}_${safeName(name)}`,
  );
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, "migration.sql"), sql || "-- This is an empty migration.\n");
  await fs.writeFile(
    path.join(target.migrationsDir, "migration_lock.toml"),
    `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${target.provider}"\n`,
  );
  return dir;
}

/** `prisma migrate resolve`: marks a failed migration rolled back, or a migration applied. */
export async function resolveMigration(
  ref: DatabaseRef,
  action: { rolledBack: string } | { applied: string },
  dataDir?: string,
): Promise<void> {
  const target = toTarget(ref, dataDir);
  const migrationsList = await readMigrations(target.migrationsDir);
  await withEngine(target, async ({ engine }) => {
    if ("rolledBack" in action) await engine.markMigrationRolledBack({ migrationName: action.rolledBack });
    else await engine.markMigrationApplied({ migrationName: action.applied, migrationsList });
  });
}

function safeName(name: string): string {
  const cleaned = name
    .trim()
    .replace(/[^A-Za-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!cleaned) throw new Error("a migration needs a name (letters, digits, _)");
  return cleaned;
}

/** UTC YYYYMMDDHHMMSS like Prisma, but strictly after the newest existing migration (same-second runs). */
function migrationTimestamp(now: Date, newest: string | undefined): string {
  const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const last = newest?.slice(0, 14);
  let ts = stamp(now);
  if (last && /^\d{14}$/.test(last) && ts <= last) {
    const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((i, k) => Number(last.slice(i, i + (k === 0 ? 4 : 2))));
    ts = stamp(new Date(Date.UTC(y, mo - 1, d, h, mi, s + 1)));
  }
  return ts;
}
