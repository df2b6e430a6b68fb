import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { log } from "../log";
import type { LeaseCallbacks, TakeLeases } from "./take-leases";

/**
 * Take leases in Redis: `<prefix>:take-lease:<name>` holds the owner's token with a short expiry (TTL), renewed
 * every TTL/3 while the node lives. Short, so that when a node dies its recorders' reconnects elsewhere are
 * refused (retried by their outboxes) for only a few seconds. A node that wants a lease another node holds
 * publishes the name on `<prefix>:take-lease-wanted`; the holder hands the take over (./take-service.ts).
 */
export const TAKE_LEASE_TTL_MS = 3000;
/** A lease counts as ours only until this long before its expiry (clock drift, a slow renewal). */
const SAFETY_MS = 500;

const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

interface Held {
  expiresAt: number;
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
      const ok = await this.redis.set(this.key(name), this.token, "PX", this.ttlMs, "NX");
      const mine = ok === "OK" || (await this.redis.get(this.key(name))) === this.token;
      if (mine) {
        if (ok !== "OK") await this.redis.pexpire(this.key(name), this.ttlMs);
        this.held.set(name, { expiresAt: sentAt + this.ttlMs, callbacks });
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
    for (const [name, h] of [...this.held]) {
      const sentAt = Date.now();
      try {
        const ok = await this.redis.eval(RENEW, 1, this.key(name), this.token, String(this.ttlMs));
        if (this.held.get(name) !== h) continue; // released meanwhile
        if (ok === 1) h.expiresAt = sentAt + this.ttlMs;
        else {
          this.held.delete(name);
          log.warn("a take lease was lost (expired or taken by another node)", { name });
          h.callbacks.onLost();
        }
      } catch (err) {
        // Redis unreachable: keep trying; `holds` turns false when the lease may have expired.
        log.warn("renewing a take lease failed", { name, err: String(err) });
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.held.keys()].map((name) => this.release(name)));
  }
}
