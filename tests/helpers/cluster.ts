import { randomBytes } from "node:crypto";
import pg from "pg";
import { Redis } from "ioredis";

/**
 * What the cluster tests need: PostgreSQL (several writers on one database) and Redis (the bus). CI machines
 * have both; a local run without them skips those tests with `reason` instead of failing.
 */
export interface ClusterServices {
  /** A PostgreSQL server URL (its own database is only used to create test databases). */
  postgresUrl: string;
  redisUrl: string;
}

export async function clusterServices(): Promise<ClusterServices | { reason: string }> {
  const fromEnv = process.env.DATABASE_URL?.trim();
  const postgresUrl =
    fromEnv && /^postgres(ql)?:\/\//.test(fromEnv)
      ? fromEnv
      : process.env.TEST_POSTGRES_URL || "postgresql://root@127.0.0.1:5432/test";
  const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (err) {
    return { reason: `PostgreSQL is not reachable at ${postgresUrl} (${String(err)})` };
  } finally {
    await client.end().catch(() => {});
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0 });
  redis.on("error", () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    return { reason: `Redis is not reachable at ${redisUrl} (${String(err)})` };
  } finally {
    redis.disconnect();
  }
  return { postgresUrl, redisUrl };
}

/** A Redis channel/key prefix no other test run (or engineer) uses. */
export function uniqueRedisPrefix(): string {
  return `bandspace-test-${randomBytes(6).toString("hex")}`;
}
