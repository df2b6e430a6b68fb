import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { derivePostgresSchema, expectedPostgresSchema, postgresSchemaPath } from "../../scripts/db/postgres-schema.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

/** prisma/schema.prisma (SQLite) is the one source of truth; the PostgreSQL schema is derived from it. */
describe("Prisma schemas", () => {
  it("the committed PostgreSQL schema is what the generator produces (run npm run db:schema if not)", () => {
    expect(fs.readFileSync(postgresSchemaPath, "utf8")).toBe(expectedPostgresSchema());
  });

  it("the PostgreSQL schema differs from the SQLite one only in provider, client output and header", () => {
    const strip = (text: string) =>
      text
        .split("\n")
        .filter(
          (line) =>
            !/^\s*(provider|output)\s*=/.test(line) &&
            !line.startsWith("// GENERATED") &&
            !line.startsWith("// Do not edit"),
        )
        .join("\n")
        .trim();
    const sqlite = read("prisma/schema.prisma");
    const postgres = read("prisma/postgresql/schema.prisma");
    expect(strip(postgres)).toBe(strip(sqlite));
    expect(postgres).toMatch(/datasource db \{\s*provider = "postgresql"/);
    expect(postgres).toContain('output   = "../../generated/prisma-postgresql"');
    expect(sqlite).toMatch(/datasource db \{\s*provider = "sqlite"/);
    expect(sqlite).toContain('output   = "../generated/prisma-sqlite"');
  });

  it("the generator refuses a schema without the blocks it rewrites", () => {
    expect(() => derivePostgresSchema("model A { id Int @id }")).toThrow(/datasource db/);
  });

  it("each migrations folder is locked to its provider", () => {
    expect(read("prisma/migrations/migration_lock.toml")).toContain('provider = "sqlite"');
    expect(read("prisma/postgresql/migrations/migration_lock.toml")).toContain('provider = "postgresql"');
  });

  it("both backends have the same migrations (by name after the timestamp)", () => {
    const names = (dir: string) =>
      fs
        .readdirSync(path.join(root, dir), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name.replace(/^\d{14}_/, ""))
        .sort();
    expect(names("prisma/postgresql/migrations")).toEqual(names("prisma/migrations"));
  });
});
