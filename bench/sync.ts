/**
 * `npm run bench:sync` — issue #2's sync benchmark (a benchmark, not a test).
 *
 * BENCH_SESSIONS sessions at once, each with BENCH_EDITORS editing and BENCH_VIEWERS viewing
 * WebsocketProvider clients; every editor makes BENCH_EDITS small edits at BENCH_RATE per second.
 * The same load (same seed, same schedule) runs first against y-websocket 2.1.0's bare reference
 * relay, then against the Bandspace server (SQLite in a temp dir; PostgreSQL when DATABASE_URL is a
 * postgresql:// server URL — a scratch database is created and dropped).
 *
 * Latency of an edit = time from the editor making it until every other client of its session has
 * applied it (the headline), and per receiver. Servers run in their own processes; their CPU and RSS
 * come from /proc. Clients run in BENCH_WORKERS worker threads (one thread cannot apply ~50k
 * updates/s) and share one hrtime clock. The last line of output is one JSON object.
 *
 * Env: BENCH_EDITS 1000, BENCH_RATE 20, BENCH_SESSIONS 10, BENCH_EDITORS 8, BENCH_VIEWERS 24,
 * BENCH_WARMUP (edits per editor left out of the stats; default 2 s worth, at most half),
 * BENCH_WORKERS 2, BENCH_SEED 1, BENCH_TARGETS "bare,bandspace", BENCH_DRAIN_MS 60000,
 * BENCH_SERVER_NODE_ARGS (both servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"),
 * BENCH_SERVER_ROOT (run the Bandspace server from another checkout, to A/B a server change).
 * Exit code 1 when an edit was lost, replicas differ or the persisted state is incomplete.
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { openDatabase } from "../server/db/open";
import {
  makeClock,
  rng,
  summarize,
  type BenchConfig,
  type ReplicaDigest,
  type WireCounters,
  type WorkerInit,
  type WorkerResult,
} from "./lib/common";
import { digestDoc } from "./lib/replica";
import {
  cpuSeconds,
  machineCpu,
  rssMb,
  startBandspace,
  startBare,
  type BandspaceTarget,
  type Target,
} from "./lib/targets";

const int = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number (got "${raw}")`);
  return n;
};

const edits = int("BENCH_EDITS", 1000);
const rate = int("BENCH_RATE", 20);
const config: BenchConfig = {
  sessions: int("BENCH_SESSIONS", 10),
  editors: int("BENCH_EDITORS", 8),
  viewers: int("BENCH_VIEWERS", 24),
  edits,
  rate,
  // 2 s worth: the first seconds JIT-compile 320 providers (and the servers), which is not steady state.
  warmup: int("BENCH_WARMUP", Math.min(Math.round(2 * rate), Math.floor(edits / 2))),
  workers: Math.max(1, int("BENCH_WORKERS", 2)),
  seed: int("BENCH_SEED", 1),
  // Generous: on a saturated machine stragglers arrive many seconds late, and late is not lost.
  drainTimeoutMs: int("BENCH_DRAIN_MS", 60_000),
};
if (
  config.edits < 1 ||
  config.rate <= 0 ||
  config.sessions < 1 ||
  config.editors < 1 ||
  config.editors + config.viewers < 2
) {
  throw new Error(
    "need BENCH_EDITS ≥ 1, BENCH_RATE > 0, BENCH_SESSIONS ≥ 1, BENCH_EDITORS ≥ 1 and at least 2 clients per session",
  );
}
const targets = (process.env.BENCH_TARGETS ?? "bare,bandspace").split(",").map((s) => s.trim()) as Array<
  "bare" | "bandspace"
>;
if (targets.length === 0 || targets.some((t) => t !== "bare" && t !== "bandspace"))
  throw new Error(`BENCH_TARGETS: "bare", "bandspace" or both (got "${process.env.BENCH_TARGETS}")`);
const backend = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "") ? "postgresql" : "sqlite";

const originNs = process.hrtime.bigint();
const clock = makeClock(originNs);
const perSession = config.editors + config.viewers;
const totalEdits = config.sessions * config.editors * config.edits;
const period = 1000 / config.rate;
// Editors are spread evenly over one edit period, so the load is steady rather than in bursts.
const phaseRng = rng(config.seed);
const phases = Array.from({ length: config.sessions * config.editors }, () => phaseRng() * period);

const log = (line = "") => process.stdout.write(line + "\n");
const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "–");

/** A message from a client worker: its `type` and, for progress reports, the counts. */
type WorkerReply = { type: string };
type Progress = { sent: number; applied: number; acked: number };

interface Report {
  name: string;
  connectMs: number;
  windowS: number;
  editsSent: number;
  editsPerS: number;
  applied: number;
  allReceivers: ReturnType<typeof summarize>;
  perReceiver: ReturnType<typeof summarize>;
  ack: ReturnType<typeof summarize>;
  scheduleLagP99: number;
  lostEdits: number;
  replicasIdentical: boolean;
  replicaDetail: string;
  serverCpuS: number;
  serverCpuPct: number;
  serverRssPeakMb: number;
  clientCpuPct: number;
  /** Client CPU per update applied by a receiver: what the load generator costs. */
  clientUsPerApply: number;
  workerElu: number[];
  /** Whole machine: busy % of all cores, and cores used by processes other than this server and the clients. */
  machineBusyPct: number;
  otherCores: number;
  /** Which saturation signals tripped: clients, server, machine — or "none". */
  limitedBy: string;
  reconnects: number;
  wire: WireCounters;
  wireBytesPerEdit: number;
  payloadBytesPerEdit: number;
  syncPayloadBytesPerEdit: number;
  persisted?: { ok: boolean; bytesPerSession: number; rowsPerSession: number; detail: string; afterKill9: boolean };
  /** Distinct durable states acknowledged per edit: ≈ database writes per edit (Bandspace). */
  writesPerEdit: number;
}

// ---- one target --------------------------------------------------------------------------------

async function runTarget(target: Target): Promise<Report> {
  const tag = `[${target.name}]`;
  let rssPeak = 0;
  // RSS is sampled for its peak during this target's run (VmHWM would include the server's start-up).
  const sampleRss = () => {
    const rss = rssMb(target.pid); // NaN once the process is gone
    if (rss > rssPeak) rssPeak = rss;
  };
  const sampler = setInterval(sampleRss, 200);

  // Clients of one session go round-robin over the workers, so latencies are measured across threads.
  const shares = Array.from({ length: config.workers }, () => [] as Target["clients"]);
  target.clients.forEach((c, k) => shares[k % config.workers].push(c));
  const workers = shares.map((clients) => {
    const init: WorkerInit = { config, clients, originNs: String(originNs), phases, expectAcks: target.expectAcks };
    const url = new URL("./lib/client-worker.ts", import.meta.url).href;
    // Workers do not inherit tsx's loader; register it before importing the TypeScript worker.
    return new Worker(`import("tsx/esm/api").then((m) => m.register()).then(() => import(${JSON.stringify(url)}))`, {
      eval: true,
      workerData: init,
    });
  });
  const failed = new Promise<never>((_, reject) => workers.forEach((w) => w.on("error", reject)));
  const next = (w: Worker, type: string) =>
    new Promise<WorkerReply>((resolve) => {
      const on = (m: WorkerReply) => {
        if (m.type === type) {
          w.off("message", on);
          resolve(m);
        }
      };
      w.on("message", on);
    });
  const all = <T>(p: Promise<T>[], ms: number, what: string) =>
    Promise.race([
      Promise.all(p),
      failed,
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`${tag} timed out waiting for ${what}`)), ms)),
    ]);

  const connectStart = clock();
  await all(
    workers.map((w) => next(w, "ready")),
    120_000,
    "clients to connect and sync",
  );
  const connectMs = clock() - connectStart;
  log(`${tag} ${target.clients.length} clients connected and synced in ${fmt(connectMs, 0)} ms`);

  const progress = workers.map(() => ({ sent: 0, applied: 0, acked: 0 }));
  workers.forEach((w, k) => w.on("message", (m: WorkerReply & Progress) => m.type === "progress" && (progress[k] = m)));
  const drained = workers.map((w) => next(w, "drained"));

  // Every worker gets the same start time a second ahead; the measured window opens at that moment.
  const t0 = clock() + 1000;
  const lastDue = t0 + Math.max(...phases) + (config.edits - 1) * period;
  for (const w of workers) w.postMessage({ type: "start", t0 });
  await new Promise((r) => setTimeout(r, Math.max(0, t0 - clock())));
  const cpu0 = cpuSeconds(target.pid);
  const client0 = process.cpuUsage();
  const machine0 = machineCpu();
  const tStart = clock();

  let last = { t: tStart, cpu: cpu0, client: client0 };
  const printer = setInterval(() => {
    const t = clock();
    const cpu = cpuSeconds(target.pid);
    const client = process.cpuUsage();
    const dt = (t - last.t) / 1000;
    const sum = progress.reduce(
      (a, p) => ({ sent: a.sent + p.sent, applied: a.applied + p.applied, acked: a.acked + p.acked }),
      { sent: 0, applied: 0, acked: 0 },
    );
    log(
      `${tag} ${fmt((t - tStart) / 1000, 0).padStart(4)} s  sent ${sum.sent}/${totalEdits}  applied ${sum.applied}` +
        (target.expectAcks ? `  acked ${sum.acked}` : "") +
        `  server cpu ${fmt(((cpu - last.cpu) / dt) * 100, 0)}% rss ${fmt(rssMb(target.pid), 0)} MB` +
        `  clients cpu ${fmt(((client.user + client.system - last.client.user - last.client.system) / 1e6 / dt) * 100, 0)}%`,
    );
    last = { t, cpu, client };
  }, 5000);

  const deadline = new Promise<"timeout">((r) =>
    setTimeout(() => r("timeout"), Math.max(0, lastDue - clock()) + config.drainTimeoutMs),
  );
  const outcome = await Promise.race([Promise.all(drained).then(() => "drained" as const), deadline, failed]);
  const tEnd = clock();
  const serverCpuS = cpuSeconds(target.pid) - cpu0;
  const client1 = process.cpuUsage(client0);
  const machine1 = machineCpu();
  clearInterval(printer);
  if (outcome === "timeout")
    log(`${tag} not everything arrived ${config.drainTimeoutMs} ms after the last edit; counting the rest as lost`);

  const results = (await all(
    workers.map((w) => {
      const r = next(w, "result");
      w.postMessage({ type: "collect" });
      return r;
    }),
    120_000,
    "results",
  )) as unknown as WorkerResult[];
  sampleRss();
  await Promise.race([
    Promise.all(
      workers.map((w) => {
        const r = next(w, "closed");
        w.postMessage({ type: "close" });
        return r;
      }),
    ),
    new Promise((r) => setTimeout(r, 5000)),
  ]);
  await Promise.all(workers.map((w) => w.terminate()));
  clearInterval(sampler);

  // ---- combine the workers' views of every edit ----
  const sentAt = new Float64Array(totalEdits).fill(NaN);
  const lastApplied = new Float64Array(totalEdits).fill(NaN);
  const appliedBy = new Uint32Array(totalEdits);
  for (const r of results) {
    for (let g = 0; g < totalEdits; g++) {
      if (!Number.isNaN(r.sentAt[g])) sentAt[g] = r.sentAt[g]!;
      if (!(lastApplied[g] >= r.lastApplied[g]) && !Number.isNaN(r.lastApplied[g])) lastApplied[g] = r.lastApplied[g]!;
      appliedBy[g] += r.appliedBy[g];
    }
  }
  const receivers = perSession - 1;
  let lost = 0;
  let firstSent = Infinity;
  let lastSent = -Infinity;
  const allLat: number[] = [];
  for (let g = 0; g < totalEdits; g++) {
    if (Number.isNaN(sentAt[g]) || appliedBy[g] < receivers) {
      lost++;
      continue;
    }
    firstSent = Math.min(firstSent, sentAt[g]);
    lastSent = Math.max(lastSent, sentAt[g]);
    if (g % config.edits >= config.warmup) allLat.push(lastApplied[g] - sentAt[g]);
  }
  if (process.env.BENCH_TIMESERIES) {
    // Debug aid: per-second p50/p95/max of the headline latency, to tell steady queueing from spikes.
    const buckets = new Map<number, number[]>();
    for (let g = 0; g < totalEdits; g++) {
      if (appliedBy[g] < receivers || Number.isNaN(sentAt[g])) continue;
      const sec = Math.floor((sentAt[g] - tStart) / 1000);
      buckets.set(sec, [...(buckets.get(sec) ?? []), lastApplied[g] - sentAt[g]]);
    }
    for (const [sec, v] of [...buckets].sort((a, b) => a[0] - b[0])) {
      const x = summarize(Float64Array.from(v));
      log(
        `${tag} t=${String(sec).padStart(3)}s n=${x.n} p50 ${fmt(x.p50, 1)} p95 ${fmt(x.p95, 1)} max ${fmt(x.max, 1)}`,
      );
    }
  }
  const concat = (pick: (r: WorkerResult) => Float64Array) => {
    const parts = results.map(pick);
    const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };

  // ---- replicas: every client of a session must hold the same state ----
  const bySession = new Map<number, ReplicaDigest[]>();
  for (const r of results)
    for (const d of r.replicas) bySession.set(d.session, [...(bySession.get(d.session) ?? []), d]);
  const problems: string[] = [];
  for (const [s, ds] of bySession) {
    const ref = ds[0];
    const differing = ds.filter((d) => d.sv !== ref.sv || d.json !== ref.json || d.state !== ref.state).length;
    const incomplete = ds.filter((d) => !d.complete).length;
    if (differing || incomplete) problems.push(`session ${s}: ${differing} replicas differ, ${incomplete} incomplete`);
  }

  const wire = results.map((r) => r.wire).reduce(addWire);
  let durableWrites = 0;
  for (let s = 0; s < config.sessions; s++)
    durableWrites += new Set(results.flatMap((r) => r.durableStates[s] ?? [])).size;
  const windowS = (tEnd - tStart) / 1000;
  const sent = totalEdits - [...sentAt].filter(Number.isNaN).length;
  const clientCpuS = (client1.user + client1.system) / 1e6;
  const workerElu = results.map((r) => r.elu);
  const scheduleLagP99 = summarize(concat((r) => r.scheduleLag)).p99;
  // Saturation signals. A client thread that is busy most of the time queues incoming updates, so the
  // latency is then the load generator's, not the server's; a single-threaded server that is busy most
  // of the time queues them too; and with every core busy, everyone waits for a CPU.
  const serverCpuPct = (serverCpuS / windowS) * 100;
  const machineBusyPct = ((machine1.busy - machine0.busy) / (machine1.total - machine0.total)) * 100;
  const signals: string[] = [];
  if (Math.max(...workerElu) >= 0.6 || scheduleLagP99 > period)
    signals.push(`clients (ELU ${fmt(Math.max(...workerElu))}, send lag p99 ${fmt(scheduleLagP99, 0)} ms)`);
  if (serverCpuPct >= 70) signals.push(`server (${fmt(serverCpuPct, 0)}% of a core)`);
  if (machineBusyPct >= 90) signals.push(`machine (${fmt(machineBusyPct, 0)}% of all cores busy)`);
  const limitedBy = signals.join(", ") || "none";
  const report: Report = {
    name: target.name,
    connectMs,
    windowS,
    editsSent: sent,
    editsPerS: sent / Math.max(1e-9, (lastSent - firstSent) / 1000),
    applied: appliedBy.reduce((a, b) => a + b, 0),
    allReceivers: summarize(Float64Array.from(allLat)),
    perReceiver: summarize(concat((r) => r.receiverLatencies)),
    ack: summarize(concat((r) => r.ackLatencies)),
    scheduleLagP99,
    lostEdits: lost,
    replicasIdentical: problems.length === 0,
    replicaDetail: problems.join("; ") || "all identical",
    serverCpuS,
    serverCpuPct,
    serverRssPeakMb: rssPeak,
    clientCpuPct: (clientCpuS / windowS) * 100,
    clientUsPerApply:
      (clientCpuS * 1e6) /
      Math.max(
        1,
        appliedBy.reduce((a, b) => a + b, 0),
      ),
    workerElu,
    machineBusyPct,
    otherCores: Math.max(0, (machine1.busy - machine0.busy - serverCpuS - clientCpuS) / windowS),
    limitedBy,
    reconnects: results.reduce((n, r) => n + r.reconnects, 0),
    wire,
    wireBytesPerEdit: wire.tcp / Math.max(1, sent),
    payloadBytesPerEdit: (wire.txPayload + wire.rxPayload) / Math.max(1, sent),
    syncPayloadBytesPerEdit: (wire.byType["0"] ?? 0) / Math.max(1, sent),
    writesPerEdit: durableWrites / Math.max(1, sent),
  };
  if (target.name === "bandspace")
    report.persisted = await checkPersisted(target as BandspaceTarget, bySession, outcome === "drained");
  return report;
}

function addWire(a: WireCounters, b: WireCounters): WireCounters {
  const add = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  return {
    txPayload: a.txPayload + b.txPayload,
    rxPayload: a.rxPayload + b.rxPayload,
    byType: add(a.byType, b.byType),
    countByType: add(a.countByType, b.countByType),
    tcp: a.tcp + b.tcp,
    messagesRx: a.messagesRx + b.messagesRx,
    messagesTx: a.messagesTx + b.messagesTx,
  };
}

/**
 * Bytes stored per session (read from the database while the server still runs, after every edit was
 * acknowledged), then: kill -9 the server, start it again on the same database, and check with one
 * fresh client per session that the reloaded document holds every edit and equals the replicas.
 * If some acknowledgement never came, kill -9 may rightly lose those edits: stop gracefully instead.
 */
async function checkPersisted(target: BandspaceTarget, bySession: Map<number, ReplicaDigest[]>, allAcked: boolean) {
  const db = await openDatabase({ databaseUrl: target.db.url, dataDir: target.db.dataDir, migrate: false });
  let bytes = 0;
  let rows = 0;
  try {
    for (const room of target.rooms) {
      bytes += await db.docs.storedBytes(room);
      rows += await db.docs.pendingUpdateCount(room);
    }
  } finally {
    await db.close();
  }
  await target.halt(allAcked ? "kill9" : "graceful");
  await target.restart();
  const problems: string[] = [];
  process.setMaxListeners(target.rooms.length + 10); // each provider adds a process "exit" listener
  await Promise.all(
    target.rooms.map(async (room, s) => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(target.baseUrl(), room, doc, {
        WebSocketPolyfill: WebSocket as never,
        disableBc: true,
        params: { token: target.viewTokens[s] },
      });
      (provider.messageHandlers as unknown as Array<() => void>)[2] = () => {}; // read-only notice
      try {
        const start = Date.now();
        while (!provider.synced) {
          if (Date.now() - start > 30_000) throw new Error("no sync within 30 s");
          await new Promise((r) => setTimeout(r, 20));
        }
        const d = digestDoc(doc, config, s, -1);
        const replicas = bySession.get(s) ?? [];
        const same = (a: ReplicaDigest, b: ReplicaDigest) => a.sv === b.sv && a.json === b.json && a.state === b.state;
        if (!d.complete) problems.push(`session ${s}: reloaded document misses edits`);
        // Compared only when the replicas agree among themselves (otherwise that is reported already).
        else if (replicas.every((r) => same(r, replicas[0])) && !same(d, replicas[0]))
          problems.push(`session ${s}: reloaded document differs from the replicas`);
      } catch (e) {
        problems.push(`session ${s}: ${String(e)}`);
      } finally {
        provider.destroy();
        doc.destroy();
      }
    }),
  );
  return {
    ok: problems.length === 0,
    bytesPerSession: bytes / target.rooms.length,
    rowsPerSession: rows / target.rooms.length,
    detail: problems.join("; ") || `every edit survived ${allAcked ? "kill -9" : "a graceful restart"} and reload`,
    afterKill9: allAcked,
  };
}

// ---- output -------------------------------------------------------------------------------------

function table(reports: Report[]) {
  const rows: Array<[string, (r: Report) => string]> = [
    [
      "edit → all other clients applied p50 / p95 / p99 / max (ms)",
      (r) =>
        `${fmt(r.allReceivers.p50)} / ${fmt(r.allReceivers.p95)} / ${fmt(r.allReceivers.p99)} / ${fmt(r.allReceivers.max, 1)}`,
    ],
    [
      "edit → one receiver applied p50 / p95 / p99 (ms)",
      (r) => `${fmt(r.perReceiver.p50)} / ${fmt(r.perReceiver.p95)} / ${fmt(r.perReceiver.p99)}`,
    ],
    [
      "edit → acknowledged durable p50 / p95 / p99 (ms)",
      (r) => (r.ack.n ? `${fmt(r.ack.p50)} / ${fmt(r.ack.p95)} / ${fmt(r.ack.p99)}` : "n/a"),
    ],
    ["edits made (edits/s achieved)", (r) => `${r.editsSent} (${fmt(r.editsPerS, 0)}/s)`],
    [
      "lost edits / replicas identical",
      (r) => `${r.lostEdits} / ${r.replicasIdentical ? "yes" : "NO: " + r.replicaDetail}`,
    ],
    ["server CPU s (% of one core)", (r) => `${fmt(r.serverCpuS, 1)} (${fmt(r.serverCpuPct, 0)}%)`],
    ["server RSS peak (MB)", (r) => fmt(r.serverRssPeakMb, 0)],
    [
      "clients CPU (% of one core) / µs per update applied / worker ELU",
      (r) => `${fmt(r.clientCpuPct, 0)}% / ${fmt(r.clientUsPerApply, 1)} / ${r.workerElu.map((e) => fmt(e)).join(" ")}`,
    ],
    [
      `machine CPU busy (of ${os.availableParallelism()} cores) / other processes`,
      (r) => `${fmt(r.machineBusyPct, 0)}% / ${fmt(r.otherCores, 2)} cores`,
    ],
    ["limited by (saturation signals)", (r) => r.limitedBy],
    ["client send lag p99 (ms) / reconnects", (r) => `${fmt(r.scheduleLagP99)} / ${r.reconnects}`],
    [
      "wire bytes per edit: TCP / WS payload / sync payload",
      (r) => `${fmt(r.wireBytesPerEdit, 0)} / ${fmt(r.payloadBytesPerEdit, 0)} / ${fmt(r.syncPayloadBytesPerEdit, 0)}`,
    ],
    // 1.0 means every edit was stored by a write of its own; lower means the server batched.
    [
      "DB writes per edit (distinct durable states acked) / acks per edit",
      (r) =>
        r.persisted
          ? `${fmt(r.writesPerEdit)} / ${fmt((r.wire.countByType["100"] ?? 0) / Math.max(1, r.editsSent))}`
          : "n/a",
    ],
    [
      "persisted bytes per session (update rows left)",
      (r) =>
        r.persisted ? `${r.persisted.bytesPerSession.toFixed(0)} (${r.persisted.rowsPerSession.toFixed(0)})` : "n/a",
    ],
    [
      "persisted state after restart + reload",
      (r) =>
        r.persisted
          ? r.persisted.ok
            ? `complete (${r.persisted.afterKill9 ? "kill -9" : "graceful stop"})`
            : "NO: " + r.persisted.detail
          : "n/a",
    ],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const cols = reports.map((r) => Math.max(r.name.length, ...rows.map(([, f]) => f(r).length)));
  log(["".padEnd(w0), ...reports.map((r, i) => r.name.padEnd(cols[i]))].join(" | "));
  log(["".padEnd(w0, "-"), ...cols.map((c) => "".padEnd(c, "-"))].join("-|-"));
  for (const [label, f] of rows) log([label.padEnd(w0), ...reports.map((r, i) => f(r).padEnd(cols[i]))].join(" | "));
}

// ---- main ---------------------------------------------------------------------------------------

log(
  `bench:sync — ${config.sessions} sessions × (${config.editors} editors + ${config.viewers} viewers) = ${config.sessions * perSession} clients; ` +
    `${config.edits} edits per editor at ${config.rate}/s (${config.sessions * config.editors * config.rate} edits/s in all, ~${fmt(config.edits / config.rate, 0)} s); ` +
    `warm-up ${config.warmup} edits per editor; ${config.workers} client workers; Bandspace on ${backend}`,
);
const reports: Report[] = [];
for (const name of targets) {
  const target = name === "bare" ? await startBare(config) : await startBandspace(config);
  try {
    reports.push(await runTarget(target));
  } catch (e) {
    log(
      `[${name}] failed: ${e instanceof Error ? e.stack : String(e)}\n--- server output ---\n${target.output().slice(-4000)}`,
    );
    process.exitCode = 1;
  } finally {
    await target.stop();
  }
  const r = reports.at(-1);
  if (r?.name === name) {
    log();
    table([r]);
    log();
  }
}

log("Summary (headline: time from an edit until every other client of its session applied it; warm-up excluded)");
table(reports);

const bare = reports.find((r) => r.name === "bare");
const band = reports.find((r) => r.name === "bandspace");
const main = band ?? bare!;
const ratio = band && bare ? band.allReceivers.p95 / bare.allReceivers.p95 : NaN;
const round = (n: number, d = 3) => (Number.isFinite(n) ? Number(n.toFixed(d)) : null);
const correct =
  reports.every((r) => r.lostEdits === 0 && r.replicasIdentical && (r.persisted?.ok ?? true)) &&
  reports.length === targets.length;
if (!correct) process.exitCode = 1;
const json = {
  p50_ms: round(main.allReceivers.p50),
  p95_ms: round(main.allReceivers.p95),
  p99_ms: round(main.allReceivers.p99),
  max_ms: round(main.allReceivers.max),
  bare_p50_ms: round(bare?.allReceivers.p50 ?? NaN),
  bare_p95_ms: round(bare?.allReceivers.p95 ?? NaN),
  bare_p99_ms: round(bare?.allReceivers.p99 ?? NaN),
  ratio_vs_bare_p95: round(ratio),
  per_receiver_p50_ms: round(main.perReceiver.p50),
  per_receiver_p95_ms: round(main.perReceiver.p95),
  per_receiver_p99_ms: round(main.perReceiver.p99),
  bare_per_receiver_p95_ms: round(bare?.perReceiver.p95 ?? NaN),
  ack_p50_ms: round(band?.ack.p50 ?? NaN),
  ack_p95_ms: round(band?.ack.p95 ?? NaN),
  ack_p99_ms: round(band?.ack.p99 ?? NaN),
  lost_edits: main.lostEdits,
  bare_lost_edits: bare?.lostEdits ?? null,
  replicas_identical: main.replicasIdentical,
  bare_replicas_identical: bare?.replicasIdentical ?? null,
  persisted_complete: band?.persisted?.ok ?? null,
  persisted_checked_after_kill9: band?.persisted?.afterKill9 ?? null,
  server_cpu_s: round(main.serverCpuS, 2),
  server_cpu_pct: round(main.serverCpuPct, 1),
  server_rss_peak_mb: round(main.serverRssPeakMb, 1),
  bare_server_cpu_s: round(bare?.serverCpuS ?? NaN, 2),
  bare_server_cpu_pct: round(bare?.serverCpuPct ?? NaN, 1),
  bare_server_rss_peak_mb: round(bare?.serverRssPeakMb ?? NaN, 1),
  persisted_bytes_per_session: band?.persisted ? Math.round(band.persisted.bytesPerSession) : null,
  db_writes_per_edit: band ? round(band.writesPerEdit) : null,
  wire_bytes_per_edit: round(main.wireBytesPerEdit, 1),
  bare_wire_bytes_per_edit: round(bare?.wireBytesPerEdit ?? NaN, 1),
  edits_per_s: round(main.editsPerS, 1),
  bare_edits_per_s: round(bare?.editsPerS ?? NaN, 1),
  client_cpu_pct: round(main.clientCpuPct, 1),
  client_worker_elu_max: round(Math.max(...main.workerElu), 2),
  limited_by: main.limitedBy,
  bare_limited_by: bare?.limitedBy ?? null,
  machine_busy_pct: round(main.machineBusyPct, 1),
  other_processes_cores: round(main.otherCores, 2),
  bare_client_cpu_pct: round(bare?.clientCpuPct ?? NaN, 1),
  reconnects: main.reconnects,
  goals:
    band && bare
      ? {
          p95_under_10ms: band.allReceivers.p95 < 10,
          p99_under_20ms: band.allReceivers.p99 < 20,
          p95_within_1_3x_bare: ratio <= 1.3,
          nothing_lost: band.lostEdits === 0,
          replicas_identical: band.replicasIdentical,
        }
      : null,
  config: { ...config, backend, targets, clients: config.sessions * perSession, total_edits: totalEdits },
};
log(JSON.stringify(json));
// Stray handles (a provider's reconnect timer, the pg pool's idle timer) must not keep the process alive.
process.exit();
