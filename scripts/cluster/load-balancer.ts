import http from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import { SocketIoStickiness } from "./sticky-sessions";

/**
 * A small load balancer for the two-node demo and the tests (nothing to install; nginx or any balancer with
 * WebSocket support and sticky socket.io sessions does the same in production):
 *
 * - new HTTP requests and WebSocket upgrades go round-robin to the backends that are up;
 * - a backend is up while its /readyz answers 200 (polled every `healthIntervalMs`); one that refuses a
 *   connection is taken out at once, and a request without a body is retried on the next backend;
 * - socket.io's long-polling requests (and the upgrade that follows them) carry the engine.io session id
 *   `sid`: they go to the backend that issued it (learnt from its handshake answer), since the other nodes do
 *   not know that session.
 */
export interface LoadBalancerOptions {
  /** Backend base URLs, e.g. http://127.0.0.1:4001. */
  backends: string[];
  port?: number;
  host?: string;
  healthIntervalMs?: number;
}

export interface BackendState {
  url: string;
  up: boolean;
  /** HTTP requests and upgrades forwarded there. */
  requests: number;
  upgrades: number;
  /** Upgraded (WebSocket) connections to it open now: a client that retried an upgrade counts once here. */
  openUpgrades: number;
}

export interface LoadBalancer {
  url: string;
  port: number;
  backends: () => BackendState[];
  close: () => Promise<void>;
}

interface Backend extends BackendState {
  host: string;
  port: number;
  agent: http.Agent;
}

const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"];

export async function startLoadBalancer(opts: LoadBalancerOptions): Promise<LoadBalancer> {
  const backends: Backend[] = opts.backends.map((u) => {
    const url = new URL(u);
    return {
      url: url.origin,
      host: url.hostname,
      port: Number(url.port),
      up: true,
      requests: 0,
      upgrades: 0,
      openUpgrades: 0,
      agent: new http.Agent({ keepAlive: true, maxSockets: 256 }),
    };
  });
  const sticky = new SocketIoStickiness();
  let next = 0;

  /** The next backend that is up, round-robin; every backend in turn when none is known to be up. */
  function pick(exclude: ReadonlySet<Backend>): Backend | null {
    const candidates = backends.filter((b) => !exclude.has(b));
    const up = candidates.filter((b) => b.up);
    const pool = up.length > 0 ? up : candidates;
    if (pool.length === 0) return null;
    const b = pool[next % pool.length];
    next = (next + 1) % 1_000_000;
    return b;
  }

  function choose(reqUrl: string, tried: ReadonlySet<Backend>): Backend | null {
    const pinned = sticky.backendFor(reqUrl);
    if (pinned !== undefined) {
      const b = backends.find((x) => x.url === pinned);
      // A session on a node that is gone is unknown everywhere else: send it anywhere, the node answers
      // "unknown session" and the client starts a new one.
      if (b && b.up && !tried.has(b)) return b;
    }
    return pick(tried);
  }

  function forwardedHeaders(req: http.IncomingMessage): http.OutgoingHttpHeaders {
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    for (const h of HOP_BY_HOP) delete headers[h];
    const client = req.socket.remoteAddress ?? "";
    const earlier = [req.headers["x-forwarded-for"] ?? []].flat();
    headers["x-forwarded-for"] = [...earlier, client].join(", ");
    headers["x-forwarded-proto"] = "http";
    headers["x-forwarded-host"] = req.headers.host ?? "";
    // The handshake answer is read for its sid: keep it uncompressed (it is a few hundred bytes).
    if (sticky.isHandshake(req.url ?? "/")) delete headers["accept-encoding"];
    return headers;
  }

  function proxyRequest(req: http.IncomingMessage, res: http.ServerResponse, tried: Set<Backend>): void {
    const backend = choose(req.url ?? "/", tried);
    if (!backend) {
      res.writeHead(503, { "content-type": "text/plain" }).end("No Bandspace node is available.\n");
      return;
    }
    tried.add(backend);
    backend.requests++;
    const upstream = http.request({
      host: backend.host,
      port: backend.port,
      method: req.method,
      path: req.url,
      headers: forwardedHeaders(req),
      agent: backend.agent,
    });
    upstream.on("response", (up) => {
      const headers = { ...up.headers };
      for (const h of HOP_BY_HOP) delete headers[h];
      res.writeHead(up.statusCode ?? 502, headers);
      if (sticky.isHandshake(req.url ?? "/")) sticky.learn(up, backend.url);
      up.pipe(res);
      up.on("error", () => res.destroy());
    });
    upstream.on("error", (err: NodeJS.ErrnoException) => {
      if (res.headersSent) return void res.destroy();
      if (err.code === "ECONNREFUSED") backend.up = false;
      // Nothing of a bodiless request was consumed: another node can answer it.
      const retryable = (req.method === "GET" || req.method === "HEAD") && tried.size < backends.length;
      if (retryable && (err.code === "ECONNREFUSED" || err.code === "ECONNRESET")) {
        proxyRequest(req, res, tried);
        return;
      }
      res.writeHead(502, { "content-type": "text/plain" }).end("The Bandspace node did not answer.\n");
    });
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  function proxyUpgrade(req: http.IncomingMessage, client: Duplex, head: Buffer, tried: Set<Backend>): void {
    const backend = choose(req.url ?? "/", tried);
    if (!backend) {
      client.end("HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\n\r\n");
      return;
    }
    tried.add(backend);
    const upstream = net.connect(backend.port, backend.host);
    const onConnectError = (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNREFUSED") backend.up = false;
      // Nothing was sent yet: another node can take this connection.
      if (tried.size < backends.length) proxyUpgrade(req, client, head, tried);
      else client.end("HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\n\r\n");
    };
    upstream.once("error", onConnectError);
    upstream.once("connect", () => {
      upstream.off("error", onConnectError);
      backend.upgrades++;
      backend.openUpgrades++;
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      const raw = req.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) {
        if (!/^x-forwarded-/i.test(raw[i])) lines.push(`${raw[i]}: ${raw[i + 1]}`);
      }
      lines.push(`X-Forwarded-For: ${req.socket.remoteAddress ?? ""}`, "X-Forwarded-Proto: http");
      upstream.write(lines.join("\r\n") + "\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
      let open = true;
      const end = () => {
        if (open) backend.openUpgrades--;
        open = false;
        upstream.destroy();
        client.destroy();
      };
      upstream.on("error", end);
      client.on("error", end);
      upstream.on("close", end);
      client.on("close", end);
    });
  }

  const server = http.createServer((req, res) => proxyRequest(req, res, new Set()));
  // Upgraded (WebSocket) connections are no longer the HTTP server's to close, but its close() waits for them:
  // kept here so close() ends them too (an open browser tab must not keep the balancer from stopping).
  const upgraded = new Set<Duplex>();
  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    upgraded.add(socket);
    socket.once("close", () => upgraded.delete(socket));
    proxyUpgrade(req, socket, head, new Set());
  });
  server.keepAliveTimeout = 65_000;

  const interval = opts.healthIntervalMs ?? 1000;
  const probe = async () => {
    await Promise.all(
      backends.map(async (b) => {
        try {
          const res = await fetch(`${b.url}/readyz`, { signal: AbortSignal.timeout(Math.max(interval, 500)) });
          await res.body?.cancel();
          b.up = res.status === 200;
        } catch {
          b.up = false;
        }
      }),
    );
  };
  await probe();
  const timer = setInterval(() => void probe(), interval);
  timer.unref();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://${opts.host ?? "127.0.0.1"}:${port}`,
    port,
    backends: () =>
      backends.map(({ url, up, requests, upgrades, openUpgrades }) => ({
        url,
        up,
        requests,
        upgrades,
        openUpgrades,
      })),
    close: async () => {
      clearInterval(timer);
      sticky.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of upgraded) socket.destroy();
      for (const b of backends) b.agent.destroy();
      await closed;
    },
  };
}
