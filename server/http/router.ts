import type { IncomingMessage, ServerResponse } from "node:http";
import { BandspaceError, SessionId, type Role } from "@bandspace/protocol";
import type { Principal } from "../auth/authenticate";

export type Method = "GET" | "HEAD" | "POST" | "PATCH" | "DELETE";

/** What every handler gets: the request, its response, and the path's `:name` segments. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: Method;
  url: URL;
  params: Readonly<Record<string, string>>;
}

/** A route under /api/sessions/:sessionId, once the caller has been authenticated for that session. */
export interface SessionRouteContext extends RouteContext {
  sessionId: string;
  principal: Principal;
}

/**
 * Who may call a session route: a `member` sends `Authorization: Bearer` (and the member secret header); a
 * `listener` may send the token as `?token=` instead (an <audio> element cannot set headers).
 */
export type SessionAccess = "member" | "listener";

/** A role rule, checked after authentication; the refusal is ROLE_FORBIDDEN with this message. */
export interface RoleRule {
  allowed: (role: Role) => boolean;
  refusal: string;
}

interface RouteBase {
  methods: readonly Method[];
  /** `/api/…` with `:name` for a variable segment; a literal segment wins over a variable one. */
  path: string;
}
export interface PublicRoute extends RouteBase {
  access: "public";
  handle: (ctx: RouteContext) => Promise<void>;
}
export interface SessionRoute extends RouteBase {
  access: SessionAccess;
  role?: RoleRule;
  handle: (ctx: SessionRouteContext) => Promise<void>;
}
export type Route = PublicRoute | SessionRoute;

/** How the router authenticates session routes (server/http/api.ts supplies it). */
export type Authenticate = (
  req: IncomingMessage,
  url: URL,
  sessionId: string,
  access: SessionAccess,
) => Promise<Principal>;

interface CompiledPattern {
  path: string;
  segments: string[];
  /** Literal segments count more, so `/members/me` is chosen over `/members/:memberId`. */
  specificity: number;
  routes: Route[];
}

function match(pattern: CompiledPattern, parts: string[]): Record<string, string> | null {
  if (pattern.segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const seg = pattern.segments[i];
    if (seg.startsWith(":")) params[seg.slice(1)] = parts[i];
    else if (seg !== parts[i]) return null;
  }
  return params;
}

/** Session ids are checked before authentication: a malformed one names no session at all. */
function parseSessionId(raw: string | undefined): string {
  const parsed = SessionId.safeParse(raw);
  if (!parsed.success) throw new BandspaceError("SESSION_NOT_FOUND", "There is no session at this address.");
  return parsed.data;
}

/**
 * Routes requests by a table rather than by hand: the most specific path that matches, then the method (an
 * unsupported one is BAD_REQUEST), then, for session routes, the session id, authentication and the role rule.
 * Everything a handler throws as a BandspaceError becomes the error body with its status (server/http/api.ts).
 */
export function createRouter(routes: readonly Route[], authenticate: Authenticate) {
  const patterns = new Map<string, CompiledPattern>();
  for (const route of routes) {
    const segments = route.path.split("/").filter(Boolean);
    const pattern = patterns.get(route.path) ?? {
      path: route.path,
      segments,
      specificity: segments.filter((s) => !s.startsWith(":")).length,
      routes: [],
    };
    if (pattern.routes.some((r) => r.methods.some((m) => route.methods.includes(m)))) {
      throw new Error(`Two routes answer the same method at ${route.path}`);
    }
    pattern.routes.push(route);
    patterns.set(route.path, pattern);
  }
  const bySpecificity = [...patterns.values()].sort((a, b) => b.specificity - a.specificity);

  /** Resolves true when a route answered, false when no route has this path. */
  return async function dispatch(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const parts = url.pathname.split("/").filter(Boolean);
    let found: { pattern: CompiledPattern; params: Record<string, string> } | null = null;
    for (const pattern of bySpecificity) {
      const params = match(pattern, parts);
      if (params) {
        found = { pattern, params };
        break;
      }
    }
    if (!found) return false;
    const requested = req.method ?? "GET";
    const route = found.pattern.routes.find((r) => (r.methods as readonly string[]).includes(requested));
    if (!route) {
      throw new BandspaceError("BAD_REQUEST", `${requested} is not supported here.`);
    }
    const ctx: RouteContext = { req, res, method: requested as Method, url, params: found.params };
    if (route.access === "public") {
      await route.handle(ctx);
      return true;
    }
    const sessionId = parseSessionId(found.params.sessionId);
    const principal = await authenticate(req, url, sessionId, route.access);
    if (route.role && !route.role.allowed(principal.role))
      throw new BandspaceError("ROLE_FORBIDDEN", route.role.refusal);
    await route.handle({ ...ctx, sessionId, principal });
    return true;
  };
}
