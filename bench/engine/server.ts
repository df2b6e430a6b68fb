/** The production server as playwright.config.ts starts it (build if stale, fresh SQLite data dir), on its own port. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../tests/helpers/server-process";

const root = path.resolve(import.meta.dirname, "../..");

export interface ProductionServer {
  url: string;
  child: ChildProcess;
  stop: () => Promise<void>;
}

export async function startProductionServer(log: (line: string) => void): Promise<ProductionServer> {
  const build = spawnSync(process.execPath, ["scripts/ensure-build.mjs"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) throw new Error("the front-end build failed (see above)");
  const port = Number(process.env.BENCH_PORT ?? 0) || (await freePort());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-engine-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    BANDSPACE_DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete env.DATABASE_URL;
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
      const res = await fetch(`${url}/`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - start > 60_000) {
      child.kill("SIGKILL");
      throw new Error(`server did not start within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`server ready at ${url} in ${Date.now() - start} ms`);
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
