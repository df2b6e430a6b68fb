import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";
import pg from "pg";
import { createPgPool, pgAdapterFactory, sqliteAdapterFactory } from "./adapters";
import type { DatabaseTarget } from "./target";

/**
 * Prisma's schema engine (the thing behind `prisma migrate`) compiled to WASM, driven over a driver
 * adapter. The Prisma 7 CLI would download a native engine binary, which is impossible offline; this
 * is the same engine build, and it keeps the standard `_prisma_migrations` table (checksum = sha256
 * of migration.sql), so the normal CLI can take over the same database on a machine with network.
 *
 * The engine's API is internal to Prisma: @prisma/schema-engine-wasm is pinned to the exact build
 * matching prisma 7.10.0.
 */

export const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

type EngineClass = typeof SchemaEngine;
let engineClass: Promise<EngineClass> | undefined;

/**
 * Instantiates the WASM by hand (the package's own entry imports the .wasm as an ES module, which
 * Node 20 only allows behind --experimental-wasm-modules). Loaded once per process (~0.5 s, kept).
 */
function loadEngineClass(): Promise<EngineClass> {
  engineClass ??= (async () => {
    const specifier = "@prisma/schema-engine-wasm/schema_engine_bg";
    // The wasm-bindgen glue module has no type declarations: the two names used here are typed by hand.
    const bg = (await import(specifier)) as Record<string, unknown> & {
      __wbg_set_wasm: (exports: WebAssembly.Exports) => void;
      SchemaEngine: EngineClass;
    };
    const wasmFile = path.join(
      path.dirname(createRequire(import.meta.url).resolve(specifier)),
      "schema_engine_bg.wasm",
    );
    const imports: Record<string, unknown> = { ...bg };
    // The engine arms a 10 s timer (a lock timeout) that it never clears; unref it so an otherwise
    // finished process (a CLI, or a server shutting down) does not wait for it.
    for (const name of Object.keys(imports).filter((n) => n.startsWith("__wbg_setTimeout_"))) {
      imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
    }
    const module = await WebAssembly.compile(await fs.readFile(wasmFile));
    const instance = await WebAssembly.instantiate(module, {
      "./schema_engine_bg.js": imports as WebAssembly.ModuleImports,
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg.SchemaEngine;
  })();
  return engineClass;
}

export interface OpenEngine {
  engine: SchemaEngine;
  /** Engine errors name driver errors only as "External error id#N": this adds the real cause. */
  explain: (error: unknown) => Error;
  close: () => Promise<void>;
}

/** Opens the engine on one database (`target.url`), with the Prisma schema at `target.schemaPath`. */
export async function openSchemaEngine(target: DatabaseTarget, schemaContent?: string): Promise<OpenEngine> {
  const schema = schemaContent ?? (await fs.readFile(target.schemaPath, "utf8"));
  let adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  let release: () => Promise<void>;
  if (target.provider === "sqlite") {
    const factory = sqliteAdapterFactory(target.sqlitePath ?? ":memory:");
    adapterFactory = factory;
    release = () => factory.disposeAll();
  } else {
    // One connection: the engine takes a session-level advisory lock and must release it on the same
    // session; a pool of many would scatter its statements over several sessions.
    const { pool, schema: pgSchema } = createPgPool(target.url, 1);
    adapterFactory = pgMigrationFactory(pool, pgSchema);
    release = () => pool.end();
  }
  const factory = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  const log = (message: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) console.error("[schema-engine]", message);
  };
  const Engine = await loadEngineClass();
  let engine: SchemaEngine;
  try {
    engine = await Engine.new({ datamodels: [[target.schemaPath, schema]] }, log, factory);
  } catch (e) {
    await release();
    throw e;
  }
  return {
    engine,
    explain(error) {
      const message = String((error as Error)?.message ?? error).split("\n   0:")[0];
      const id = /External error id#(\d+)/.exec(message)?.[1];
      const cause = id ? factory.errorRegistry.consumeError(Number(id)) : undefined;
      const detail = cause ? `\nCause: ${JSON.stringify((cause as { error?: unknown }).error ?? cause)}` : "";
      return new Error(`${message}${detail}`, { cause: error });
    },
    async close() {
      engine.free();
      await release();
    },
  };
}

/** adapter-pg 7.10 with two fixes the schema engine needs (the runtime client needs neither). */
function pgMigrationFactory(pool: pg.Pool, schema: string | undefined): SqlMigrationAwareDriverAdapterFactory {
  // The engine's schema describer selects catalog columns of type "char" (oid 18), which adapter-pg
  // cannot map and rejects; it is text, so report oid 25. Adapter queries outside transactions go
  // through pool.query, inside transactions through a client's query (promise form in both cases).
  const asText = (result: pg.QueryResult) => {
    for (const field of result?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  const poolQuery = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
  pool.query = (async (...args: unknown[]) => asText(await poolQuery(...args))) as typeof pool.query;
  pool.on("connect", (client) => {
    const clientQuery = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const result = clientQuery(...args);
      return result instanceof Promise ? result.then(asText) : result;
    }) as typeof client.query;
  });
  const inner = pgAdapterFactory(pool, schema);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      // adapter-pg's executeScript splits the script on every ";" (breaking string literals and
      // function bodies) and runs the pieces one by one, so a failing migration is left half
      // applied. One simple query runs the whole script in one implicit transaction, as the native
      // engine does.
      adapter.executeScript = async (script: string) => {
        try {
          await pool.query(script);
        } catch (e) {
          (adapter as unknown as { onError: (e: unknown) => never }).onError(e);
        }
      };
      return adapter;
    },
    // Unused: adapter-pg 7.10's shadow database leaks (it drops it before ending its pool). See
    // withScratchDatabase().
    connectToShadowDb: () => inner.connectToShadowDb(),
  };
}

/** The migrations folder in the shape the engine expects (what the CLI builds). */
export async function readMigrations(migrationsDir: string): Promise<MigrationList> {
  const lockContent = await fs.readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8").catch(() => null);
  const entries = await fs.readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    dirs.map(async (dir) => ({
      path: dir,
      migrationFile: {
        path: "migration.sql",
        content: await fs.readFile(path.join(migrationsDir, dir, "migration.sql"), "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          (err: Error) => ({ tag: "error" as const, value: err.message }),
        ),
      },
    })),
  );
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: lockContent },
    migrationDirectories,
    shadowDbInitScript: "",
  };
}

/**
 * Runs `fn` with an engine on an empty throwaway database of the target's kind: SQLite in memory,
 * PostgreSQL a fresh database on the same server (needs CREATEDB), or SHADOW_DATABASE_URL when set
 * (a database we may wipe, like Prisma's shadowDatabaseUrl). We do not use the adapters' own shadow
 * database support: in 7.10.0 better-sqlite3's fails on multi-statement scripts and pg's leaks.
 */
export async function withScratchDatabase<T>(
  target: DatabaseTarget,
  fn: (engine: OpenEngine) => Promise<T>,
): Promise<T> {
  const schema = await fs.readFile(target.schemaPath, "utf8");
  const run = async (scratch: DatabaseTarget, wipe: boolean) => {
    const opened = await openSchemaEngine(scratch, schema);
    try {
      if (wipe) await opened.engine.reset({ filter: NO_FILTERS });
      return await fn(opened);
    } catch (e) {
      throw opened.explain(e);
    } finally {
      if (wipe) await opened.engine.reset({ filter: NO_FILTERS }).catch(() => {});
      await opened.close();
    }
  };
  if (target.provider === "sqlite") return run({ ...target, sqlitePath: ":memory:", url: "file::memory:" }, false);
  const shadowUrl = process.env.SHADOW_DATABASE_URL;
  if (shadowUrl) return run({ ...target, url: shadowUrl }, true);

  const name = `bandspace_scratch_${randomBytes(8).toString("hex")}`;
  const admin = new pg.Client({ connectionString: withoutSchemaParam(target.url) });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const url = new URL(target.url);
      url.pathname = `/${name}`;
      return await run({ ...target, url: url.toString() }, false);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

function withoutSchemaParam(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete("schema");
  return parsed.toString();
}
