import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Which database a URL names, and which Prisma schema + migrations folder belong to it. One Prisma
 * schema holds one provider, so each backend has its own schema file and migrations folder; the
 * PostgreSQL schema is generated from the SQLite one (scripts/db/postgres-schema.mjs).
 */
export type Provider = "sqlite" | "postgresql";

export interface DatabaseTarget {
  provider: Provider;
  /** `file:/abs/path.db` (SQLite, made absolute) or the PostgreSQL URL as given. */
  url: string;
  /** Absolute path of the SQLite file; null for PostgreSQL. */
  sqlitePath: string | null;
  schemaPath: string;
  migrationsDir: string;
}

/** Repository root, found from this file so the server and CLIs work from any working directory. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const SQLITE_FILE_NAME = "bandspace.db";

/**
 * Unset/empty → SQLite at `<dataDir>/bandspace.db`; `file:<path>` → SQLite (relative paths against
 * the working directory, as Prisma does); `postgres(ql)://…` → PostgreSQL. Anything else is refused
 * rather than guessed.
 */
export function resolveDatabaseTarget(databaseUrl: string | undefined, dataDir: string): DatabaseTarget {
  const url = databaseUrl?.trim() || undefined;
  if (url === undefined || url.startsWith("file:")) {
    const file =
      url === undefined ? path.join(dataDir, SQLITE_FILE_NAME) : url.slice("file:".length).replace(/\?.*$/, "");
    if (!file) throw new Error(`DATABASE_URL "${url}" names no file`);
    const sqlitePath = path.resolve(file);
    return {
      provider: "sqlite",
      url: `file:${sqlitePath}`,
      sqlitePath,
      schemaPath: path.join(repoRoot, "prisma/schema.prisma"),
      migrationsDir: path.join(repoRoot, "prisma/migrations"),
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    return {
      provider: "postgresql",
      url,
      sqlitePath: null,
      schemaPath: path.join(repoRoot, "prisma/postgresql/schema.prisma"),
      migrationsDir: path.join(repoRoot, "prisma/postgresql/migrations"),
    };
  }
  throw new Error(`DATABASE_URL must start with file: or postgresql:// (got "${url.replace(/\/\/[^@/]*@/, "//…@")}")`);
}
