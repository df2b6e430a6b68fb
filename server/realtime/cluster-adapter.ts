import { createAdapter } from "@socket.io/redis-adapter";
import type { BandServer } from "./client-events";
import { openRedis, redisPrefix } from "../takes/redis-connection";

/**
 * socket.io across nodes: with REDIS_URL, room broadcasts (take:started, take:chunk, take:ended, versions) go
 * through Redis pub/sub to the sockets of every node; without it, socket.io's in-memory adapter (one process).
 * Returns what closes the Redis connections.
 */
export async function useClusterAdapter(
  io: BandServer,
  config: { redisUrl?: string; redisPrefix?: string; nodeId?: string },
): Promise<() => Promise<void>> {
  if (!config.redisUrl) return () => Promise.resolve();
  const nodeId = config.nodeId ?? "node";
  const pub = await openRedis(config.redisUrl, "socket.io-pub", nodeId);
  const sub = await openRedis(config.redisUrl, "socket.io-sub", nodeId).catch((err: unknown) => {
    pub.disconnect();
    throw err;
  });
  io.adapter(createAdapter(pub, sub, { key: `${redisPrefix(config.redisPrefix)}socket.io` }));
  return async () => {
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}
