import { Redis } from "ioredis";
import { log } from "../log";

/*
 * Redis connections for the take leases and socket.io's adapter (here, because realtime/ already depends on
 * takes/ and server folders import each other in no loop).
 */

/** The key and channel prefix of this deployment in Redis ("bandspace:" unless BANDSPACE_REDIS_PREFIX). */
export function redisPrefix(prefix: string | undefined): string {
  const p = prefix ?? "bandspace";
  return p.endsWith(":") ? p : `${p}:`;
}

/** Connects to Redis, or fails with a message that names REDIS_URL; ioredis reconnects by itself afterwards. */
export async function openRedis(url: string, role: string, nodeId: string): Promise<Redis> {
  const r = new Redis(url, { lazyConnect: true, connectionName: `bandspace-${role}-${nodeId}` });
  // Without a listener, connection errors would be thrown as unhandled events.
  r.on("error", (err: Error) => log.warn("redis connection error", { role, err: err.message }));
  try {
    await r.connect();
  } catch (err) {
    r.disconnect();
    throw new Error(`REDIS_URL: cannot connect to Redis (${err instanceof Error ? err.message : String(err)})`, {
      cause: err,
    });
  }
  return r;
}
