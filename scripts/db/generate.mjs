// npm run db:generate (also postinstall): generates both Prisma clients, offline.
//
//   prisma/schema.prisma            → generated/prisma-sqlite
//   prisma/postgresql/schema.prisma → generated/prisma-postgresql
//
// The Prisma 7 CLI insists on locating its native schema-engine binary even for `generate`, which
// never runs it, and would download it from Prisma's host (impossible here and on CI). Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at a stub satisfies it. We set that (and CHECKPOINT_DISABLE, Prisma's
// telemetry) only in the child's environment, so nothing else on the machine is affected.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { postgresSchemaIsCurrent } from "./postgres-schema.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const stub = path.join(here, "no-schema-engine");
const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");

// Checkouts that lose the executable bit (archives, some editors) would make the CLI reject the stub.
fs.chmodSync(stub, 0o755);

if (!postgresSchemaIsCurrent()) {
  // Not fatal (this runs on every npm install), but the PostgreSQL client would be stale.
  console.warn(
    "warning: prisma/postgresql/schema.prisma is out of date with prisma/schema.prisma: run npm run db:schema",
  );
}

for (const schema of ["prisma/schema.prisma", "prisma/postgresql/schema.prisma"]) {
  const result = spawnSync(process.execPath, [prismaCli, "generate", "--schema", schema], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, CHECKPOINT_DISABLE: "1" },
  });
  if (result.status !== 0) {
    console.error(`prisma generate failed for ${schema}`);
    process.exit(result.status ?? 1);
  }
}
