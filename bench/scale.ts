/**
 * `npm run bench:scale` — Bandspace on 1, 2 and 3 nodes (a benchmark, not a test).
 *
 * Each node is its own process (server/index.ts) on one PostgreSQL database (created for the run) and a private
 * redis-server (so the message counts are this run's alone). Per node count: BENCH_SESSIONS sessions with
 * BENCH_CLIENTS y-websocket clients each (client j of session s on node (s + j) mod N, so every session has
 * same-node and cross-node pairs once N > 1), BENCH_EDITORS of them editing at BENCH_RATE edits/s; plus
 * BENCH_RECORDERS recorders, each in its own session, with a listener on the next node.
 *
 * Figures: edit propagation p50/p95 same-node and cross-node, take relay latency (cross-node when N > 1), CPU (% of
 * one core) and peak RSS per node (/proc), the client process's CPU, the whole machine's CPU (other processes
 * included), Redis commands and PUBLISHes per second (INFO commandstats deltas). The 1-node run is the reference
 * printed beside the others. lost_edits: deliveries some client never got; lost_chunks: chunks never acknowledged
 * (stored) although resent as the studio's uploader resends them (./scale/recorders.ts); chunks the live relay
 * skipped for a lagging listener are counted apart (by design, not a loss). Clients run in BENCH_WORKERS worker
 * threads at a fixed rate, so a starved client shows as schedule lag rather than as server latency.
 *
 * Env: BENCH_NODES "1,2,3", BENCH_SESSIONS 100, BENCH_CLIENTS 4, BENCH_EDITORS 2, BENCH_RATE 1, BENCH_SECONDS 20,
 * BENCH_WARMUP_S 3, BENCH_RECORDERS 8, BENCH_CHUNK_MS 100, BENCH_CHANNELS 1, BENCH_WORKERS 2,
 * BENCH_PG_URL (postgresql://<user>@127.0.0.1:5432/postgres), BENCH_NODE_LOG (a file for the nodes' log lines).
 * The last line is one JSON object; exit 1 when anything was lost.
 */
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { Redis } from "ioredis";
import pg from "pg";
import { yjsRoomName, type CreatedSession } from "@bandspace/protocol";
import { startRedisServer } from "../scripts/cluster/local-services";
import { ensurePostgresDatabase, localPostgresAdminUrl, startNode, type NodeProcess } from "../scripts/cluster/nodes";
import { migrateDatabase } from "../server/db/migrate";
import { summarize } from "./lib/common";
import { cpuSeconds, machineCpu, rssMb } from "./lib/targets";
import type { EditClientPlan, EditWorkerInit, EditWorkerResult } from "./scale/edit-worker";
import { prepareRecording } from "./scale/recorders";

const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number (got "${raw}")`);
  return n;
};
const NODE_COUNTS = (process.env.BENCH_NODES ?? "1,2,3").split(",").map(Number);
const SESSIONS = num("BENCH_SESSIONS", 100);
const CLIENTS = num("BENCH_CLIENTS", 4);
const EDITORS = Math.min(CLIENTS, num("BENCH_EDITORS", 2));
const RATE = num("BENCH_RATE", 1);
const SECONDS = num("BENCH_SECONDS", 20);
const WARMUP_S = num("BENCH_WARMUP_S", 3);
const RECORDERS = num("BENCH_RECORDERS", 8);
const CHUNK_MS = num("BENCH_CHUNK_MS", 100);
const CHANNELS = num("BENCH_CHANNELS", 1);
const WORKERS = Math.max(1, num("BENCH_WORKERS", 2));
const log = (line = "") => process.stdout.write(line + "\n");
/** BENCH_NODE_LOG=<file>: the nodes' own log lines go there (to tell why a chunk was refused); dropped otherwise. */
const nodeLogFile = process.env.BENCH_NODE_LOG ? createWriteStream(process.env.BENCH_NODE_LOG, { flags: "a" }) : null;
const nodeLog = (line: string) => nodeLogFile?.write(`${new Date().toISOString()} ${line}\n`);
const originNs = process.hrtime.bigint();
const clock = () => Number(process.hrtime.bigint() - originNs) / 1e6;
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "–");

interface RunResult {
  nodes: number;
  same: ReturnType<typeof summarize>;
  cross: ReturnType<typeof summarize>;
  relay: ReturnType<typeof summarize>;
  lostEdits: number;
  lostChunks: number;
  relaySkipped: number;
  chunkRefusals: Record<string, number>;
  editsMade: number;
  chunksSent: number;
  resentChunks: number;
  resentFor: Record<string, number>;
  nodeCpuPct: number[];
  nodeRssMb: number[];
  clientCpuPct: number;
  machineBusyPct: number;
  redisCommandsPerS: number;
  redisPublishPerS: number;
  lagP95: number;
}

async function redisStats(redis: Redis): Promise<{ commands: number; publish: number }> {
  const stats = await redis.info("stats");
  const cmd = await redis.info("commandstats");
  const commands = Number(/total_commands_processed:(\d+)/.exec(stats)?.[1] ?? NaN);
  const publish = Number(/cmdstat_publish:calls=(\d+)/.exec(cmd)?.[1] ?? 0);
  return { commands, publish };
}

async function createSessions(url: string, n: number): Promise<CreatedSession[]> {
  const out: CreatedSession[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/api/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: `Scale ${i}` }),
    });
    if (res.status !== 201) throw new Error(`creating a session failed: ${res.status} ${await res.text()}`);
    out.push((await res.json()) as CreatedSession);
  }
  return out;
}

function startWorkers(inits: EditWorkerInit[]) {
  const url = new URL("./scale/edit-worker.ts", import.meta.url).href;
  const workers = inits.map(
    (workerData) =>
      // Workers do not inherit tsx's loader; register it before importing the TypeScript worker.
      new Worker(`import("tsx/esm/api").then((m) => m.register()).then(() => import(${JSON.stringify(url)}))`, {
        eval: true,
        workerData,
      }),
  );
  type Reply = { type: string; missing?: number; result?: EditWorkerResult };
  const failed = new Promise<never>((_, reject) => workers.forEach((w) => w.once("error", reject)));
  failed.catch(() => {});
  const next = (w: Worker, type: string) =>
    Promise.race([
      failed,
      new Promise<Reply>((resolve) => {
        const on = (m: Reply) => {
          if (m.type === type) {
            w.off("message", on);
            resolve(m);
          }
        };
        w.on("message", on);
      }),
    ]);
  return {
    ready: () => Promise.all(workers.map((w) => next(w, "ready"))),
    start: (startAt: number) => {
      const sent = Promise.all(workers.map((w) => next(w, "sent")));
      for (const w of workers) w.postMessage({ type: "start", startAt });
      return sent;
    },
    missing: async () => {
      const replies = await Promise.all(workers.map((w) => (w.postMessage({ type: "progress" }), next(w, "progress"))));
      return replies.reduce((n, r) => n + (r.missing ?? 0), 0);
    },
    finish: async () => {
      const replies = await Promise.all(workers.map((w) => (w.postMessage({ type: "finish" }), next(w, "result"))));
      await Promise.all(workers.map((w) => w.terminate()));
      return replies.map((r) => r.result!);
    },
  };
}

async function runWith(n: number, env: Record<string, string>, dataDir: string, redis: Redis): Promise<RunResult> {
  const nodes: NodeProcess[] = [];
  try {
    for (let i = 0; i < n; i++) {
      nodes.push(
        await startNode({ id: `bench-${i + 1}`, env: { ...env, BANDSPACE_DATA_DIR: dataDir }, onLine: nodeLog }),
      );
    }
    const sessions = await createSessions(nodes[0].url, SESSIONS + RECORDERS);
    const nodeOf = Array.from({ length: SESSIONS }, (_, s) => Array.from({ length: CLIENTS }, (_, j) => (s + j) % n));
    const plans: EditClientPlan[] = [];
    for (let s = 0; s < SESSIONS; s++) {
      for (let j = 0; j < CLIENTS; j++) {
        plans.push({
          session: s,
          index: j,
          node: nodeOf[s][j],
          serverUrl: nodes[nodeOf[s][j]].url.replace(/^http/, "ws") + "/yjs",
          room: yjsRoomName(sessions[s].sessionId, "song"),
          token: sessions[s].ownerToken,
        });
      }
    }
    const edits = Math.round(RATE * SECONDS);
    const inits: EditWorkerInit[] = Array.from({ length: WORKERS }, (_, w) => ({
      clients: plans.filter((p) => p.session % WORKERS === w),
      nodeOf,
      editors: EDITORS,
      rate: RATE,
      edits,
      warmupEdits: Math.round(RATE * WARMUP_S),
      originNs: originNs.toString(),
    })).filter((i) => i.clients.length > 0);
    const workers = startWorkers(inits);
    await workers.ready();
    const recording = await prepareRecording({
      pairs: Array.from({ length: RECORDERS }, (_, r) => ({
        sessionId: sessions[SESSIONS + r].sessionId,
        token: sessions[SESSIONS + r].ownerToken,
        recorderUrl: nodes[r % n].url,
        listenerUrl: nodes[(r + 1) % n].url,
      })),
      seconds: SECONDS,
      chunkMs: CHUNK_MS,
      channels: CHANNELS,
      warmupSeconds: WARMUP_S,
      clock,
    });

    const cpu0 = nodes.map((x) => cpuSeconds(x.child.pid!));
    const client0 = process.cpuUsage();
    const m0 = machineCpu();
    const r0 = await redisStats(redis);
    const rss = nodes.map(() => 0);
    const sampler = setInterval(() => nodes.forEach((x, i) => (rss[i] = Math.max(rss[i], rssMb(x.child.pid!)))), 500);
    const t0 = clock();
    const startAt = t0 + 300;
    await Promise.all([workers.start(startAt), recording.run(startAt)]);
    const drainStart = clock();
    while ((await workers.missing()) > 0 && clock() - drainStart < 15_000) await new Promise((r) => setTimeout(r, 100));
    const rec = await recording.finish(Math.max(0, 15_000 - (clock() - drainStart)));
    const wall = (clock() - t0) / 1000;
    clearInterval(sampler);
    const cpu1 = nodes.map((x) => cpuSeconds(x.child.pid!));
    const client1 = process.cpuUsage(client0);
    const m1 = machineCpu();
    const r1 = await redisStats(redis);
    const results = await workers.finish();
    const cat = (pick: (r: EditWorkerResult) => Float64Array) => {
      const all = results.map(pick);
      const out = new Float64Array(all.reduce((k, a) => k + a.length, 0));
      let o = 0;
      for (const a of all) {
        out.set(a, o);
        o += a.length;
      }
      return out;
    };
    return {
      nodes: n,
      same: summarize(cat((r) => r.same)),
      cross: summarize(cat((r) => r.cross)),
      relay: summarize(rec.relayMs),
      lostEdits: results.reduce((k, r) => k + r.missing, 0),
      lostChunks: rec.lostChunks,
      relaySkipped: rec.relaySkipped,
      chunkRefusals: rec.refusals,
      editsMade: results.reduce((k, r) => k + r.made, 0),
      chunksSent: rec.chunksSent,
      resentChunks: rec.resentChunks,
      resentFor: rec.resentFor,
      nodeCpuPct: cpu1.map((c, i) => ((c - cpu0[i]) / wall) * 100),
      nodeRssMb: rss,
      clientCpuPct: ((client1.user + client1.system) / 1e6 / wall) * 100,
      machineBusyPct: ((m1.busy - m0.busy) / (m1.total - m0.total)) * 100,
      redisCommandsPerS: (r1.commands - r0.commands) / wall,
      redisPublishPerS: (r1.publish - r0.publish) / wall,
      lagP95: Math.max(...results.map((r) => r.lagP95)),
    };
  } finally {
    for (const x of nodes) await x.stop();
  }
}

function report(r: RunResult, ref: RunResult | undefined): void {
  const vs = (v: number, base: number | undefined) =>
    base !== undefined && Number.isFinite(base) && base > 0 && r !== ref ? ` (${(v / base).toFixed(2)}× 1-node)` : "";
  log(`--- ${r.nodes} node${r.nodes > 1 ? "s" : ""} ---`);
  log(
    `edit propagation  same-node p50 ${f1(r.same.p50)} p95 ${f1(r.same.p95)} ms (n=${r.same.n})${vs(r.same.p95, ref?.same.p95)}`,
  );
  log(
    `                  cross-node p50 ${f1(r.cross.p50)} p95 ${f1(r.cross.p95)} ms (n=${r.cross.n})` +
      (r.nodes > 1 ? `  cross/same p95 ${(r.cross.p95 / r.same.p95).toFixed(2)} (goal ≤ 1.5)` : ""),
  );
  log(
    `take relay        ${r.nodes > 1 ? "cross-node" : "same-node"} p50 ${f1(r.relay.p50)} p95 ${f1(r.relay.p95)} ms (n=${r.relay.n})${vs(r.relay.p95, ref?.relay.p95)}`,
  );
  log(
    `lost              edits ${r.lostEdits} of ${r.editsMade * (CLIENTS - 1)} deliveries, chunks ${r.lostChunks} of ${r.chunksSent} not stored within 60 s of resends (${r.resentChunks} resends after a retryable refusal${r.resentChunks > 0 ? ` ${JSON.stringify(r.resentFor)}` : ""}; ${r.relaySkipped} skipped by the live relay to a lagging listener)` +
      (r.lostChunks > 0 ? ` — refused: ${JSON.stringify(r.chunkRefusals)}` : ""),
  );
  log(
    `node CPU          ${r.nodeCpuPct.map((c) => `${f1(c)}%`).join(", ")} of a core; peak RSS ${r.nodeRssMb.map((m) => `${m.toFixed(0)} MB`).join(", ")}`,
  );
  log(
    `clients           ${f1(r.clientCpuPct)}% of a core (schedule lag p95 ${f1(r.lagP95)} ms); machine busy ${f1(r.machineBusyPct)}% of ${os.cpus().length} cores (other processes included)`,
  );
  log(`redis             ${f1(r.redisCommandsPerS)} commands/s, ${f1(r.redisPublishPerS)} PUBLISH/s`);
}

function bottleneck(last: RunResult): string {
  const cores = os.cpus().length;
  // In % of one core: what this run's nodes and clients used, and what the whole machine did.
  const ours = last.nodeCpuPct.reduce((a, b) => a + b, 0) + last.clientCpuPct;
  const machine = (last.machineBusyPct / 100) * cores * 100;
  const others = machine - ours;
  const hottest = Math.max(...last.nodeCpuPct);
  const parts: string[] = [];
  if (last.machineBusyPct > 85 && others > ours) {
    parts.push(
      `this machine is shared: other processes (PostgreSQL, Redis and everything else running) used ${f1(others)}% of a core against this run's ${f1(ours)}%, so tail latencies include waits for a core (client schedule lag p95 ${f1(last.lagP95)} ms)`,
    );
  } else if (last.machineBusyPct > 85) {
    parts.push(`the ${cores} cores: the run itself fills them (nodes and clients ${f1(ours)}% of a core)`);
  }
  parts.push(
    hottest > 70
      ? `node CPU (${f1(hottest)}% of a core on the busiest node): add nodes on more cores`
      : `per node, CPU is far from a core (${f1(hottest)}% at ${f1(last.redisPublishPerS)} PUBLISH/s): nodes scale out until Redis's single thread, which relays every edit and chunk once per node — raise BENCH_SESSIONS or BENCH_RATE to find it`,
  );
  return parts.join("; ");
}

const scratch = await fs.mkdtemp(path.join(os.tmpdir(), "bandspace-bench-scale-"));
const dbName = `bandspace_bench_${process.pid}`;
const adminUrl = process.env.BENCH_PG_URL ?? localPostgresAdminUrl();
const redisServer = await startRedisServer();
const redis = new Redis(redisServer.url);
let exitCode = 0;
try {
  const databaseUrl = await ensurePostgresDatabase(adminUrl, dbName);
  await migrateDatabase(databaseUrl);
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisServer.url,
    BANDSPACE_REDIS_PREFIX: "bench",
    BANDSPACE_NO_NEXT: "1",
    // Take audio as local files in one shared folder (one machine); acked once written, not fsync'd, so the disk
    // of a shared machine does not dominate.
    BANDSPACE_TAKE_SYNC: "write",
  };
  log(
    `bench:scale — ${SESSIONS} sessions × ${CLIENTS} clients (${EDITORS} editing at ${RATE}/s), ${RECORDERS} recorders ` +
      `(${CHANNELS} ch 48 kHz, ${CHUNK_MS} ms chunks) for ${SECONDS} s; nodes ${NODE_COUNTS.join(", ")}; ${os.cpus().length} cores`,
  );
  const runs: RunResult[] = [];
  for (const n of NODE_COUNTS) {
    const r = await runWith(n, env, path.join(scratch, `data-${n}`), redis);
    runs.push(r);
    report(
      r,
      runs.find((x) => x.nodes === 1),
    );
  }
  const last = runs[runs.length - 1];
  const ref = runs.find((x) => x.nodes === 1);
  log(`reference (bare): the 1-node run above${ref ? ` — same-node p95 ${f1(ref.same.p95)} ms` : " (not run)"}`);
  log(`next bottleneck: ${bottleneck(last)}`);
  const lostEdits = runs.reduce((k, r) => k + r.lostEdits, 0);
  const lostChunks = runs.reduce((k, r) => k + r.lostChunks, 0);
  if (lostEdits > 0 || lostChunks > 0) exitCode = 1;
  const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 10) / 10 : null);
  log(
    JSON.stringify({
      bench: "scale",
      nodes: last.nodes,
      same_node_p50_ms: round(last.same.p50),
      cross_node_p50_ms: round(last.cross.p50),
      same_node_p95_ms: round(last.same.p95),
      cross_node_p95_ms: round(last.cross.p95),
      cross_over_same_p95: round(last.cross.p95 / last.same.p95),
      relay_cross_node_p95_ms: round(last.relay.p95),
      lost_edits: lostEdits,
      lost_chunks: lostChunks,
      relay_skipped_chunks: runs.reduce((k, r) => k + r.relaySkipped, 0),
      resent_chunks: runs.reduce((k, r) => k + r.resentChunks, 0),
      reference_1node_same_p95_ms: round(ref?.same.p95 ?? NaN),
      reference_1node_relay_p95_ms: round(ref?.relay.p95 ?? NaN),
      node_cpu_pct: last.nodeCpuPct.map(round),
      node_rss_mb: last.nodeRssMb.map(round),
      client_cpu_pct: round(last.clientCpuPct),
      redis_publish_per_s: round(last.redisPublishPerS),
      runs: runs.map((r) => ({
        nodes: r.nodes,
        same_p95: round(r.same.p95),
        cross_p95: round(r.cross.p95),
        relay_p95: round(r.relay.p95),
        redis_commands_per_s: round(r.redisCommandsPerS),
      })),
    }),
  );
} finally {
  redis.disconnect();
  await redisServer.stop();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
  await admin.end();
  await fs.rm(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
