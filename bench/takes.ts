/**
 * `npm run bench:takes` — recording together under load (a benchmark, not a test).
 *
 * One session with BENCH_RECORDERS recorders (48 kHz stereo float, BENCH_CHUNK_MS chunks in real time)
 * and BENCH_LISTENERS listeners, for BENCH_SECONDS. Every member of the session receives every other
 * recorder's chunks (socket.io room fan-out); relay latency = time from a recorder emitting a chunk
 * until a listener has received it (same process, same monotonic clock). The same traffic runs first
 * through a bare socket.io relay (bench/takes/bare-relay.ts: no validation, no auth, no storage) as the
 * reference, then through the Bandspace server (its own process, SQLite in a temp dir, the default
 * local TakeStore with fsync'd acks; BANDSPACE_TAKE_SYNC=write to compare). Server CPU comes from /proc.
 *
 * Checks: every chunk acked, every listener got every chunk once and in order, and each stored take's
 * sha256 equals the hash of what its recorder sent. chunks_lost counts chunks missing anywhere.
 *
 * Listeners run in BENCH_WORKERS worker threads; each target first gets an unmeasured BENCH_WARMUP_RUN_S run.
 * Env: BENCH_RECORDERS 8, BENCH_LISTENERS 24, BENCH_SECONDS 20, BENCH_CHUNK_MS 100, BENCH_WARMUP_S 2,
 * BENCH_WARMUP_RUN_S 4, BENCH_WORKERS 2,
 * BENCH_TARGETS "bare,bandspace". The last line of output is one JSON object. Exit 1 when anything was lost.
 */
import { createHash } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { ListenerInit, ListenerResult } from "./takes/listener-worker";
import { freePort } from "../tests/helpers/server-process";
import { testDatabase, type TestDatabase } from "../tests/helpers/database";
import { connectTakeSocket, generateAudio, request, type TakeSocket } from "../tests/helpers/take-client";
import { cpuSeconds, machineCpu } from "./lib/targets";

const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number (got "${raw}")`);
  return n;
};
const RECORDERS = num("BENCH_RECORDERS", 8);
const LISTENERS = num("BENCH_LISTENERS", 24);
const SECONDS = num("BENCH_SECONDS", 20);
const CHUNK_MS = num("BENCH_CHUNK_MS", 100);
const WARMUP_S = num("BENCH_WARMUP_S", 2);
/** An unmeasured run first (JIT, connections, page cache) so the first target is not penalised. */
const WARMUP_RUN_S = num("BENCH_WARMUP_RUN_S", 4);
const WORKERS = Math.max(1, num("BENCH_WORKERS", 2));
const RATE = 48000;
const CH = 2;
const FRAMES = Math.round((RATE * CHUNK_MS) / 1000);
const targets = (process.env.BENCH_TARGETS ?? "bare,bandspace").split(",").map((s) => s.trim());
const root = path.resolve(import.meta.dirname, "..");
const log = (line = "") => process.stdout.write(line + "\n");
const now = () => Number(process.hrtime.bigint()) / 1e6;

interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  sessionId: string;
  recordToken: string;
  listenToken: string;
  dataDir?: string;
  stop: () => Promise<void>;
}

function spawnChild(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  child.once("exit", (code, signal) => {
    if (code && code !== 0) process.stderr.write(`server exited ${code ?? signal}:\n${out}\n`);
  });
  return child;
}

async function waitHttp(url: string, child: ChildProcess): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error("server exited during start");
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() - start > 60_000) throw new Error("server did not start");
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });

async function startBare(): Promise<Server> {
  const port = await freePort();
  const child = spawnChild(["--import", "tsx", "bench/takes/bare-relay.ts"], { ...process.env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  await waitHttp(url, child);
  const token = "A".repeat(32);
  return {
    name: "bare",
    url,
    child,
    sessionId: "benchbenchbench0",
    recordToken: token,
    listenToken: token,
    stop: () => stopChild(child),
  };
}

async function startBandspace(): Promise<Server & { db: TestDatabase }> {
  const db: TestDatabase = await testDatabase();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    BANDSPACE_DATA_DIR: db.dataDir,
    BANDSPACE_NO_NEXT: "1",
    DATABASE_URL: db.url,
  };
  const child = spawnChild(["--import", "tsx", "server/index.ts"], env);
  const url = `http://127.0.0.1:${port}`;
  await waitHttp(`${url}/api/nothing`, child);
  const post = async (p: string, body: unknown, token?: string) => {
    const res = await fetch(url + p, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, string>;
  };
  const { sessionId, ownerToken } = await post("/api/sessions", { name: "bench takes" });
  const edit = await post(`/api/sessions/${sessionId}/links`, { role: "edit" }, ownerToken);
  const view = await post(`/api/sessions/${sessionId}/links`, { role: "view" }, ownerToken);
  return {
    name: "bandspace",
    url,
    child,
    db,
    dataDir: db.dataDir,
    sessionId: sessionId,
    recordToken: edit.token,
    listenToken: view.token,
    stop: async () => {
      await stopChild(child);
      await db.cleanup();
    },
  };
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;

interface Result {
  name: string;
  relay: { p50: number; p95: number; p99: number; max: number; n: number };
  ack: { p50: number; p95: number; p99: number };
  cpuPercent: number;
  machineBusyPercent: number;
  chunksLost: number;
  outOfOrder: number;
  nacks: number;
  shaMismatches: number;
  storedBytes: number;
  bytesPerMinute: number;
}

function storedBytesOf(dataDir: string | undefined): number {
  let total = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else total += fs.statSync(p).size;
    }
  };
  if (dataDir && fs.existsSync(path.join(dataDir, "takes"))) walk(path.join(dataDir, "takes"));
  return total;
}

function startListeners(
  init: Omit<ListenerInit, "count">,
): Promise<{ workers: Worker[]; finish: () => Promise<ListenerResult[]>; allReceived: () => Promise<boolean> }> {
  const url = new URL("./takes/listener-worker.ts", import.meta.url).href;
  const counts = Array.from(
    { length: WORKERS },
    (_, w) => Math.floor(LISTENERS / WORKERS) + (w < LISTENERS % WORKERS ? 1 : 0),
  ).filter((n) => n > 0);
  const workers = counts.map(
    (count) =>
      // Workers do not inherit tsx's loader; register it before importing the TypeScript worker.
      new Worker(`import("tsx/esm/api").then((m) => m.register()).then(() => import(${JSON.stringify(url)}))`, {
        eval: true,
        workerData: { ...init, count },
      }),
  );
  /** A message from a listener worker: its `type` and that type's fields. */
  type WorkerReply = { type: string; done?: boolean; result?: unknown };
  const next = (w: Worker, type: string) =>
    new Promise<WorkerReply>((resolve, reject) => {
      const on = (m: WorkerReply) => {
        if (m.type === type) {
          w.off("message", on);
          resolve(m);
        }
      };
      w.on("message", on);
      failed.catch(reject);
    });
  const failed = new Promise<never>((_, reject) => workers.forEach((w) => w.once("error", reject)));
  failed.catch(() => {});
  return Promise.all(workers.map((w) => next(w, "ready"))).then(() => ({
    workers,
    allReceived: async () => {
      const replies = await Promise.all(workers.map((w) => (w.postMessage({ type: "progress" }), next(w, "progress"))));
      return replies.every((r) => r.done === true);
    },
    finish: async () => {
      const results = await Promise.all(workers.map((w) => (w.postMessage({ type: "finish" }), next(w, "result"))));
      await Promise.all(workers.map((w) => w.terminate()));
      return results.map((r) => r.result as ListenerResult);
    },
  }));
}

async function run(server: Server, seconds: number): Promise<Result> {
  const CHUNKS = Math.round((seconds * 1000) / CHUNK_MS);
  // Distinct audio per recorder: 2 s of generated stereo looped (content does not change relay cost).
  const loops = Array.from({ length: RECORDERS }, (_, r) =>
    Buffer.from(generateAudio(RATE * 2, CH, RATE, r + 1).buffer),
  );
  const chunkBytes = FRAMES * CH * 4;
  const chunkOf = (r: number, seq: number) => {
    const loop = loops[r];
    const off = (seq * chunkBytes) % (loop.length - chunkBytes);
    return loop.subarray(off, off + chunkBytes);
  };

  const recorders: TakeSocket[] = [];
  for (let r = 0; r < RECORDERS; r++)
    recorders.push((await connectTakeSocket(server.url, server.sessionId, server.recordToken)).socket);
  const takeIds = Array.from({ length: RECORDERS }, (_, r) =>
    `b${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}r${r}`.padEnd(16, "0").slice(0, 32),
  );
  // Send times (hrtime ns) shared with the listener threads.
  const sentAtBuffer = new SharedArrayBuffer(RECORDERS * CHUNKS * 8);
  const sentAt = new BigInt64Array(sentAtBuffer);
  const listeners = await startListeners({
    url: server.url,
    sessionId: server.sessionId,
    token: server.listenToken,
    takeIds,
    chunks: CHUNKS,
    warmupSeq: Math.round((WARMUP_S * 1000) / CHUNK_MS),
    sentAt: sentAtBuffer,
  });
  const acks: number[] = [];
  const bytesBefore = storedBytesOf(server.dataDir);

  for (let r = 0; r < RECORDERS; r++) {
    const reply = await request(recorders[r], "take:start", {
      takeId: takeIds[r],
      trackId: `track-${r}`,
      sampleRate: RATE,
      channels: CH,
      startTick: 0,
      latencyMs: 0,
      displayName: `Recorder ${r}`,
    });
    if (!reply.ok) throw new Error(`take:start failed: ${JSON.stringify(reply)}`);
  }

  const hashes = takeIds.map(() => createHash("sha256"));
  let nacks = 0;
  const pendingAcks: Promise<void>[] = [];
  const cpu0 = cpuSeconds(server.child.pid!);
  const m0 = machineCpu();
  const t0 = now();
  // Recorders are spread over one chunk period, each on its own real-time schedule (like AudioWorklets).
  await Promise.all(
    recorders.map(
      (socket, r) =>
        new Promise<void>((resolve) => {
          const phase = (r / RECORDERS) * CHUNK_MS;
          let seq = 0;
          const tick = () => {
            const due = t0 + phase + seq * CHUNK_MS;
            while (seq < CHUNKS && now() >= due - 0.5) {
              const pcm = chunkOf(r, seq);
              hashes[r].update(pcm);
              const s = seq;
              const sent = process.hrtime.bigint();
              Atomics.store(sentAt, r * CHUNKS + s, sent);
              pendingAcks.push(
                request(socket, "take:chunk", { takeId: takeIds[r], seq: s, frames: FRAMES, pcm }, 60_000).then(
                  (reply) => {
                    if (!reply.ok) nacks++;
                    else acks.push(Number(process.hrtime.bigint() - sent) / 1e6);
                  },
                  () => void nacks++,
                ),
              );
              seq++;
              break;
            }
            if (seq >= CHUNKS) return resolve();
            setTimeout(tick, Math.max(0, t0 + phase + seq * CHUNK_MS - now()));
          };
          setTimeout(tick, phase);
        }),
    ),
  );
  await Promise.all(pendingAcks);
  // Drain: wait until every listener has everything (or 30 s).
  const drainStart = now();
  while (!(await listeners.allReceived()) && now() - drainStart < 30_000) await new Promise((r) => setTimeout(r, 50));
  const cpu1 = cpuSeconds(server.child.pid!);
  const m1 = machineCpu();
  const wall = (now() - t0) / 1000;
  const results = await listeners.finish();
  const latencies = results.flatMap((r) => r.latencies);
  const outOfOrder = results.reduce((a, r) => a + r.outOfOrder, 0);

  let chunksLost = nacks;
  for (const r of results) for (const n of r.received) chunksLost += CHUNKS - n;

  let shaMismatches = 0;
  for (let r = 0; r < RECORDERS; r++) {
    const end = await request(
      recorders[r],
      "take:end",
      { takeId: takeIds[r], chunkCount: CHUNKS, totalFrames: CHUNKS * FRAMES },
      60_000,
    );
    const want = hashes[r].digest("hex");
    if (!end.ok) throw new Error(`take:end failed: ${JSON.stringify(end)}`);
    if (server.name === "bandspace" && end.take.sha256 !== want) shaMismatches++;
  }
  const storedBytes = storedBytesOf(server.dataDir) - bytesBefore;
  for (const s of recorders) s.disconnect();

  latencies.sort((a, b) => a - b);
  acks.sort((a, b) => a - b);
  return {
    name: server.name,
    relay: {
      p50: pct(latencies, 50),
      p95: pct(latencies, 95),
      p99: pct(latencies, 99),
      max: latencies.at(-1) ?? NaN,
      n: latencies.length,
    },
    ack: { p50: pct(acks, 50), p95: pct(acks, 95), p99: pct(acks, 99) },
    cpuPercent: ((cpu1 - cpu0) / wall) * 100,
    machineBusyPercent: ((m1.busy - m0.busy) / (m1.total - m0.total)) * 100,
    chunksLost,
    outOfOrder,
    nacks,
    shaMismatches,
    storedBytes,
    bytesPerMinute: storedBytes / (seconds / 60),
  };
}

const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : "–");

async function main() {
  log(
    `bench:takes — ${RECORDERS} recorders (48 kHz stereo float32, ${CHUNK_MS} ms chunks) + ${LISTENERS} listeners in one session, ${SECONDS} s, warm-up ${WARMUP_S} s`,
  );
  log(
    `  audio in: ${f((RECORDERS * RATE * CH * 4) / 1e6)} MB/s; relayed: ${f((RECORDERS * (RECORDERS - 1 + LISTENERS) * RATE * CH * 4) / 1e6)} MB/s to ${RECORDERS + LISTENERS} members`,
  );
  const results: Result[] = [];
  for (const name of targets) {
    const server = name === "bare" ? await startBare() : await startBandspace();
    try {
      if (WARMUP_RUN_S > 0) await run(server, WARMUP_RUN_S);
      const r = await run(server, SECONDS);
      results.push(r);
      log(`\n${name}`);
      log(
        `  relay latency ms   p50 ${f(r.relay.p50)}  p95 ${f(r.relay.p95)}  p99 ${f(r.relay.p99)}  max ${f(r.relay.max)}  (${r.relay.n} deliveries)`,
      );
      log(
        `  ack latency ms     p50 ${f(r.ack.p50)}  p95 ${f(r.ack.p95)}  p99 ${f(r.ack.p99)}${name === "bandspace" ? `  (durable: ${process.env.BANDSPACE_TAKE_SYNC || "fsync"})` : "  (no storage)"}`,
      );
      log(
        `  server CPU ${f(r.cpuPercent, 1)} % of one core; machine busy ${f(r.machineBusyPercent, 1)} % (all processes)`,
      );
      if (name === "bandspace")
        log(
          `  stored ${f(r.storedBytes / 1e6)} MB = ${f(r.bytesPerMinute / 1e6)} MB per minute of session (${f(r.bytesPerMinute / RECORDERS / 1e6)} MB/min per recorder); sha256 mismatches ${r.shaMismatches}`,
        );
      log(`  chunks lost ${r.chunksLost} (nacks ${r.nacks}); out of order ${r.outOfOrder}`);
    } finally {
      await server.stop();
    }
  }
  const bare = results.find((r) => r.name === "bare");
  const ours = results.find((r) => r.name === "bandspace");
  const main = ours ?? bare!;
  const ratio = ours && bare ? ours.relay.p95 / bare.relay.p95 : NaN;
  if (ours && bare) log(`\nratio vs bare relay (p95): ${f(ratio)}  (goal ≤ 1.3; p95 goal < 10 ms)`);
  const lost = results.reduce((a, r) => a + r.chunksLost + r.shaMismatches + r.outOfOrder, 0);
  const summary = {
    bench: "takes",
    recorders: RECORDERS,
    listeners: LISTENERS,
    seconds: SECONDS,
    chunk_ms: CHUNK_MS,
    take_sync: process.env.BANDSPACE_TAKE_SYNC || "fsync",
    relay_p50_ms: +f(main.relay.p50, 3),
    relay_p95_ms: +f(main.relay.p95, 3),
    relay_p99_ms: +f(main.relay.p99, 3),
    bare_relay_p50_ms: bare ? +f(bare.relay.p50, 3) : null,
    bare_relay_p95_ms: bare ? +f(bare.relay.p95, 3) : null,
    bare_relay_p99_ms: bare ? +f(bare.relay.p99, 3) : null,
    ratio_vs_bare_p95: Number.isFinite(ratio) ? +f(ratio, 3) : null,
    ack_p95_ms: ours ? +f(ours.ack.p95, 3) : null,
    server_cpu_percent: ours ? +f(ours.cpuPercent, 1) : null,
    bare_cpu_percent: bare ? +f(bare.cpuPercent, 1) : null,
    machine_busy_percent: +f(main.machineBusyPercent, 1),
    bytes_stored_per_minute: ours ? Math.round(ours.bytesPerMinute) : null,
    chunks_lost: results.reduce((a, r) => a + r.chunksLost, 0),
    out_of_order: results.reduce((a, r) => a + r.outOfOrder, 0),
    sha256_mismatches: ours?.shaMismatches ?? null,
  };
  log(JSON.stringify(summary));
  process.exitCode = lost > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
