import { LocalOpenTakes, type OpenTakes } from "./open-takes";
import { openRedis, redisPrefix } from "./redis-connection";
import { RedisOpenTakes } from "./redis-open-takes";
import { RedisTakeLeases } from "./redis-take-leases";
import { LocalTakeLeases, type TakeLeases } from "./take-leases";

/**
 * The extension point for take ownership: REDIS_URL set → leases and open-take counts in Redis (several nodes
 * share takes; use it with BANDSPACE_TAKE_STORE=s3 so every node reads the same journals); unset → one process
 * owns every take and counts them in memory.
 */
export async function createTakeLeases(config: {
  redisUrl?: string;
  redisPrefix?: string;
  nodeId?: string;
}): Promise<{ leases: TakeLeases; openTakes: OpenTakes; close: () => Promise<void> }> {
  if (!config.redisUrl) {
    const leases = new LocalTakeLeases();
    const openTakes = new LocalOpenTakes();
    return { leases, openTakes, close: async () => void (await Promise.all([leases.close(), openTakes.close()])) };
  }
  const nodeId = config.nodeId ?? "node";
  const redis = await openRedis(config.redisUrl, "take-leases", nodeId);
  const sub = await openRedis(config.redisUrl, "take-leases-sub", nodeId).catch((err: unknown) => {
    redis.disconnect();
    throw err;
  });
  const leases = new RedisTakeLeases(redis, sub, redisPrefix(config.redisPrefix), nodeId);
  await leases.start();
  const openTakes = new RedisOpenTakes(redis, redisPrefix(config.redisPrefix));
  return {
    leases,
    openTakes,
    close: async () => {
      await openTakes.close();
      await leases.close();
      await Promise.allSettled([redis.quit(), sub.quit()]);
    },
  };
}
