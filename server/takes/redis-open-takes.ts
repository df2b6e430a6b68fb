import type { Redis } from "ioredis";
import { log } from "../log";
import type { OpenTakes } from "./open-takes";

/**
 * Open takes per link in Redis: a sorted set `<prefix>open-takes:<linkId>` whose members are takes and whose
 * scores are the time (Redis's clock, so nodes' clocks do not matter) at which the entry lapses. The node
 * recording a take renews its entry every TTL/3; a node that dies stops renewing and its entries lapse within
 * OPEN_TAKE_TTL_MS. Counting and adding happen in one script, so two nodes starting takes of one link at once
 * cannot both take the last place.
 */
export const OPEN_TAKE_TTL_MS = 6000;

/** Redis's clock in ms, from TIME (allowed in scripts since Redis 5: effects are replicated, not the script). */
const NOW = `local t = redis.call("TIME") local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS[1] link's set; ARGV take, limit, ttl → -1 when counted, else the number open. */
const RESERVE = `${NOW}
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", now)
if not redis.call("ZSCORE", KEYS[1], ARGV[1]) then
  local n = redis.call("ZCARD", KEYS[1])
  if n >= tonumber(ARGV[2]) then return n end
end
redis.call("ZADD", KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call("PEXPIRE", KEYS[1], ARGV[3])
return -1`;

/** KEYS[1] link's set; ARGV take, ttl: (re)counts the take for another TTL. */
const HOLD = `${NOW}
redis.call("ZADD", KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call("PEXPIRE", KEYS[1], ARGV[2])
return 1`;

export class RedisOpenTakes implements OpenTakes {
  /** The takes this node records, with their links: what it renews. */
  private readonly held = new Map<string, string>();
  private readonly timer: NodeJS.Timeout;
  private renewing = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs = OPEN_TAKE_TTL_MS,
  ) {
    this.timer = setInterval(() => void this.renewAll(), Math.max(100, Math.floor(ttlMs / 3)));
    this.timer.unref();
  }

  private key(linkId: string): string {
    return `${this.prefix}open-takes:${linkId}`;
  }

  async reserve(linkId: string, take: string, limit: number): Promise<number | null> {
    const r = Number(await this.redis.eval(RESERVE, 1, this.key(linkId), take, String(limit), String(this.ttlMs)));
    if (r >= 0) return r;
    this.held.set(take, linkId);
    return null;
  }

  hold(linkId: string, take: string): void {
    this.held.set(take, linkId);
    void this.redis.eval(HOLD, 1, this.key(linkId), take, String(this.ttlMs)).catch((err: unknown) => {
      log.warn("counting an adopted take failed (retried with the renewals)", { take, err: String(err) });
    });
  }

  async free(take: string): Promise<void> {
    const linkId = this.held.get(take);
    this.held.delete(take);
    if (linkId === undefined) return;
    await this.redis.zrem(this.key(linkId), take).catch((err: unknown) => {
      log.warn("freeing an open take failed (its entry lapses by itself)", { take, err: String(err) });
    });
  }

  forget(take: string): void {
    this.held.delete(take);
  }

  private async renewAll(): Promise<void> {
    // A slow Redis must not stack renewal rounds.
    if (this.renewing || this.held.size === 0) return;
    this.renewing = true;
    try {
      const batch = this.redis.pipeline();
      for (const [take, linkId] of this.held) batch.eval(HOLD, 1, this.key(linkId), take, String(this.ttlMs));
      await batch.exec();
    } catch (err) {
      // Redis unreachable: the entries may lapse meanwhile (the limit is then briefly looser), renewed once back.
      log.warn("renewing open-take counts failed", { err: String(err) });
    } finally {
      this.renewing = false;
    }
  }

  close(): Promise<void> {
    clearInterval(this.timer);
    // Not removed: takes still recording are adopted by another node, which counts them again.
    this.held.clear();
    return Promise.resolve();
  }
}
