import { ConfigError, configFromEnv, type ServerConfig } from "./config";
import { log } from "./log";
import { startBandspaceServer } from "./app";

/** Entry point: `npm start` / `npm run dev`. Wiring only; see app.ts. */
let config: ServerConfig;
try {
  config = configFromEnv();
} catch (err) {
  // One clear message naming each variable, and no stack trace: the operator fixes the environment.
  log.error(err instanceof ConfigError ? err.message : `Configuration error: ${String(err)}`);
  process.exit(2);
}
for (const warning of config.warnings ?? []) log.warn(warning);
// A promise that rejects with nobody listening (e.g. a Redis publish inside the socket.io adapter while Redis is
// down) is logged, not allowed to end the process: the node keeps serving what it can and /readyz reports Redis.
process.on("unhandledRejection", (reason) => {
  log.error("unhandled rejection", {
    err: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason),
  });
});
try {
  const server = await startBandspaceServer(config);
  log.info(`Bandspace is running at ${server.url}`, {
    database: server.db.provider,
    dataDir: config.dataDir,
    node: config.nodeId,
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: draining (clients reconnect elsewhere), storing documents, shutting down`);
    // A drain that hangs (a database that stopped answering) must not keep the node from exiting.
    const grace = setTimeout(() => {
      log.error(`shutdown took longer than ${config.shutdownGraceMs ?? 25_000} ms; exiting anyway`);
      process.exit(1);
    }, config.shutdownGraceMs ?? 25_000);
    grace.unref();
    server.close().then(
      () => {
        log.info("shut down cleanly");
        process.exit(0);
      },
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
