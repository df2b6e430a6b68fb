// Offline stand-in for `prisma migrate …` (the Prisma 7 CLI needs a native engine it cannot download
// here). Run with tsx; the engine code is server/db/migrate.ts, which the server also uses at start.
//
//   npm run db:deploy                  apply pending migrations            (prisma migrate deploy)
//   npm run db:create -- <name> [--draft]  write a new migration from the schema (migrate dev --create-only)
//   npm run db:diff                    print SQL from the migrations to the schema (migrate diff)
//   npm run db:status                  compare the database with the migrations folder (migrate status)
//   npm run db:resolve -- --rolled-back <name> | --applied <name>               (migrate resolve)
//
// DATABASE_URL picks the database and with it the schema + migrations folder:
//   unset → SQLite ./data/bandspace.db; file:<path> → SQLite (prisma/schema.prisma, prisma/migrations);
//   postgresql://… → PostgreSQL (prisma/postgresql/schema.prisma, prisma/postgresql/migrations).
// create/diff on PostgreSQL replay the migrations into a scratch database on that server (needs
// CREATEDB), or into SHADOW_DATABASE_URL when set (it is wiped).
import path from "node:path";
import {
  createMigration,
  diffMigrationsToSchema,
  migrateDatabase,
  migrationStatus,
  resolveMigration,
  toTarget,
} from "../../server/db/migrate";
import { writePostgresSchema } from "./postgres-schema.mjs";

const [command, ...args] = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function shortPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") ? rel : file;
}

async function main(): Promise<number> {
  const target = toTarget(process.env.DATABASE_URL || undefined);
  const where = target.sqlitePath
    ? shortPath(target.sqlitePath)
    : `PostgreSQL ${new URL(target.url).pathname.slice(1)}`;
  switch (command) {
    case "deploy": {
      const started = performance.now();
      const { applied } = await migrateDatabase(target);
      const ms = Math.round(performance.now() - started);
      console.log(
        applied.length
          ? `Applied to ${where}: ${applied.join(", ")} (${ms} ms)`
          : `${where}: no pending migrations (${ms} ms).`,
      );
      return 0;
    }
    case "create":
    case "diff": {
      // The PostgreSQL schema is derived from the SQLite one; a schema change starts here.
      if (writePostgresSchema())
        console.log("Updated prisma/postgresql/schema.prisma (commit it; run npm run db:generate).");
      if (command === "diff") {
        process.stdout.write((await diffMigrationsToSchema(target)) || "-- Migrations and schema are in sync.\n");
        return 0;
      }
      const name = args.find((a) => !a.startsWith("--"));
      if (!name) throw new Error("usage: npm run db:create -- <name> [--draft]");
      const dir = await createMigration(target, name, { draft: args.includes("--draft") });
      console.log(
        dir
          ? `Created ${path.relative(process.cwd(), dir)}/migration.sql`
          : "Schema and migrations are in sync; no migration created.",
      );
      return 0;
    }
    case "status": {
      const status = await migrationStatus(target);
      const { upToDate, history, failedMigrationNames, editedMigrationNames, hasMigrationsTable } = status;
      if (upToDate) console.log(`${where}: database schema is up to date.`);
      else {
        console.log(`${where}: NOT up to date.`);
        if (!hasMigrationsTable) console.log("  No _prisma_migrations table (run npm run db:deploy).");
        if (history) console.log(`  ${JSON.stringify(history)}`);
        if (failedMigrationNames.length) console.log(`  Failed: ${failedMigrationNames.join(", ")}`);
        if (editedMigrationNames.length)
          console.log(`  Edited after being applied: ${editedMigrationNames.join(", ")}`);
      }
      return upToDate ? 0 : 1;
    }
    case "resolve": {
      const rolledBack = option("--rolled-back");
      const applied = option("--applied");
      if (rolledBack) await resolveMigration(target, { rolledBack });
      else if (applied) await resolveMigration(target, { applied });
      else throw new Error("usage: npm run db:resolve -- --rolled-back <name> | --applied <name>");
      console.log("Migration history updated.");
      return 0;
    }
    default:
      console.error(
        "usage: migrate.ts deploy | create <name> [--draft] | diff | status | resolve --rolled-back|--applied <name>",
      );
      return 2;
  }
}

let code: number;
try {
  code = await main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  code = 1;
}
// Everything is closed by now; exit anyway so no stray handle can keep the CLI waiting.
process.exit(code);
