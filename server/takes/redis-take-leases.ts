import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { log } from "../log";
import type { LeaseCallbacks, TakeLeases } from "./take-leases";

/**
 * Take leases in Redis: `<prefix>:take-lease:<name>` holds the owner's token with a short expiry (TTL), renewed
 * every TTL/3 while the node lives. Short, so that when a node dies its recorders' reconnects elsewhere are
 * refused (retried by their outboxes) for only a few seconds. A node that wants a lease another node holds
 * publishes the name on `<prefix>:take-lease-wanted`; the holder hands the take over (./take-service.ts).
 *
 * `<lease key>:gen` counts the lease's acquisitions. A node starved of CPU (a load average of 20 on two cores) can
 * miss its renewals for longer than the TTL while nobody else wants the take; its next renewal then takes the
 * lease back if the count is still the one it acquired — no node acquired it meanwhile, so nobody else touched
 * the take's journal — instead of giving the take up and rebuilding it from the store, which made its recorder's
 * chunks wait and be refused (bench:scale, issue #21). If another node acquired it, even one that gave it back
 * since, the lease is lost as before.
 */
export const TAKE_LEASE_TTL_MS = 3000;
/** A lease counts as ours only until this long before its expiry (clock drift, a slow renewal). */
const SAFETY_MS = 500;
/** The acquisition count outlives any take being recorded (renewals extend it; takes last at most 30 minutes). */
const GEN_TTL_MS = 60 * 60_000;

/** Takes a free lease (counting the acquisition) or one already ours: its count, or -1 when another node holds it. */
const ACQUIRE = `local v = redis.call("get", KEYS[1])
if v == false then
  redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2])
  local gen = redis.call("incr", KEYS[2])
  redis.call("pexpire", KEYS[2], ARGV[3])
  return gen
end
if v == ARGV[1] then
  redis.call("pexpire", KEYS[1], ARGV[2])
  return tonumber(redis.call("get", KEYS[2]) or "0")
end
return -1`;
/** 1: renewed; 2: it had lapsed with nobody acquiring it since, and is ours again; 0: lost. */
const RENEW = `local v = redis.call("get", KEYS[1])
if v == ARGV[1] then
  redis.call("pexpire", KEYS[2], ARGV[4])
  redis.call("pexpire", KEYS[1], ARGV[2])
  return 1
end
if v == false and redis.call("get", KEYS[2]) == ARGV[3] then
  redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2])
  redis.call("pexpire", KEYS[2], ARGV[4])
  return 2
end
return 0`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

interface Held {
  expiresAt: number;
  /** The acquisition count when this node acquired the lease. */
  gen: number;
  callbacks: LeaseCallbacks;
}

export class RedisTakeLeases implements TakeLeases {
  readonly shared = true;
  private readonly token: string;
  private readonly held = new Map<string, Held>();
  private readonly timer: NodeJS.Timeout;
  private readonly wantedChannel: string;
  private renewing = false;

  constructor(
    private readonly redis: Redis,
    private readonly sub: Redis,
    private readonly prefix: string,
    nodeId: string,
    private readonly ttlMs = TAKE_LEASE_TTL_MS,
  ) {
    this.token = `${nodeId}#${randomBytes(6).toString("hex")}`;
    this.wantedChannel = `${prefix}take-lease-wanted`;
    this.timer = setInterval(() => void this.renewAll(), Math.max(100, Math.floor(ttlMs / 3)));
    this.timer.unref();
    sub.on("message", (channel: string, name: string) => {
      if (channel === this.wantedChannel) this.held.get(name)?.callbacks.onWanted();
    });
  }

  async start(): Promise<void> {
    await this.sub.subscribe(this.wantedChannel);
  }

  private key(name: string): string {
    return `${this.prefix}take-lease:${name}`;
  }

  async acquire(name: string, waitMs: number, callbacks: LeaseCallbacks): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    let asked = 0;
    for (;;) {
      const sentAt = Date.now();
      const key = this.key(name);
      const gen = Number(await this.redis.eval(ACQUIRE, 2, key, `${key}:gen`, this.token, this.ttlMs, GEN_TTL_MS));
      if (gen >= 0) {
        this.held.set(name, { expiresAt: sentAt + this.ttlMs, gen, callbacks });
        return true;
      }
      if (Date.now() >= deadline) return false;
      // Ask the holder to hand the take over (again every half second, in case it was busy finalising).
      if (Date.now() - asked >= 500) {
        asked = Date.now();
        await this.redis.publish(this.wantedChannel, name);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  holds(name: string): boolean {
    const h = this.held.get(name);
    return !!h && Date.now() < h.expiresAt - SAFETY_MS;
  }

  async release(name: string): Promise<void> {
    if (!this.held.delete(name)) return;
    await this.redis.eval(RELEASE, 1, this.key(name), this.token).catch((err: unknown) => {
      log.warn("releasing a take lease failed (it expires by itself)", { name, err: String(err) });
    });
  }

  private async renewAll(): Promise<void> {
    // A slow Redis must not stack renewal rounds.
    if (this.renewing) return;
    this.renewing = true;
    try {
      await this.renewEach();
    } finally {
      this.renewing = false;
    }
  }

  private async renewEach(): Promise<void> {
    // All at once: one after another, a round of many leases on a slow node took longer than their expiry.
    await Promise.all([...this.held].map(([name, h]) => this.renew(name, h)));
  }

  private async renew(name: string, h: Held): Promise<void> {
    const sentAt = Date.now();
    const key = this.key(name);
    try {
      const ok = await this.redis.eval(RENEW, 2, key, `${key}:gen`, this.token, this.ttlMs, h.gen, GEN_TTL_MS);
      if (this.held.get(name) !== h) return; // released meanwhile
      if (ok === 1 || ok === 2) {
        h.expiresAt = sentAt + this.ttlMs;
        if (ok === 2)
          log.warn("a take lease had lapsed (this node renewed it late); nobody took it, so it is kept", { name });
      } else {
        this.held.delete(name);
        log.warn("a take lease was lost (expired or taken by another node)", { name });
        h.callbacks.onLost();
      }
    } catch (err) {
      // Redis unreachable: keep trying; `holds` turns false when the lease may have expired.
      log.warn("renewing a take lease failed", { name, err: String(err) });
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.held.keys()].map((name) => this.release(name)));
  }
}
