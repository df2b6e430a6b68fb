import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import type { Cluster } from "../../../server/cluster/cluster";
import { acquireWaiting } from "../../../server/cluster/cluster";
import { redisCluster } from "../../../server/cluster/redis";
import { clusterServices, uniqueRedisPrefix } from "../../helpers/cluster";
import { waitFor } from "../../helpers/yjs-client";

const services = await clusterServices();
if ("reason" in services) console.warn(`skipping the Redis cluster tests: ${services.reason}`);

/** The Redis ClusterBus and LeaseStore on a real Redis, under a prefix of their own. */
describe.skipIf("reason" in services)("Redis cluster bus and leases", () => {
  const prefix = uniqueRedisPrefix();
  let one: Cluster;
  let two: Cluster;
  let admin: Redis;
  beforeAll(async () => {
    if ("reason" in services) return;
    [one, two] = await Promise.all([
      redisCluster(services.redisUrl, prefix, `${prefix}-one`),
      redisCluster(services.redisUrl, prefix, `${prefix}-two`),
    ]);
    admin = new Redis(services.redisUrl);
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
    admin?.disconnect();
  });

  it("1. delivers a message to the other nodes on the channel, never back to its sender", async () => {
    const got: { at: string; text: string }[] = [];
    const off1 = await one.bus.subscribe("c1", (p) => got.push({ at: "one", text: Buffer.from(p).toString() }));
    const off2 = await two.bus.subscribe("c1", (p) => got.push({ at: "two", text: Buffer.from(p).toString() }));
    one.bus.publish("c1", Buffer.from("hello from one"));
    two.bus.publish("c1", Buffer.from("hello from two"));
    await waitFor(() => got.length === 2, 3000, "both messages");
    expect(got.sort((a, b) => a.at.localeCompare(b.at))).toEqual([
      { at: "one", text: "hello from two" },
      { at: "two", text: "hello from one" },
    ]);
    off1();
    off2();
  });

  it("2. a lease is exclusive, released only by its holder, and expires by itself", async () => {
    const name = "compact:some/doc";
    const first = await one.leases.acquire(name, 10_000);
    expect(first).not.toBeNull();
    expect(await two.leases.acquire(name, 10_000)).toBeNull();
    await first!.release();
    const second = await two.leases.acquire(name, 150);
    expect(second).not.toBeNull();
    // Expires without a release; the waiting acquirer gets it then.
    const third = await acquireWaiting(one.leases, name, 10_000, 5_000);
    expect(third).not.toBeNull();
    // The expired holder's late release does not free the new holder's lease.
    await second!.release();
    expect(await two.leases.acquire(name, 10_000)).toBeNull();
    await third!.release();
  });

  it("3. tells its subscribers when its connection came back (what was published meanwhile is lost)", async () => {
    let reconnects = 0;
    const off = two.bus.onReconnect(() => reconnects++);
    const got: string[] = [];
    const unsubscribe = await two.bus.subscribe("c3", (p) => got.push(Buffer.from(p).toString()));
    // Kill only node two's subscriber connection (found by its name; other users of this Redis are untouched).
    const list = (await admin.call("CLIENT", "LIST")) as string;
    const line = list.split("\n").find((l) => l.includes(`name=bandspace-sub-${prefix}-two`));
    expect(line).toBeDefined();
    const id = /\bid=(\d+)/.exec(line!)![1];
    await admin.call("CLIENT", "KILL", "ID", id);
    await waitFor(() => reconnects === 1, 10_000, "the reconnect notice");
    // Subscribed again: messages flow as before.
    one.bus.publish("c3", Buffer.from("after"));
    await waitFor(() => got.includes("after"), 3000, "a message after the reconnect");
    off();
    unsubscribe();
  });
});
