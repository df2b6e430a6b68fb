import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrateDatabase } from "../../server/db/migrate";

/**
 * A fresh, private database per test file, for the backend under test:
 *
 * - default: SQLite in a new temp directory (`<dataDir>/bandspace.db`);
 * - DATABASE_URL=postgresql://… : a new database `bandspace_test_<random>` on that server (the URL's
 *   own database is only used to issue CREATE/DROP DATABASE), dropped again by cleanup().
 *
 * The database is migrated unless `{ migrate: false }`. `url` is what a server under test gets as
 * DATABASE_URL, `dataDir` its data directory (always a fresh temp dir, also for PostgreSQL).
 */
export interface TestDatabase {
  url: string;
  dataDir: string;
  backend: Backend;
  cleanup: () => Promise<void>;
}

export type Backend = "sqlite" | "postgresql";

const defaultServerUrl = process.env.DATABASE_URL?.trim() || undefined;
const isPostgres = (url: string | undefined): url is string => !!url && /^postgres(ql)?:\/\//.test(url);

/** The backend this test run exercises: PostgreSQL when DATABASE_URL is a postgresql:// URL. */
export const backendName: Backend = isPostgres(defaultServerUrl) ? "postgresql" : "sqlite";

/** The PostgreSQL server for tests that need one: DATABASE_URL when it is one, else the local server. */
export const postgresServerUrl: string = isPostgres(defaultServerUrl)
  ? defaultServerUrl
  : (process.env.BANDSPACE_TEST_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/postgres");

/**
 * `postgresUrl` makes a PostgreSQL database on that server whatever DATABASE_URL says (tests of several nodes,
 * which need a database that several processes share).
 */
export async function testDatabase(options: { migrate?: boolean; postgresUrl?: string } = {}): Promise<TestDatabase> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "bandspace-test-"));
  const removeDataDir = () => fs.rm(dataDir, { recursive: true, force: true });
  const serverUrl = options.postgresUrl ?? defaultServerUrl;

  if (!isPostgres(serverUrl)) {
    const url = `file:${path.join(dataDir, "bandspace.db")}`;
    if (options.migrate !== false) await migrateDatabase(url);
    return { url, dataDir, backend: "sqlite", cleanup: removeDataDir };
  }

  return testPostgresDatabase(serverUrl, dataDir, options);
}

/**
 * A fresh PostgreSQL database on the server `serverUrl` names, whatever DATABASE_URL says (the cluster
 * tests need PostgreSQL in both integration runs).
 */
export async function testPostgresDatabase(
  serverUrl: string,
  dataDir?: string,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const dir = dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), "bandspace-test-")));
  const removeDataDir = () => fs.rm(dir, { recursive: true, force: true });
  const name = `bandspace_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const cleanup = async () => {
    // FORCE ends connections a crashed or still-closing server may have left (PostgreSQL ≥ 13).
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await removeDataDir();
  };
  try {
    if (options.migrate !== false) await migrateDatabase(url.toString());
  } catch (e) {
    await cleanup().catch(() => {});
    throw e;
  }
  return { url: url.toString(), dataDir: dir, backend: "postgresql", cleanup };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
