import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import type { ServerTuning } from "../../server/app";
import { postgresServerUrl, testDatabase, type TestDatabase } from "./database";
import { startS3rver, type TestS3 } from "./s3rver";
import { REDIS_TEST_URL } from "./scale-out-services";
import { startTestServer, type TestServer } from "./server";
import { spawnServer, type ServerProcess } from "./server-process";
import { connectTakeSocket, type TakeSocket } from "./take-client";

export interface ScaleOutFixture {
  /** A fresh PostgreSQL database every node of the file shares. */
  readonly db: TestDatabase;
  /** A private s3rver every node of the file stores take audio in. */
  readonly s3: TestS3;
  /** The file's own Redis key and channel prefix (deleted after the file). */
  readonly prefix: string;
  /** A node in its own process (so it can be killed with kill -9 or SIGTERM), killed after the file if still up. */
  spawnNode: (nodeId: string, env?: Record<string, string>) => Promise<ServerProcess>;
  /** A node in this test process (so its tuning can be lowered), stopped after the file. */
  startNode: (nodeId: string, tuning?: ServerTuning) => Promise<TestServer>;
  /** A take socket on a node, disconnected after the file. */
  takeSocket: (url: string, sessionId: string, token: string) => Promise<TakeSocket>;
  /** More to close after the file, before the nodes go (a balancer, a client); run last added first. */
  onTeardown: (close: () => unknown) => void;
}

/**
 * The setup every test of several take-serving nodes repeats: one PostgreSQL database, one Redis prefix and one
 * s3rver for the file, nodes on them in a process or in this one, and everything torn down after the file (Redis
 * keys of the prefix included, so runs and engineers sharing a Redis do not see each other). Call it inside the
 * `describe` that is skipped where PostgreSQL or Redis is missing.
 */
export function useScaleOutCluster(name: string): ScaleOutFixture {
  let db: TestDatabase | null = null;
  let s3: TestS3 | null = null;
  const prefix = `bandspace-test-${name}-${randomBytes(4).toString("hex")}`;
  const processes: ServerProcess[] = [];
  const servers: TestServer[] = [];
  const sockets: TakeSocket[] = [];
  const teardowns: (() => unknown)[] = [];
  const need = <T>(value: T | null, what: string): T => {
    if (value === null) throw new Error(`useScaleOutCluster: the ${what} starts in beforeAll`);
    return value;
  };

  beforeAll(async () => {
    db = await testDatabase({ postgresUrl: postgresServerUrl });
    s3 = await startS3rver();
  });
  afterAll(async () => {
    for (const close of teardowns.reverse()) await close();
    for (const s of sockets) s.disconnect();
    for (const p of processes) await p.kill9();
    for (const s of servers) await s.stop();
    await s3?.stop();
    await db?.cleanup();
    const redis = new Redis(REDIS_TEST_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  const fixture: ScaleOutFixture = {
    get db() {
      return need(db, "database");
    },
    get s3() {
      return need(s3, "s3rver");
    },
    prefix,
    async spawnNode(nodeId, env = {}) {
      const node = await spawnServer({
        dataDir: fixture.db.dataDir,
        databaseUrl: fixture.db.url,
        startTimeoutMs: 120_000,
        env: {
          ...fixture.s3.env,
          REDIS_URL: REDIS_TEST_URL,
          BANDSPACE_REDIS_PREFIX: prefix,
          BANDSPACE_NODE_ID: nodeId,
          ...env,
        },
      });
      processes.push(node);
      return node;
    },
    async startNode(nodeId, tuning = {}) {
      const server = await startTestServer(tuning, fixture.db, {
        redisUrl: REDIS_TEST_URL,
        redisPrefix: prefix,
        nodeId,
        takeStore: "s3",
        s3: fixture.s3.config,
      });
      servers.push(server);
      return server;
    },
    async takeSocket(url, sessionId, token) {
      const { socket } = await connectTakeSocket(url, sessionId, token);
      sockets.push(socket);
      return socket;
    },
    onTeardown(close) {
      teardowns.push(close);
    },
  };
  return fixture;
}
