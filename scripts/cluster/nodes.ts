import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freePort } from "./local-services";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** One Bandspace node as its own process (the production entry, server/index.ts), configured by environment. */
export interface NodeProcess {
  id: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** SIGTERM (graceful: drains and flushes) and wait for the exit; resolves with the exit code. */
  stop: () => Promise<number | null>;
}

export interface NodeOptions {
  id: string;
  /** The node's environment beyond PORT/HOST/BANDSPACE_NODE_ID (DATABASE_URL, REDIS_URL, S3_*…). */
  env: Record<string, string>;
  port?: number;
  /** Each output line, prefixed with the node id (default: this process's stdout). */
  onLine?: (line: string) => void;
  startTimeoutMs?: number;
}

export async function startNode(opts: NodeOptions): Promise<NodeProcess> {
  const port = opts.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
    ...opts.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    BANDSPACE_NODE_ID: opts.id,
  };
  delete env.VITEST;
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const onLine = opts.onLine ?? ((line: string) => console.log(line));
  let output = "";
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream.on("data", (d: Buffer) => {
      const text = partial + d.toString();
      const lines = text.split("\n");
      partial = lines.pop() ?? "";
      for (const l of lines) {
        output += l + "\n";
        onLine(`[${opts.id}] ${l}`);
      }
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const start = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${opts.id} exited during start:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      await res.body?.cancel();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - start > (opts.startTimeoutMs ?? 120_000)) {
      child.kill("SIGKILL");
      throw new Error(`${opts.id} did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    id: opts.id,
    url,
    port,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** postgresql://<this OS user>@127.0.0.1:5432/postgres: a local server's maintenance database (trust auth). */
export function localPostgresAdminUrl(): string {
  return `postgresql://${encodeURIComponent(os.userInfo().username)}@127.0.0.1:5432/postgres`;
}

/**
 * Creates PostgreSQL database `name` on the server of `adminUrl` (any database there, e.g. /postgres) unless it
 * exists, and returns the URL of the new database.
 */
export async function ensurePostgresDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: "${name}"`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
