import type { IncomingMessage, ServerResponse } from "node:http";
import { BandspaceError, MEMBER_SECRET_HEADER } from "@bandspace/protocol";
import { authenticateToken, type Principal } from "../auth/authenticate";
import type { LiveConnections } from "../auth/live-connections";
import type { MemberRepository, SessionRepository } from "../db/types";
import { log } from "../log";
import type { ExportService } from "../exports/export-service";
import type { TakeService } from "../takes/take-service";
import type { RefusalLog } from "../yjs/refusal-log";
import type { VersionService } from "../versions/version-service";
import { exportRoutes } from "./export-routes";
import type { ReadinessMonitor } from "../health/readiness";
import { HEALTH_PATHS, healthRoutes } from "./health-routes";
import { bearerToken, sendError } from "./json";
import { memberRoutes, versionRoutes } from "./review-routes";
import { createRouter, type Authenticate, type Route } from "./router";
import { sessionRoutes } from "./session-routes";
import { takeRoutes } from "./take-routes";

export interface ApiDeps {
  sessions: SessionRepository;
  members: MemberRepository;
  versions: VersionService;
  live: LiveConnections;
  takes?: TakeService;
  exports?: ExportService;
  /** Refused writes per link (the Share dialog shows them to the owner). */
  refusals?: RefusalLog;
  /** /healthz and /readyz (server/http/health-routes.ts). */
  health?: { readiness: ReadinessMonitor; node: string };
}

/** Every route of the HTTP API, in one table (each module lists its own; see packages/protocol for the bodies). */
export function apiRoutes(deps: ApiDeps): Route[] {
  return [
    ...sessionRoutes(deps),
    ...memberRoutes(deps),
    ...versionRoutes(deps.versions),
    ...(deps.takes ? takeRoutes(deps.takes) : []),
    ...(deps.exports ? exportRoutes(deps.exports) : []),
    ...(deps.health ? healthRoutes(deps.health.readiness, deps.health.node) : []),
  ];
}

/** Bearer token (and member secret) for members; listeners may also put the token in `?token=`. */
function authenticator(deps: ApiDeps): Authenticate {
  return (req, url, sessionId, access): Promise<Principal> => {
    const token =
      bearerToken(req) ?? (access === "listener" ? (url.searchParams.get("token") ?? undefined) : undefined);
    if (!token) throw new BandspaceError("INVALID_TOKEN", "Open this session through its share link.");
    // Take audio is fetched by <audio> elements, which send no member secret: the link's role applies.
    const member = access === "member" ? req.headers[MEMBER_SECRET_HEADER] : undefined;
    return authenticateToken(deps, token, sessionId, member);
  };
}

/**
 * The HTTP API under /api. It lives in the server process rather than in Next route handlers because revoking a
 * link must close live connections, which only this process holds. Returns a request handler that resolves false
 * when the path is neither under /api/ nor a health probe.
 */
export function createApi(deps: ApiDeps): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const dispatch = createRouter(apiRoutes(deps), authenticator(deps));
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (!url.pathname.startsWith("/api/") && !HEALTH_PATHS.has(url.pathname)) return false;
    try {
      if (!(await dispatch(req, res, url))) throw new BandspaceError("NOT_FOUND", "There is no such API route.");
    } catch (err) {
      if (err instanceof BandspaceError) sendError(res, err.toPayload());
      else {
        const method = req.method ?? "GET";
        log.error("api request failed", { method, path: url.pathname, err: String(err), stack: (err as Error)?.stack });
        sendError(res, { code: "INTERNAL", message: "Something went wrong on the server. Try again." });
      }
    }
    return true;
  };
}
