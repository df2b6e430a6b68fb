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
  };
}

function takeSyncFromEnv(raw: string | undefined): "fsync" | "write" {
  if (raw === undefined || raw === "" || raw === "fsync") return "fsync";
  if (raw === "write") return "write";
  throw new Error(`BANDSPACE_TAKE_SYNC must be "fsync" or "write" (got "${raw}")`);
}
