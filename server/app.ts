import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { LiveConnections } from "./auth/live-connections";
import type { Cluster } from "./cluster/cluster";
import { createCluster } from "./cluster/create-cluster";
import type { ServerConfig } from "./config";
import { openDatabase } from "./db/open";
import type { Database } from "./db/types";
import { databaseProbe, redisProbe, storageProbe, type Probe } from "./health/probes";
import { ReadinessMonitor } from "./health/readiness";
import { createExportStore } from "./exports/create-export-store";
import { ExportService } from "./exports/export-service";
import { createApi } from "./http/api";
import { sendError } from "./http/json";
import { log } from "./log";
import { createNextFrontend, type NextFrontend } from "./next-frontend";
import { useClusterAdapter } from "./realtime/cluster-adapter";
import { createSocketServer, sessionRoom } from "./realtime/socket-server";
import { createTakeLeases } from "./takes/create-take-leases";
import { createTakeStore } from "./takes/create-take-store";
import { socketTakeRelay } from "./takes/socket-handlers";
import { TakeService } from "./takes/take-service";
import { VersionService } from "./versions/version-service";
import { RefusalLog } from "./yjs/refusal-log";
import { RoomRegistry } from "./yjs/room-registry";
import { YjsWebsocketEndpoint } from "./yjs/websocket-endpoint";

export interface BandspaceServer {
  /** http://host:port */
  url: string;
  port: number;
  db: Database;
  rooms: RoomRegistry;
  refusals: RefusalLog;
  takes: TakeService;
  versions: VersionService;
  /** The other nodes (Redis when REDIS_URL is set, else this process alone). */
  cluster: Cluster;
  exports: ExportService;
  /** /readyz's checks; draining from the moment close() starts. */
  readiness: ReadinessMonitor;
  /**
   * Graceful shutdown: readiness goes 503, the port stops accepting, clients are told to reconnect elsewhere
   * (Yjs sockets closed with 1012, socket.io transports closed), in-flight chunk writes and documents are
   * flushed, then every connection and the database are closed.
   */
  close: () => Promise<void>;
}

export interface ServerTuning {
  /** Fold stored Yjs updates into a snapshot after this many rows (default 500). */
  compactAfterRows?: number;
  /** Unload a room this long after its last member left (default 30 s). */
  idleUnloadMs?: number;
  /** Finalise a recording take after this long without chunks (default 10 min). */
  takeIdleFinaliseMs?: number;
  /** With several nodes: look for recording takes no node owns this often (default 30 s). */
  takeOrphanSweepMs?: number;
  /** Longest take in seconds (default and upper bound TAKE_MAX_SECONDS). */
  takeMaxSeconds?: number;
  /** Skip live take audio to a listener with more packets than this queued (default RELAY_MAX_QUEUED_PACKETS). */
  relayMaxQueuedPackets?: number;
  /** Autosave checkpoint this long after the first edit since the last version (default: config, 10 min). */
  checkpointIntervalMs?: number;
  /** Store an edit another node sent but did not confirm as stored after this long (default 2 s). */
  adoptAfterMs?: number;
  /** Largest saved export accepted, in bytes (default EXPORT_MAX_BYTES). */
  exportMaxBytes?: number;
}

/**
 * One process, one port: the HTTP API, the y-websocket endpoint, socket.io and (optionally) Next.js.
 * Upgrades are dispatched by path; everything else is an API route or a Next page.
 */
export async function startBandspaceServer(config: ServerConfig, tuning: ServerTuning = {}): Promise<BandspaceServer> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let cluster: Cluster;
  try {
    cluster = await createCluster(config);
  } catch (err) {
    await db.close();
    throw err;
  }
  const live = new LiveConnections();
  await live.connect(cluster.bus);
  const refusals = new RefusalLog();
  const rooms = new RoomRegistry(db.docs, {
    onRefusal: (r) => refusals.record(r),
    compactAfterRows: tuning.compactAfterRows ?? 500,
    idleUnloadMs: tuning.idleUnloadMs ?? 30_000,
    bus: cluster.bus,
    fanout: { adoptAfterMs: tuning.adoptAfterMs },
    compactionLease: (docName) => cluster.leases.acquire(`compact:${docName}`, 60_000),
  });
  const versions = new VersionService(db, rooms, {
    checkpointIntervalMs: tuning.checkpointIntervalMs ?? (config.checkpointMinutes ?? 10) * 60_000,
    leases: cluster.leases,
  });
  const auth = { sessions: db.sessions, members: db.members };
  const nodeId = config.nodeId ?? "local";
  const probes: Probe[] = [databaseProbe(db)];
  if (config.redisUrl) probes.push(redisProbe(config.redisUrl));
  if (config.s3) probes.push(storageProbe(config.s3));
  const readiness = new ReadinessMonitor(nodeId, probes);
  const yjs = new YjsWebsocketEndpoint(auth, rooms, live);
  let io: ReturnType<typeof createSocketServer> | null = null;
  // Several nodes: takes in a shared store, one owner per recording take (a Redis lease), relays through Redis.
  const takeStore = createTakeStore(config.takeStore, config.dataDir, config.takeSync, config.s3);
  const takeLeases = await createTakeLeases(config);
  const takes = new TakeService(
    takeStore,
    db.takes,
    socketTakeRelay(() => io, sessionRoom),
    {
      idleFinaliseMs: tuning.takeIdleFinaliseMs,
      maxSeconds: tuning.takeMaxSeconds,
      leases: takeLeases.leases,
      openTakes: takeLeases.openTakes,
    },
  );
  const exports = new ExportService(
    createExportStore(config.takeStore, config.dataDir, config.s3),
    db.exports,
    versions,
    { maxBytes: tuning.exportMaxBytes },
  );
  // Takes that were recording when the server stopped resume from their journals before clients return.
  await takes.recover();
  takes.startOrphanSweep(tuning.takeOrphanSweepMs ?? 30_000);

  // Pages wait for Next to be ready instead of failing while it prepares (the API and Yjs work at once).
  let frontend: NextFrontend | null = null;
  let resolveFrontend: (f: NextFrontend) => void = () => {};
  const frontendReady = config.withNext ? new Promise<NextFrontend>((resolve) => (resolveFrontend = resolve)) : null;
  const handleApi = createApi({
    sessions: db.sessions,
    members: db.members,
    versions,
    live,
    takes,
    exports,
    refusals,
    health: { readiness, node: nodeId },
  });
  const httpServer = http.createServer((req, res) => {
    void (async () => {
      if (await handleApi(req, res)) return;
      if (frontendReady) return (await frontendReady).handleRequest(req, res);
      sendError(res, { code: "NOT_FOUND", message: "This server runs without the web front end." });
    })().catch((err) => {
      log.error("request failed", { url: req.url, err: String(err) });
      if (!res.headersSent) sendError(res, { code: "INTERNAL", message: "Something went wrong on the server." });
      else res.destroy();
    });
  });

  const socketServer = createSocketServer(httpServer, auth, live, takes, tuning.relayMaxQueuedPackets);
  const closeAdapter = await useClusterAdapter(socketServer, config);
  io = socketServer;
  versions.onVersionEvent((sessionId, event) => socketServer.to(sessionRoom(sessionId)).emit("version", event));
  exports.onEvent((sessionId, event) => {
    const room = socketServer.to(sessionRoom(sessionId));
    if (event.kind === "saved") room.emit("export-saved", event.view);
    else room.emit("export-deleted", { id: event.id });
  });

  httpServer.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    if (pathname.startsWith("/yjs/")) yjs.handleUpgrade(req, socket, head);
    else if (pathname.startsWith("/_next/") && frontend) frontend.handleUpgrade(req, socket, head);
    else if (pathname.startsWith("/socket.io/"))
      return; // socket.io's own listener handles it
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;

  if (config.withNext) {
    try {
      frontend = await createNextFrontend({ dev: config.dev, hostname: host, port, dir: process.cwd() });
    } catch (err) {
      httpServer.close();
      await takes.close();
      await readiness.close();
      live.disconnect();
      await cluster.close();
      await takeLeases.close();
      await closeAdapter();
      await db.close();
      throw err;
    }
    resolveFrontend(frontend);
  }

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    db,
    rooms,
    refusals,
    takes,
    versions,
    readiness,
    cluster,
    exports,
    close: () =>
      (closing ??= (async () => {
        readiness.startDrain();
        // Close order: timers first (no autosave checkpoint starts now), then flush, then the database.
        versions.stopTimers();
        // Stop accepting: the listening socket closes now, so the balancer's next attempt goes to another node.
        const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeIdleConnections();
        // Store what the rooms hold while their clients are still connected: the acknowledgements reach them, and
        // the node they move to loads the whole document.
        await rooms.flushAll();
        // Send clients elsewhere: Yjs sockets close with 1012 (y-websocket reconnects and resends what was not
        // stored); socket.io's transports close without a "server disconnect", so its clients reconnect too and
        // the take outbox resends every chunk that was not acknowledged.
        await yjs.close();
        // io.close() ends every engine.io transport at once, but resolves only when the HTTP server has closed,
        // which waits for the connections closed below: awaited at the end.
        const ioClosed = io?.close();
        // Flush: chunk writes in flight, then what arrived since the first flush.
        await takes.close();
        // Unloading rooms may take a last autosave checkpoint, whose event goes out through the socket.io
        // adapter (Redis with several nodes): close the adapter and the leases only after that (releasing this
        // node's take leases at once, so another node adopts a recording without waiting for expiry).
        await rooms.closeAll();
        // Checkpoints, saves and restores still running finish while the database is open.
        await versions.close();
        await takeLeases.close();
        await closeAdapter();
        takeStore.close?.();
        live.disconnect();
        await cluster.close();
        await frontend?.close();
        httpServer.closeAllConnections();
        await Promise.all([stopped, ioClosed]);
        await readiness.close();
        await db.close();
      })()),
  };
}
