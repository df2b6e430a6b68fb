import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Local stand-ins for a deployment's services, as child processes: s3rver (an S3-compatible server from npm)
 * and, for tests that need to stop Redis, a private redis-server. Used by `npm run cluster`, the tests and the
 * scale benchmark.
 */
export interface LocalService {
  url: string;
  child: ChildProcess;
  /** SIGTERM and wait for the exit. */
  stop: () => Promise<void>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

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

/** Resolves once something accepts TCP connections on 127.0.0.1:port (or rejects after timeoutMs). */
export async function waitForPort(port: number, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before listening on ${port}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => (s.destroy(), resolve(true)));
      s.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() - start > timeoutMs) throw new Error(`nothing listened on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stopper(child: ChildProcess): () => Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
}

/** s3rver on 127.0.0.1:port with its files under `directory` and `bucket` created (credentials S3RVER/S3RVER). */
export async function startS3rver(opts: { directory: string; port?: number; bucket: string }): Promise<LocalService> {
  await fs.mkdir(opts.directory, { recursive: true });
  const port = opts.port ?? (await freePort());
  const bin = path.join(repoRoot, "node_modules/s3rver/bin/s3rver.js");
  const args = [bin, "-d", opts.directory, "-a", "127.0.0.1", "-p", String(port), "--silent"];
  const child = spawn(process.execPath, [...args, "--configure-bucket", opts.bucket], { stdio: "ignore" });
  await waitForPort(port, child);
  return { url: `http://127.0.0.1:${port}`, child, stop: stopper(child) };
}

/** A private, memory-only redis-server on 127.0.0.1:port (tests stop it to see Redis fail). */
export async function startRedisServer(port?: number): Promise<LocalService> {
  const p = port ?? (await freePort());
  const child = spawn(
    "redis-server",
    ["--port", String(p), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  await waitForPort(p, child);
  return { url: `redis://127.0.0.1:${p}`, child, stop: stopper(child) };
}
