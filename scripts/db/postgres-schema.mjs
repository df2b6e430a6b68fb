// Derives prisma/postgresql/schema.prisma from prisma/schema.prisma (the SQLite schema, the one
// source of truth for models). One Prisma schema holds one provider, so PostgreSQL needs its own
// file; generating it keeps the models identical. tests/unit/db-schema.test.ts checks the committed
// file equals what derivePostgresSchema() returns.
//
//   node scripts/db/postgres-schema.mjs           write prisma/postgresql/schema.prisma
//   node scripts/db/postgres-schema.mjs --check   exit 1 when the committed file is out of date
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const sqliteSchemaPath = path.join(root, "prisma/schema.prisma");
export const postgresSchemaPath = path.join(root, "prisma/postgresql/schema.prisma");

const HEADER =
  "// GENERATED from prisma/schema.prisma by scripts/db/postgres-schema.mjs (npm run db:schema).\n" +
  "// Do not edit: change prisma/schema.prisma and regenerate.\n\n";

/** Replaces `key = …` inside the one block that starts with `blockStart`; throws when absent. */
function replaceInBlock(text, blockStart, key, value) {
  const start = text.indexOf(blockStart);
  if (start < 0 || text.indexOf(blockStart, start + 1) >= 0) {
    throw new Error(`expected exactly one "${blockStart}" block in prisma/schema.prisma`);
  }
  const end = text.indexOf("}", start);
  const block = text.slice(start, end);
  const line = new RegExp(`^(\\s*${key}\\s*=\\s*)"[^"]*"`, "m");
  if (!line.test(block)) throw new Error(`no ${key} = "…" in the "${blockStart}" block`);
  return text.slice(0, start) + block.replace(line, `$1"${value}"`) + text.slice(end);
}

/** The PostgreSQL schema for a given SQLite schema text: provider and client output swapped. */
export function derivePostgresSchema(sqliteSchema) {
  let text = sqliteSchema;
  text = replaceInBlock(text, "datasource db {", "provider", "postgresql");
  // The PostgreSQL schema sits one folder deeper, hence ../../.
  text = replaceInBlock(text, "generator client {", "output", "../../generated/prisma-postgresql");
  return HEADER + text;
}

export function expectedPostgresSchema() {
  return derivePostgresSchema(fs.readFileSync(sqliteSchemaPath, "utf8"));
}

/** True when the committed PostgreSQL schema matches the SQLite one. */
export function postgresSchemaIsCurrent() {
  const current = fs.existsSync(postgresSchemaPath) ? fs.readFileSync(postgresSchemaPath, "utf8") : null;
  return current === expectedPostgresSchema();
}

/** Writes the PostgreSQL schema when it differs; returns true when the file changed. */
export function writePostgresSchema() {
  if (postgresSchemaIsCurrent()) return false;
  fs.mkdirSync(path.dirname(postgresSchemaPath), { recursive: true });
  fs.writeFileSync(postgresSchemaPath, expectedPostgresSchema());
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rel = path.relative(process.cwd(), postgresSchemaPath);
  if (process.argv.includes("--check")) {
    if (!postgresSchemaIsCurrent()) {
      console.error(`${rel} is out of date: run npm run db:schema`);
      process.exit(1);
    }
    console.log(`${rel} is up to date.`);
  } else {
    console.log(writePostgresSchema() ? `Wrote ${rel}` : `${rel} is up to date.`);
  }
}
