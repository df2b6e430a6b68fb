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

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = env.PORT === undefined ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535 (got "${env.PORT}")`);
  }
  const checkpointMinutes =
    env.BANDSPACE_CHECKPOINT_MINUTES === undefined ? 10 : Number(env.BANDSPACE_CHECKPOINT_MINUTES);
  if (!(checkpointMinutes > 0) || checkpointMinutes > 24 * 60) {
    throw new Error(
      `BANDSPACE_CHECKPOINT_MINUTES must be a number of minutes between 0 and 1440 (got "${env.BANDSPACE_CHECKPOINT_MINUTES}")`,
    );
  }
  return {
    port,
    checkpointMinutes,
    host: env.HOST ?? "0.0.0.0",
    dataDir: path.resolve(env.BANDSPACE_DATA_DIR ?? "data"),
    databaseUrl: env.DATABASE_URL || undefined,
    withNext: env.BANDSPACE_NO_NEXT !== "1",
    dev: env.BANDSPACE_DEV === "1",
    takeStore: env.BANDSPACE_TAKE_STORE || undefined,
    takeSync: takeSyncFromEnv(env.BANDSPACE_TAKE_SYNC),
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.BANDSPACE_REDIS_PREFIX || undefined,
    nodeId: env.BANDSPACE_NODE_ID || `${os.hostname()}-${process.pid}`,
    s3: s3FromEnv(env),
  };
}

function s3FromEnv(env: NodeJS.ProcessEnv): S3Config | undefined {
  if (!env.S3_BUCKET) return undefined;
  return {
    endpoint: env.S3_ENDPOINT || undefined,
    bucket: env.S3_BUCKET,
    region: env.S3_REGION || "us-east-1",
    accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    forcePathStyle: env.S3_FORCE_PATH_STYLE !== "0",
  };
}

function takeSyncFromEnv(raw: string | undefined): "fsync" | "write" {
  if (raw === undefined || raw === "" || raw === "fsync") return "fsync";
  if (raw === "write") return "write";
  throw new Error(`BANDSPACE_TAKE_SYNC must be "fsync" or "write" (got "${raw}")`);
}
