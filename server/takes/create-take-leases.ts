import { openRedis, redisPrefix } from "./redis-connection";
import { RedisTakeLeases } from "./redis-take-leases";
import { LocalTakeLeases, type TakeLeases } from "./take-leases";

/**
 * The extension point for take ownership: REDIS_URL set → leases in Redis (several nodes share takes; use it
 * with BANDSPACE_TAKE_STORE=s3 so every node reads the same journals); unset → one process owns every take.
 */
export async function createTakeLeases(config: {
  redisUrl?: string;
  redisPrefix?: string;
  nodeId?: string;
}): Promise<{ leases: TakeLeases; close: () => Promise<void> }> {
  if (!config.redisUrl) {
    const leases = new LocalTakeLeases();
    return { leases, close: () => leases.close() };
  }
  const nodeId = config.nodeId ?? "node";
  const redis = await openRedis(config.redisUrl, "take-leases", nodeId);
  const sub = await openRedis(config.redisUrl, "take-leases-sub", nodeId).catch((err: unknown) => {
    redis.disconnect();
    throw err;
  });
  const leases = new RedisTakeLeases(redis, sub, redisPrefix(config.redisPrefix), nodeId);
  await leases.start();
  return {
    leases,
    close: async () => {
      await leases.close();
      await Promise.allSettled([redis.quit(), sub.quit()]);
    },
  };
}
