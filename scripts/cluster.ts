/**
 * `npm run cluster`: Bandspace as a small cluster on this machine, in one command — s3rver (take audio under
 * data/cluster/s3), N nodes (default 2) on one PostgreSQL database (created if missing) and Redis, behind the
 * balancer of scripts/cluster/load-balancer.ts on one port. Ctrl+C stops everything (the nodes drain gracefully).
 *
 * Settings (environment): PORT (3000), CLUSTER_NODES (2), CLUSTER_PG_URL (postgresql://<user>@127.0.0.1:5432/postgres:
 * where to create the database), CLUSTER_DB (bandspace_cluster), REDIS_URL (redis://127.0.0.1:6379/0),
 * CLUSTER_NO_NEXT=1 (API, Yjs and socket.io only: no front-end build needed).
 */
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { migrateDatabase } from "../server/db/migrate";
import { startLoadBalancer } from "./cluster/load-balancer";
import { startS3rver } from "./cluster/local-services";
import { ensurePostgresDatabase, localPostgresAdminUrl, startNode, type NodeProcess } from "./cluster/nodes";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = process.env;
const port = Number(env.PORT ?? 3000);
const nodeCount = Number(env.CLUSTER_NODES ?? 2);
if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > 8) throw new Error("CLUSTER_NODES must be 1–8");
const withNext = env.CLUSTER_NO_NEXT !== "1";
const dataDir = path.join(root, "data/cluster");
const bucket = "bandspace-takes";

const stoppers: Array<() => Promise<unknown>> = [];
let stopping = false;
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log("stopping: nodes drain and store their documents…");
    for (const stop of stoppers.reverse()) await stop().catch((e: unknown) => console.error(String(e)));
  }
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

try {
  if (withNext) {
    const build = spawnSync(process.execPath, ["scripts/ensure-build.mjs"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) throw new Error("the front-end build failed");
  }
  const databaseUrl = await ensurePostgresDatabase(
    env.CLUSTER_PG_URL ?? localPostgresAdminUrl(),
    env.CLUSTER_DB ?? "bandspace_cluster",
  );
  // Once, before the nodes start, so two nodes never race to apply the same migration.
  await migrateDatabase(databaseUrl);
  const s3 = await startS3rver({ directory: path.join(dataDir, "s3"), bucket });
  stoppers.push(() => s3.stop());

  const nodeEnv: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: env.REDIS_URL ?? "redis://127.0.0.1:6379/0",
    BANDSPACE_REDIS_PREFIX: "bandspace-cluster",
    BANDSPACE_TAKE_STORE: "s3",
    S3_ENDPOINT: s3.url,
    S3_BUCKET: bucket,
    S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_FORCE_PATH_STYLE: "1",
    ...(withNext ? {} : { BANDSPACE_NO_NEXT: "1" }),
  };
  const nodes: NodeProcess[] = [];
  for (let i = 1; i <= nodeCount; i++) {
    const id = `node-${i}`;
    const node = await startNode({ id, env: { ...nodeEnv, BANDSPACE_DATA_DIR: path.join(dataDir, id) } });
    nodes.push(node);
    stoppers.push(() => node.stop());
    node.child.once("exit", (code) => {
      if (!stopping) console.log(`${id} exited (${code}); the balancer sends its clients to the others`);
    });
  }
  const lb = await startLoadBalancer({ backends: nodes.map((n) => n.url), port, host: "127.0.0.1" });
  stoppers.push(() => lb.close());
  console.log(
    `\nBandspace cluster: ${lb.url.replace("127.0.0.1", "localhost")}\n` +
      `  ${nodes.map((n) => `${n.id} ${n.url}`).join(", ")}\n` +
      `  PostgreSQL ${databaseUrl.replace(/\/\/[^@/]*@/, "//")}, Redis ${nodeEnv.REDIS_URL}, S3 ${s3.url} (bucket ${bucket})\n` +
      `  each node: /healthz, /readyz. Stop one with kill -TERM <pid> (${nodes.map((n) => n.child.pid).join(", ")}) ` +
      `to see its clients move. Ctrl+C stops everything.\n`,
  );
} catch (err) {
  console.error(`The cluster could not start: ${err instanceof Error ? err.message : String(err)}`);
  await stopAll(1);
}
