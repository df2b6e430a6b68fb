/**
 * The two servers under test, each in its own OS process so its CPU and memory can be read from
 * /proc without the clients' load mixed in:
 *  - "bare": y-websocket 2.1.0's reference relay (bin/server.cjs): in memory, no auth, no persistence;
 *  - "bandspace": the real server (server/index.ts) on a scratch database (SQLite, or PostgreSQL when
 *    DATABASE_URL is set), reached through share links like a browser would.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "../../tests/helpers/server-process";
import { testDatabase, type TestDatabase } from "../../tests/helpers/database";
import type { BenchConfig, ClientPlan } from "./common";

const root = path.resolve(import.meta.dirname, "../..");

export interface Target {
  name: "bare" | "bandspace";
  pid: number;
  /** Every client of the run; clients[k] for k = session * (editors + viewers) + index. */
  clients: ClientPlan[];
  /** Room name of each session, as the server stores it. */
  rooms: string[];
  expectAcks: boolean;
  output: () => string;
  stop: () => Promise<void>;
}

// ---- /proc sampling -------------------------------------------------------------------------------

const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Reads a /proc file of the server; NaN figures instead of a crash when the server died mid-run. */
const procFile = (pid: number, file: string) => {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return "";
  }
};

/** utime + stime of the whole process (all its threads), seconds. */
export function cpuSeconds(pid: number): number {
  const stat = procFile(pid, "stat");
  // The command name (field 2) may contain spaces; fields after the closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Busy and total CPU time of the whole machine (all cores), seconds: to see load from other processes. */
export function machineCpu(): { busy: number; total: number } {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const total = line.slice(0, 8).reduce((a, b) => a + b, 0); // user…steal; guest time is already in user
  const idle = line[3] + line[4]; // idle + iowait
  return { busy: (total - idle) / CLK_TCK, total: total / CLK_TCK };
}

/** Resident set size (VmRSS), MB; NaN when the process is gone. */
export function rssMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+)/m.exec(procFile(pid, "status"))?.[1];
  return kb === undefined ? NaN : Number(kb) / 1024;
}

/**
 * Extra Node arguments for both servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
 * (--cpu-prof is not allowed in NODE_OPTIONS, hence our own spawn instead of tests/helpers' spawnServer).
 */
const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);

// ---- bare reference relay -------------------------------------------------------------------------

export async function startBare(config: BenchConfig): Promise<Target> {
  const port = await freePort();
  const script = path.join(root, "node_modules/y-websocket-reference/bin/server.cjs");
  // The relay has no signal handler; exit normally on SIGTERM so that --cpu-prof can write its profile.
  const boot = `process.on("SIGTERM", () => process.exit(0)); require(${JSON.stringify(script)});`;
  const child = spawn(process.execPath, [...serverNodeArgs, "-e", boot], {
    cwd: root,
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = collect(child);
  await waitForHttp(`http://127.0.0.1:${port}/`, child, out);
  const rooms = Array.from({ length: config.sessions }, (_, s) => `bench-${s}/song`);
  return {
    name: "bare",
    pid: child.pid!,
    clients: plans(config, rooms, () => ({ url: `ws://127.0.0.1:${port}` })),
    rooms,
    expectAcks: false,
    output: out,
    stop: () => stopChild(child, "SIGTERM"),
  };
}

// ---- Bandspace ------------------------------------------------------------------------------------

export interface BandspaceTarget extends Target {
  db: TestDatabase;
  /** Ends the server: kill -9 (only what it acknowledged as durable may survive) or SIGTERM (it flushes first). */
  halt: (mode: "kill9" | "graceful") => Promise<void>;
  /** Starts it again on the same database. */
  restart: () => Promise<void>;
  /** A read-only token per session, for the fresh clients that check what was persisted. */
  viewTokens: string[];
  baseUrl: () => string;
}

/** Another checkout's server to A/B a change under the same load (default: this one). */
const serverRoot = process.env.BENCH_SERVER_ROOT ? path.resolve(process.env.BENCH_SERVER_ROOT) : root;

/** Like tests/helpers/server-process.ts: `node --import tsx server/index.ts`, the API and Yjs without Next. */
async function spawnBandspace(db: TestDatabase): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    BANDSPACE_DATA_DIR: db.dataDir,
    BANDSPACE_NO_NEXT: "1",
    DATABASE_URL: db.url,
  };
  const child = spawn(process.execPath, [...serverNodeArgs, "--import", "tsx", "server/index.ts"], {
    cwd: serverRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = collect(child);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/nothing`, child, output);
  return { child, url, output };
}

export async function startBandspace(config: BenchConfig): Promise<BandspaceTarget> {
  const db = await testDatabase(); // fresh SQLite file or scratch PostgreSQL database, migrated
  let server = await spawnBandspace(db);
  const api = async <T>(method: string, url: string, body: unknown, token?: string): Promise<T> => {
    const res = await fetch(server.url + url, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  // One edit link and one view link per session, shared by its editors / viewers like a pasted link.
  const sessions: Array<{ id: string; edit: string; view: string }> = [];
  for (let s = 0; s < config.sessions; s++) {
    const { sessionId, ownerToken } = await api<{ sessionId: string; ownerToken: string }>("POST", "/api/sessions", {
      name: `bench ${s}`,
    });
    const edit = await api<{ token: string }>("POST", `/api/sessions/${sessionId}/links`, { role: "edit" }, ownerToken);
    const view = await api<{ token: string }>("POST", `/api/sessions/${sessionId}/links`, { role: "view" }, ownerToken);
    sessions.push({ id: sessionId, edit: edit.token, view: view.token });
  }
  const rooms = sessions.map((s) => `${s.id}/song`);
  const wsUrl = () => server.url.replace(/^http/, "ws") + "/yjs";
  return {
    name: "bandspace",
    get pid() {
      return server.child.pid!;
    },
    clients: plans(config, rooms, (s, index) => ({
      url: wsUrl(),
      token: index < config.editors ? sessions[s].edit : sessions[s].view,
    })),
    rooms,
    expectAcks: true,
    viewTokens: sessions.map((s) => s.view),
    db,
    baseUrl: wsUrl,
    output: () => server.output(),
    halt: async (mode) => {
      // With a CPU profile requested, stop gracefully: Node writes the profile only on a normal exit.
      await stopChild(server.child, mode === "kill9" && !serverNodeArgs.length ? "SIGKILL" : "SIGTERM");
    },
    restart: async () => {
      server = await spawnBandspace(db);
    },
    stop: async () => {
      await stopChild(server.child, "SIGTERM"); // graceful: flushes, compacts, writes a profile
      await db.cleanup();
    },
  };
}

// ---- helpers --------------------------------------------------------------------------------------

function plans(
  config: BenchConfig,
  rooms: string[],
  at: (session: number, index: number) => { url: string; token?: string },
): ClientPlan[] {
  const out: ClientPlan[] = [];
  for (let s = 0; s < config.sessions; s++) {
    for (let index = 0; index < config.editors + config.viewers; index++)
      out.push({ session: s, index, room: rooms[s], ...at(s, index) });
  }
  return out;
}

function collect(child: ChildProcess): () => string {
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return () => out;
}

async function waitForHttp(url: string, child: ChildProcess, out: () => string): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited during start:\n${out()}`);
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() - start > 30_000) {
        child.kill("SIGKILL");
        throw new Error(`server did not start within 30 s:\n${out()}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  await exited;
}
