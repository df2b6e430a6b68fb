import type { Cluster } from "./cluster";
import { inProcessCluster } from "./in-process";
import { redisCluster } from "./redis";

export interface ClusterConfig {
  /** REDIS_URL: set → Redis; unset → this process alone. */
  redisUrl?: string;
  /** BANDSPACE_REDIS_PREFIX: channel and key prefix, so several deployments can share a Redis. */
  redisPrefix?: string;
  nodeId?: string;
}

/** The cluster this node belongs to, chosen from the configuration (an extension point, not a flag). */
export async function createCluster(config: ClusterConfig): Promise<Cluster> {
  const nodeId = config.nodeId ?? `node-${process.pid}`;
  if (!config.redisUrl) return inProcessCluster(nodeId);
  return redisCluster(config.redisUrl, config.redisPrefix ?? "bandspace", nodeId);
}
