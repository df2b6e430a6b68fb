import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

/** The server as its own OS process, so tests can restart it or `kill -9` it. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for exit (graceful: flushes documents). */
  stop: () => Promise<void>;
  /** SIGKILL: no chance to flush anything. */
  kill9: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function spawnServer(opts: {
  dataDir: string;
  databaseUrl?: string;
  port?: number;
  startTimeoutMs?: number;
  /** More environment (REDIS_URL, S3_*, BANDSPACE_NODE_ID…). */
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const port = opts.port ?? (await freePort());
  const root = path.resolve(import.meta.dirname, "../..");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    BANDSPACE_DATA_DIR: opts.dataDir,
    BANDSPACE_NO_NEXT: "1",
    ...opts.env,
  };
  delete env.VITEST;
  delete env.DATABASE_URL;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const start = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited during start:\n${out}`);
    try {
      await fetch(`${url}/api/nothing`);
      break;
    } catch {
      if (Date.now() - start > (opts.startTimeoutMs ?? 90_000)) {
        child.kill("SIGKILL");
        throw new Error(`server did not start within ${(opts.startTimeoutMs ?? 90_000) / 1000} s:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    child,
    output: () => out,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
    kill9: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
}
