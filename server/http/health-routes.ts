import type { ReadinessMonitor } from "../health/readiness";
import { sendJson } from "./json";
import type { Route } from "./router";

/** Paths outside /api that the route table answers (probes of load balancers and orchestrators). */
export const HEALTH_PATHS: ReadonlySet<string> = new Set(["/healthz", "/readyz"]);

/**
 * `/healthz`: alive — 200 as long as this process serves HTTP (a restart is the only cure when it does not).
 * `/readyz`: ready — 200 when the database, Redis and storage answer, 503 naming the failing check, and 503
 * "draining" from the moment a shutdown starts, so the balancer sends nothing new here. Public and free of
 * secrets: they say which dependency fails, not how it is reached.
 */
export function healthRoutes(readiness: ReadinessMonitor, node: string): Route[] {
  return [
    {
      path: "/healthz",
      methods: ["GET", "HEAD"],
      access: "public",
      handle: async ({ res }) => {
        sendJson(res, 200, { status: "alive", node, draining: readiness.draining });
        await Promise.resolve();
      },
    },
    {
      path: "/readyz",
      methods: ["GET", "HEAD"],
      access: "public",
      handle: async ({ res }) => {
        const r = await readiness.check();
        sendJson(res, r.ready ? 200 : 503, r);
      },
    },
  ];
}
