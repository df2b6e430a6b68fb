import { configFromEnv } from "./config";
import { log } from "./log";
import { startBandspaceServer } from "./app";

/** Entry point: `npm start` / `npm run dev`. Wiring only; see app.ts. */
const config = configFromEnv();
try {
  const server = await startBandspaceServer(config);
  log.info(`Bandspace is running at ${server.url}`, { database: server.db.provider, dataDir: config.dataDir });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: storing documents and shutting down`);
    server.close().then(
      () => process.exit(0),
      (err) => {
        log.error("shutdown failed", { err: String(err) });
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
} catch (err) {
  log.error(`Bandspace could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
