import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisTakeLeases } from "../../../server/takes/redis-take-leases";
import { sleep, waitFor } from "../../helpers/yjs-client";
import { REDIS_TEST_URL, scaleOutUnavailable } from "../../helpers/scale-out-services";

/** Take leases on a real Redis (a key prefix of this run): one holder, renewal, hand-over, expiry of a dead node. */
const REDIS_URL = REDIS_TEST_URL;
const TTL = 900;

const unavailable = await scaleOutUnavailable({ postgres: false });

describe.skipIf(unavailable !== null)("Redis take leases", () => {
  const prefix = `bandspace-test-leases-${randomBytes(4).toString("hex")}:`;
  const conns: Redis[] = [];
  const nodes: RedisTakeLeases[] = [];
  /** Each node's command connection (a test cuts it to stop the node's renewals, as a partition does). */
  const commandsOf = new Map<RedisTakeLeases, Redis>();
  const node = async (id: string) => {
    const redis = new Redis(REDIS_URL);
    const sub = new Redis(REDIS_URL);
    conns.push(redis, sub);
    const leases = new RedisTakeLeases(redis, sub, prefix, id, TTL);
    await leases.start();
    nodes.push(leases);
    commandsOf.set(leases, redis);
    return leases;
  };
  const leaseKey = (name: string) => `${prefix}take-lease:${name}`;
  const none = { onLost: () => {}, onWanted: () => {} };
  let admin: Redis;
  beforeAll(() => {
    admin = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    for (const n of nodes) await n.close();
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    await Promise.all([...conns, admin].map((c) => c.quit()));
  });

  it("1. one holder at a time; the holder keeps it by renewal for longer than the expiry", async () => {
    const [a, b] = [await node("a"), await node("b")];
    expect(await a.acquire("take:s:1", 0, none)).toBe(true);
    expect(a.holds("take:s:1")).toBe(true);
    expect(await a.acquire("take:s:1", 0, none)).toBe(true); // again: still ours
    await new Promise((r) => setTimeout(r, TTL * 2.5));
    expect(await b.acquire("take:s:1", 0, none)).toBe(false);
    expect(b.holds("take:s:1")).toBe(false);
    expect(a.holds("take:s:1")).toBe(true);
    await a.release("take:s:1");
    expect(a.holds("take:s:1")).toBe(false);
    expect(await b.acquire("take:s:1", 0, none)).toBe(true);
  });

  it("2. a node that wants a held lease asks for it; the holder hands it over and the asker gets it", async () => {
    const [a, b] = [await node("a"), await node("b")];
    let wanted = 0;
    expect(
      await a.acquire("take:s:2", 0, {
        onLost: () => {},
        onWanted: () => {
          wanted++;
          void a.release("take:s:2");
        },
      }),
    ).toBe(true);
    expect(await b.acquire("take:s:2", 5000, none)).toBe(true);
    expect(wanted).toBeGreaterThanOrEqual(1);
    expect(a.holds("take:s:2")).toBe(false);
  });

  it("3. a dead node's lease expires and another takes it; the dead node, renewing late, learns it lost it", async () => {
    const [a, b] = [await node("a"), await node("b")];
    let lost = 0;
    expect(await a.acquire("take:s:3", 0, { onLost: () => lost++, onWanted: () => {} })).toBe(true);
    // "Dead": cut off from Redis (its renewals wait), and the key is gone as if the TTL ran out.
    commandsOf.get(a)!.disconnect();
    await admin.del(leaseKey("take:s:3"));
    expect(await b.acquire("take:s:3", 2000, none)).toBe(true);
    await commandsOf.get(a)!.connect();
    await waitFor(() => lost === 1, 5000);
    expect(a.holds("take:s:3")).toBe(false);
    expect(b.holds("take:s:3")).toBe(true);
    // Its release leaves the new owner's lease alone.
    await a.release("take:s:3");
    expect(await admin.get(leaseKey("take:s:3"))).toMatch(/^b#/);
  });

  it("4. a lease asked for but not handed over is refused after the wait", async () => {
    const [a, b] = [await node("a"), await node("b")];
    expect(await a.acquire("take:s:4", 0, none)).toBe(true);
    const t0 = Date.now();
    expect(await b.acquire("take:s:4", 600, none)).toBe(false);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(600);
  });

  it("5. a lease that lapsed while nobody acquired it is kept by its holder's late renewal; once another node acquired it, even if it gave it back, it is lost", async () => {
    const [a, b] = [await node("a"), await node("b")];
    let lost = 0;
    expect(await a.acquire("take:s:5", 0, { onLost: () => lost++, onWanted: () => {} })).toBe(true);
    // A starved node: its renewals came too late and the key expired; no other node wanted the take.
    await admin.del(leaseKey("take:s:5"));
    for (const start = Date.now(); (await admin.get(leaseKey("take:s:5"))) === null; await sleep(50))
      expect(Date.now() - start, "the late renewal takes the lapsed lease back").toBeLessThan(5000);
    expect(await admin.get(leaseKey("take:s:5"))).toMatch(/^a#/);
    await sleep(TTL * 2);
    expect(lost).toBe(0);
    expect(a.holds("take:s:5")).toBe(true);

    // Lapsed again, and this time another node acquired it (it may have appended to the take) and gave it back.
    commandsOf.get(a)!.disconnect();
    await admin.del(leaseKey("take:s:5"));
    expect(await b.acquire("take:s:5", 0, none)).toBe(true);
    await b.release("take:s:5");
    await commandsOf.get(a)!.connect();
    await waitFor(() => lost === 1, 5000);
    expect(a.holds("take:s:5")).toBe(false);
    expect(await admin.get(leaseKey("take:s:5"))).toBeNull();
  });
});
