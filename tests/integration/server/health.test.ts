import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startRedisServer, startS3rver, type LocalService } from "../../../scripts/cluster/local-services";
import type { Readiness } from "../../../server/health/readiness";
import { startTestServer, type TestServer } from "../../helpers/server";

async function get(server: TestServer, p: string): Promise<{ status: number; body: Readiness & { status: string } }> {
  const res = await fetch(server.url + p);
  return { status: res.status, body: (await res.json()) as Readiness };
}

/** Polls /readyz until its status is `status` (dependencies reconnect in the background). */
async function readyzBecomes(server: TestServer, status: number) {
  let last = await get(server, "/readyz");
  const start = Date.now();
  while (last.status !== status && Date.now() - start < 15_000) {
    await new Promise((r) => setTimeout(r, 100));
    last = await get(server, "/readyz");
  }
  return last;
}

describe("/healthz and /readyz", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  afterAll(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it("one process: alive, ready with the database checked, and 503 'draining' once a shutdown starts", async () => {
    const server = await startTestServer();
    cleanups.push(() => server.stop());
    const alive = await get(server, "/healthz");
    expect(alive.status).toBe(200);
    expect(alive.body.status).toBe("alive");

    const ready = await get(server, "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe("ready");
    expect(Object.keys(ready.body.checks)).toEqual(["database"]);
    expect(ready.body.checks.database.ok).toBe(true);

    server.readiness.startDrain();
    const draining = await get(server, "/readyz");
    expect(draining.status).toBe(503);
    expect(draining.body.status).toBe("draining");
    expect(draining.body.failing).toEqual(["shutdown"]);
    // Alive is not ready: the process still serves the clients it has.
    expect((await get(server, "/healthz")).status).toBe(200);
    // Only the probes' own paths are public outside /api.
    expect((await fetch(server.url + "/readyz/x")).status).toBe(404);
  });

  it("Redis: PING checked; 503 naming redis while it is down, ready again when it is back", async () => {
    let redis: LocalService = await startRedisServer();
    const port = Number(new URL(redis.url).port);
    cleanups.push(() => redis.stop());
    const server = await startTestServer({}, undefined, { redisUrl: `${redis.url}/0` });
    cleanups.push(() => server.stop());

    const ready = await readyzBecomes(server, 200);
    expect(ready.body.checks.redis.ok).toBe(true);

    await redis.stop();
    const down = await readyzBecomes(server, 503);
    expect(down.body.status).toBe("unready");
    expect(down.body.failing).toEqual(["redis"]);
    expect(down.body.checks.redis.error).toBeTruthy();
    expect(down.body.checks.database.ok).toBe(true);
    expect((await get(server, "/healthz")).status).toBe(200);

    redis = await startRedisServer(port);
    const back = await readyzBecomes(server, 200);
    expect(back.body.checks.redis.ok).toBe(true);
  });

  it("S3: HeadBucket checked; 503 naming storage when the bucket is missing or the server is down", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "bandspace-s3-health-"));
    cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
    const s3 = await startS3rver({ directory: dir, bucket: "bandspace-takes" });
    cleanups.push(() => s3.stop());
    const s3config = (bucket: string) => ({
      endpoint: s3.url,
      bucket,
      region: "us-east-1",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
    });

    const good = await startTestServer({}, undefined, { s3: s3config("bandspace-takes") });
    cleanups.push(() => good.stop());
    const ready = await get(good, "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body.checks.storage.ok).toBe(true);

    const missing = await startTestServer({}, undefined, { s3: s3config("no-such-bucket") });
    cleanups.push(() => missing.stop());
    const unready = await get(missing, "/readyz");
    expect(unready.status).toBe(503);
    expect(unready.body.failing).toEqual(["storage"]);
    expect(unready.body.checks.storage.error).toMatch(/no-such-bucket.*does not exist/);

    await s3.stop();
    const down = await get(good, "/readyz");
    expect(down.status).toBe(503);
    expect(down.body.failing).toEqual(["storage"]);
  });
});
