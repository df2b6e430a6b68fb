import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { log } from "../log";
import type { BusHandler, Cluster, ClusterBus, Lease, LeaseStore } from "./cluster";

/**
 * The scale-out cluster: Redis pub/sub carries the bus, Redis keys hold the leases (REDIS_URL set).
 * Channel and key names start with `prefix`, so deployments (and test runs) can share one Redis.
 *
 * Pub/sub is fire-and-forget: a subscriber that reconnects has lost what was published meanwhile, which
 * is why `onReconnect` exists. Every frame starts with the sender's node id, so a node ignores its own.
 */
export class RedisBus implements ClusterBus {
  readonly nodeId: string;
  // A subscriber that falls too far behind is disconnected by Redis (we hear of that), but a publish that
  // failed after its retries is gone silently.
  readonly lossy = true;
  private readonly nodeIdBytes: Buffer;
  private readonly handlers = new Map<string, Set<BusHandler>>();
  private readonly reconnectListeners = new Set<() => void>();

  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly prefix: string,
    nodeId: string,
  ) {
    this.nodeId = `${nodeId}#${randomBytes(4).toString("hex")}`;
    this.nodeIdBytes = Buffer.from(this.nodeId);
    sub.on("messageBuffer", (channel: Buffer, message: Buffer) => this.deliver(channel.toString(), message));
    // Both connections are connected before this is constructed, so every "ready" from now on is a reconnect.
    sub.on("ready", () => {
      // ioredis resubscribes right after "ready"; let that finish before subscribers read the database.
      log.warn("cluster bus reconnected; documents catch up from the database", { node: this.nodeId });
      setTimeout(() => {
        for (const l of this.reconnectListeners) l();
      }, 100);
    });
  }

  private deliver(channel: string, frame: Buffer): void {
    const handlers = this.handlers.get(channel);
    if (!handlers || frame.length < 1) return;
    const idLength = frame[0];
    if (frame.length < 1 + idLength) return;
    if (idLength === this.nodeIdBytes.length && frame.subarray(1, 1 + idLength).equals(this.nodeIdBytes)) return;
    const payload = new Uint8Array(frame.buffer, frame.byteOffset + 1 + idLength, frame.length - 1 - idLength);
    for (const h of handlers) {
      try {
        h(payload);
      } catch (err) {
        log.error("cluster message handler failed", { channel, err: String(err) });
      }
    }
  }

  publish(channel: string, payload: Uint8Array): void {
    const frame = Buffer.concat([Buffer.from([this.nodeIdBytes.length]), this.nodeIdBytes, payload]);
    this.pub.publish(this.prefix + channel, frame).catch((err: unknown) => {
      log.warn("cluster publish failed", { channel, err: String(err) });
    });
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => void> {
    const full = this.prefix + channel;
    let set = this.handlers.get(full);
    if (!set) {
      this.handlers.set(full, (set = new Set()));
      await this.sub.subscribe(full);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0 && this.handlers.get(full) === set) {
        this.handlers.delete(full);
        this.sub.unsubscribe(full).catch(() => {});
      }
    };
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  close(): Promise<void> {
    this.handlers.clear();
    this.reconnectListeners.clear();
    return Promise.resolve();
  }
}

/** Deletes the key only if it still holds our token (a lease that expired and was taken stays taken). */
const RELEASE_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export class RedisLeases implements LeaseStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async acquire(name: string, ttlMs: number): Promise<Lease | null> {
    const key = `${this.prefix}lease:${name}`;
    const token = randomBytes(12).toString("hex");
    const ok = await this.redis.set(key, token, "PX", Math.max(1, Math.round(ttlMs)), "NX");
    if (ok !== "OK") return null;
    return {
      release: async () => {
        await this.redis.eval(RELEASE_SCRIPT, 1, key, token).catch((err: unknown) => {
          log.warn("releasing a lease failed (it expires by itself)", { key, err: String(err) });
        });
      },
    };
  }

  close(): Promise<void> {
    return Promise.resolve(); // the connection is the cluster's
  }
}

/** Connects both Redis connections (commands + subscriber); fails with a clear message if Redis is unreachable. */
export async function redisCluster(url: string, prefix: string, nodeId: string): Promise<Cluster> {
  const open = async (role: string) => {
    const r = new Redis(url, { lazyConnect: true, connectionName: `bandspace-${role}-${nodeId}` });
    // Without a listener, connection errors would be thrown as unhandled events; ioredis reconnects by itself.
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
  };
  const pub = await open("pub");
  let sub: Redis;
  try {
    sub = await open("sub");
  } catch (err) {
    pub.disconnect();
    throw err;
  }
  const p = prefix.endsWith(":") ? prefix : `${prefix}:`;
  const bus = new RedisBus(pub, sub, p, nodeId);
  const leases = new RedisLeases(pub, p);
  return {
    bus,
    leases,
    kind: "redis",
    close: async () => {
      await bus.close();
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
