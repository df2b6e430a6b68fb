import { z } from "zod";
import {
  CreatedSession,
  ErrorBody,
  LinkInfo,
  SessionInfo,
  ShareLinkView,
  type CreateLinkBody,
  type ErrorCode,
} from "@bandspace/protocol";

/**
 * The browser's client for the Bandspace HTTP API (routes listed in packages/protocol/src/http.ts).
 * Every response body is validated with the protocol's zod schemas; every failure becomes an ApiError
 * whose message can be shown to a person as is.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | "NETWORK" | "BAD_RESPONSE",
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const NETWORK_MESSAGE = "Can't reach the Bandspace server. Check your connection and try again.";

async function request<T>(
  schema: z.ZodType<T>,
  path: string,
  init: { method?: string; token?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
      cache: "no-store",
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError("NETWORK", NETWORK_MESSAGE, 0);
  }
  let json: unknown = null;
  const text = await res.text().catch(() => "");
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const err = ErrorBody.safeParse(json);
    if (err.success) throw new ApiError(err.data.error.code, err.data.error.message, res.status);
    throw new ApiError(
      "BAD_RESPONSE",
      res.status >= 500
        ? "The server had a problem handling that. Please try again in a moment."
        : `The server answered ${res.status} ${res.statusText || ""}`.trim() + ".",
      res.status,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError("BAD_RESPONSE", "The server sent a response this page does not understand. Try reloading.", res.status);
  }
  return parsed.data;
}

const enc = encodeURIComponent;

export function createSession(name: string): Promise<CreatedSession> {
  return request(CreatedSession, "/api/sessions", { method: "POST", body: { name } });
}

export function getSessionInfo(sessionId: string, token: string, signal?: AbortSignal): Promise<SessionInfo> {
  return request(SessionInfo, `/api/sessions/${enc(sessionId)}`, { token, signal });
}

export function getLinkInfo(token: string, signal?: AbortSignal): Promise<LinkInfo> {
  return request(LinkInfo, `/api/links/${enc(token)}`, { signal });
}

const LinkList = z.object({ links: z.array(ShareLinkView) });

export async function listLinks(sessionId: string, token: string, signal?: AbortSignal): Promise<ShareLinkView[]> {
  const { links } = await request(LinkList, `/api/sessions/${enc(sessionId)}/links`, { token, signal });
  return links;
}

export function createLink(sessionId: string, token: string, body: CreateLinkBody): Promise<ShareLinkView> {
  return request(ShareLinkView, `/api/sessions/${enc(sessionId)}/links`, { method: "POST", token, body });
}

export function revokeLink(sessionId: string, token: string, linkId: string): Promise<ShareLinkView> {
  return request(ShareLinkView, `/api/sessions/${enc(sessionId)}/links/${enc(linkId)}`, {
    method: "DELETE",
    token,
  });
}

/** The URL a share link opens: `<origin>/join/<token>`. */
export function joinUrl(token: string): string {
  return `${window.location.origin}/join/${token}`;
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && err.message) return err.message;
  return "Something went wrong. Please try again.";
}
