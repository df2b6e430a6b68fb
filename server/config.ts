import os from "node:os";
import path from "node:path";

/** Everything the server reads from the environment, in one place (documented in the README). */
export interface ServerConfig {
  port: number;
  host: string;
  /** Where the SQLite file (and later, take audio) lives. */
  dataDir: string;
  /** Unset → SQLite at `<dataDir>/bandspace.db`; `postgresql://…` → PostgreSQL. */
  databaseUrl: string | undefined;
  /** Serve the Next.js front end from this process (tests and benchmarks may run the API alone). */
  withNext: boolean;
  /** Next dev mode (hot reload) instead of the production build. */
  dev: boolean;
  /** BANDSPACE_TAKE_STORE: where take audio is stored ("local" = files under dataDir; the default). */
  takeStore?: string;
  /** BANDSPACE_TAKE_SYNC: "fsync" (default: a chunk ack means on stable storage) or "write" (in the OS cache). */
  takeSync?: "fsync" | "write";
  /** Minutes of editing between autosave checkpoints (BANDSPACE_CHECKPOINT_MINUTES, default 10). */
  checkpointMinutes?: number;
  /** REDIS_URL: set → several nodes share sessions through Redis (fan-out, leases); unset → one process. */
  redisUrl?: string;
  /** BANDSPACE_REDIS_PREFIX: prefix of this deployment's Redis channels and keys (default "bandspace"). */
  redisPrefix?: string;
  /** BANDSPACE_NODE_ID: this node's name in logs and leases (default: host name and process id). */
  nodeId?: string;
  /** S3-compatible object storage for takes and exports (BANDSPACE_TAKE_STORE=s3). */
  s3?: S3Config;
  /**
   * BANDSPACE_SHUTDOWN_GRACE_SECONDS (default 25): on SIGTERM the node drains (closes connections, flushes
   * documents and chunk writes) and exits; past this it exits anyway with status 1.
   */
  shutdownGraceMs?: number;
  /** Settings that work but are probably not what was meant (logged at start). */
  warnings?: string[];
}

/** S3_ENDPOINT, S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE. */
export interface S3Config {
  /** Unset → AWS itself; set (e.g. http://127.0.0.1:4569) → any S3-compatible server. */
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style URLs (bucket in the path), which most S3-compatible servers need. */
  forcePathStyle: boolean;
}

/**
 * A setting the server cannot start with. The message names the variable, what is wrong and what would be
 * right; configFromEnv collects every problem before throwing, so one start shows them all.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `Configuration error: ${problems[0]}`
        : `Configuration errors:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

/** The environment as read here (process.env in production; a plain object in tests). */
export type Env = Readonly<Record<string, string | undefined>>;

const TAKE_STORES = ["local", "s3"] as const;
const NODE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Reads and validates the whole configuration from the environment (the only source: no files, no flags).
 * Nothing set → SQLite under ./data, take audio as local files, one process. Throws ConfigError naming every
 * variable that is missing or wrong, including settings that only fail together (REDIS_URL with SQLite,
 * BANDSPACE_TAKE_STORE=s3 without S3_BUCKET, half the S3 credentials).
 */
export function configFromEnv(env: Env = process.env): ServerConfig {
  const problems: string[] = [];
  const warnings: string[] = [];
  const check = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch (e) {
      if (e instanceof ConfigError) problems.push(...e.problems);
      else problems.push(e instanceof Error ? e.message : String(e));
      return fallback;
    }
  };
  const set = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };

  const port = check(() => integerIn(env, "PORT", 3000, 0, 65535), 3000);
  const checkpointMinutes = check(() => {
    const v = env.BANDSPACE_CHECKPOINT_MINUTES === undefined ? 10 : Number(env.BANDSPACE_CHECKPOINT_MINUTES);
    if (!(v > 0) || v > 24 * 60) {
      throw new Error(
        `BANDSPACE_CHECKPOINT_MINUTES must be a number of minutes between 0 and 1440 (got "${env.BANDSPACE_CHECKPOINT_MINUTES}")`,
      );
    }
    return v;
  }, 10);
  const shutdownGraceSeconds = check(() => integerIn(env, "BANDSPACE_SHUTDOWN_GRACE_SECONDS", 25, 1, 600), 25);
  const withNext = check(() => !flag(env, "BANDSPACE_NO_NEXT"), true);
  const dev = check(() => flag(env, "BANDSPACE_DEV"), false);
  const takeSync = check(() => takeSyncFromEnv(env.BANDSPACE_TAKE_SYNC), "fsync" as const);

  const databaseUrl = env.DATABASE_URL || undefined;
  const database = check(() => databaseKind(databaseUrl), "sqlite" as const);

  const redisUrl = set("REDIS_URL");
  if (redisUrl) {
    check(() => urlWithScheme("REDIS_URL", redisUrl, ["redis:", "rediss:"], "redis://127.0.0.1:6379/0"), null);
    if (database === "sqlite") {
      problems.push(
        `REDIS_URL is set, so this node expects to share sessions with others, but the database is SQLite (${databaseUrl ? "DATABASE_URL=file:…" : "DATABASE_URL unset"}): several nodes need one PostgreSQL database (DATABASE_URL=postgresql://…), or unset REDIS_URL for one process`,
      );
    }
  }

  const redisPrefix = set("BANDSPACE_REDIS_PREFIX");
  if (redisPrefix !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(redisPrefix)) {
    problems.push(`BANDSPACE_REDIS_PREFIX must be 1–64 letters, digits, ".", "_", ":" or "-" (got "${redisPrefix}")`);
  }

  const nodeId = set("BANDSPACE_NODE_ID");
  if (nodeId !== undefined && !NODE_ID.test(nodeId)) {
    problems.push(
      `BANDSPACE_NODE_ID must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit (got "${nodeId}")`,
    );
  }

  const takeStore = set("BANDSPACE_TAKE_STORE");
  if (takeStore !== undefined && !(TAKE_STORES as readonly string[]).includes(takeStore)) {
    problems.push(`BANDSPACE_TAKE_STORE must be "local" or "s3" (got "${takeStore}")`);
  }
  const s3 = check(() => s3FromEnv(env, takeStore === "s3"), undefined);
  if (redisUrl && (takeStore ?? "local") === "local") {
    warnings.push(
      "REDIS_URL is set but take audio is stored as local files (BANDSPACE_TAKE_STORE=local): every node must share the same BANDSPACE_DATA_DIR, or set BANDSPACE_TAKE_STORE=s3",
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    checkpointMinutes,
    host: set("HOST") ?? "0.0.0.0",
    dataDir: path.resolve(env.BANDSPACE_DATA_DIR ?? "data"),
    databaseUrl,
    withNext,
    dev,
    takeStore,
    takeSync,
    redisUrl,
    redisPrefix,
    nodeId: nodeId ?? `${os.hostname()}-${process.pid}`,
    s3,
    shutdownGraceMs: shutdownGraceSeconds * 1000,
    warnings,
  };
}

function integerIn(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return v;
}

/** "1" or "0" (or unset = off); anything else is a typo worth hearing about. */
function flag(env: Env, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "" || raw === "0") return false;
  if (raw === "1") return true;
  throw new Error(`${name} must be "1" or "0" (got "${raw}")`);
}

function databaseKind(url: string | undefined): "sqlite" | "postgresql" {
  if (url === undefined || url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\/[^/]/.test(url)) return "postgresql";
  throw new Error(
    `DATABASE_URL must be file:/path/to.db (SQLite) or postgresql://user@host:5432/db (got "${redact(url)}")`,
  );
}

function urlWithScheme(name: string, raw: string, schemes: string[], example: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} is not a URL (got "${redact(raw)}"; e.g. ${example})`);
  }
  if (!schemes.includes(url.protocol) || !url.host) {
    throw new Error(
      `${name} must start with ${schemes.map((s) => `${s}//`).join(" or ")} (got "${redact(raw)}"; e.g. ${example})`,
    );
  }
  return url;
}

/** Passwords in URLs never reach a log line or an error message. */
function redact(raw: string): string {
  return raw.replace(/\/\/[^@/]*@/, "//…@");
}

function s3FromEnv(env: Env, required: boolean): S3Config | undefined {
  const v = (name: string) => env[name]?.trim() || undefined;
  const bucket = v("S3_BUCKET");
  const problems: string[] = [];
  const accessKeyId = v("S3_ACCESS_KEY_ID");
  const secretAccessKey = v("S3_SECRET_ACCESS_KEY");
  if (!!accessKeyId !== !!secretAccessKey) {
    problems.push(
      `S3 credentials are half given: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (then the AWS default chain applies); ${accessKeyId ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID"} is missing`,
    );
  }
  if (!bucket) {
    if (required) problems.push("BANDSPACE_TAKE_STORE=s3 needs S3_BUCKET (the bucket that holds take audio)");
    const stray = ["S3_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"].filter(
      (n) => v(n) && problems.length === 0,
    );
    if (!required && stray.length > 0)
      problems.push(`${stray.join(", ")} ${stray.length === 1 ? "is" : "are"} set but S3_BUCKET is not`);
    if (problems.length > 0) throw new ConfigError(problems);
    return undefined;
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    problems.push(`S3_BUCKET must be a bucket name (3–63 lower-case letters, digits, "." or "-"; got "${bucket}")`);
  }
  const endpoint = v("S3_ENDPOINT");
  if (endpoint) {
    try {
      urlWithScheme("S3_ENDPOINT", endpoint, ["http:", "https:"], "http://127.0.0.1:4569");
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  const pathStyle = v("S3_FORCE_PATH_STYLE");
  if (pathStyle !== undefined && !["0", "1", "true", "false"].includes(pathStyle)) {
    problems.push(`S3_FORCE_PATH_STYLE must be "1" or "0" (got "${pathStyle}")`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    endpoint,
    bucket,
    region: v("S3_REGION") || "us-east-1",
    accessKeyId,
    secretAccessKey,
    forcePathStyle: pathStyle !== "0" && pathStyle !== "false",
  };
}

function takeSyncFromEnv(raw: string | undefined): "fsync" | "write" {
  if (raw === undefined || raw === "" || raw === "fsync") return "fsync";
  if (raw === "write") return "write";
  throw new Error(`BANDSPACE_TAKE_SYNC must be "fsync" or "write" (got "${raw}")`);
}
