import { z } from "zod";
import {
  CreatedSession,
  ErrorBody,
  LinkInfo,
  MEMBER_SECRET_HEADER,
  MemberSelf,
  MemberView,
  RestoreResult,
  SavedExportList,
  SessionInfo,
  ShareLinkView,
  VersionList,
  VersionState,
  VersionView,
  type CreateLinkBody,
  type ErrorCode,
  type ShareRole,
} from "@bandspace/protocol";
import { getMemberSecret } from "./storage";

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
  if (init.token) {
    headers.Authorization = `Bearer ${init.token}`;
    // Who this browser is in the session: the owner's role override for this person applies.
    headers[MEMBER_SECRET_HEADER] = getMemberSecret();
  }
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
    throw new ApiError(
      "BAD_RESPONSE",
      "The server sent a response this page does not understand. Try reloading.",
      res.status,
    );
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

// ---------- members ----------

export async function registerMember(sessionId: string, token: string, displayName: string): Promise<MemberView> {
  const { member } = await request(MemberSelf, `/api/sessions/${enc(sessionId)}/members/me`, {
    method: "POST",
    token,
    body: { secret: getMemberSecret(), displayName },
  });
  return member;
}

const MemberList = z.object({ members: z.array(MemberView) });

export async function listMembers(sessionId: string, token: string, signal?: AbortSignal): Promise<MemberView[]> {
  return (await request(MemberList, `/api/sessions/${enc(sessionId)}/members`, { token, signal })).members;
}

export function setMemberRole(
  sessionId: string,
  token: string,
  memberId: string,
  role: ShareRole | null,
): Promise<MemberView> {
  return request(MemberView, `/api/sessions/${enc(sessionId)}/members/${enc(memberId)}`, {
    method: "PATCH",
    token,
    body: { role },
  });
}

// ---------- versions ----------

export async function listVersions(sessionId: string, token: string, signal?: AbortSignal): Promise<VersionView[]> {
  return (await request(VersionList, `/api/sessions/${enc(sessionId)}/versions`, { token, signal })).versions;
}

export function saveVersion(sessionId: string, token: string, name: string): Promise<VersionView> {
  return request(VersionView, `/api/sessions/${enc(sessionId)}/versions`, { method: "POST", token, body: { name } });
}

export function getVersionState(
  sessionId: string,
  token: string,
  versionId: string,
  signal?: AbortSignal,
): Promise<VersionState> {
  return request(VersionState, `/api/sessions/${enc(sessionId)}/versions/${enc(versionId)}`, { token, signal });
}

export function restoreVersion(sessionId: string, token: string, versionId: string): Promise<RestoreResult> {
  return request(RestoreResult, `/api/sessions/${enc(sessionId)}/versions/${enc(versionId)}/restore`, {
    method: "POST",
    token,
    body: {},
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

// ---------- saved exports (uploads: app/lib/exports/uploadExport.ts) ----------

export async function listSavedExports(sessionId: string, token: string, signal?: AbortSignal) {
  return (await request(SavedExportList, `/api/sessions/${enc(sessionId)}/exports`, { token, signal })).exports;
}

export async function deleteSavedExport(sessionId: string, token: string, exportId: string): Promise<void> {
  await request(z.object({ id: z.string() }), `/api/sessions/${enc(sessionId)}/exports/${enc(exportId)}`, {
    method: "DELETE",
    token,
  });
}

/** The export's audio for an <audio> element or a download link (the token in the query: they send no headers). */
export function savedExportUrl(sessionId: string, token: string, exportId: string, download = false): string {
  const q = `token=${enc(token)}${download ? "&download=1" : ""}`;
  return `/api/sessions/${enc(sessionId)}/exports/${enc(exportId)}/audio?${q}`;
}
