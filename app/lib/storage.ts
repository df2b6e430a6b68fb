"use client";

import { useSyncExternalStore } from "react";
import { z } from "zod";
import { Role } from "@bandspace/protocol";
import { randomId, randomSecret } from "@bandspace/model";

/**
 * Everything Bandspace keeps in the browser's localStorage:
 *   bandspace:session:<sessionId>  → StoredSession (the share token this browser opens the session with)
 *   bandspace:displayName          → the name shown to collaborators
 *   bandspace:userId               → a random id for this browser (edit origins, stable presence colour)
 * Reads are validated; anything malformed is treated as absent.
 */
export const SESSION_KEY_PREFIX = "bandspace:session:";
export const DISPLAY_NAME_KEY = "bandspace:displayName";
export const USER_ID_KEY = "bandspace:userId";
export const DISPLAY_NAME_MAX = 40;

export const StoredSession = z.object({
  token: z.string().min(1),
  role: Role,
  name: z.string(),
  /** ms since epoch; when this browser last saved or opened the session (for ordering "Your sessions"). */
  lastOpenedAt: z.number().optional(),
});
export type StoredSession = z.infer<typeof StoredSession>;
export type StoredSessionEntry = StoredSession & { sessionId: string };

const CHANGE_EVENT = "bandspace:storage";

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null; // e.g. storage disabled by the browser
  }
}

function notify(): void {
  cachedSessions = null;
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

function readJson(key: string): unknown {
  const raw = storage()?.getItem(key);
  if (raw == null) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  const s = storage();
  if (!s) return;
  try {
    if (value === null) s.removeItem(key);
    else s.setItem(key, value);
  } catch {
    // Quota exceeded or blocked: the app keeps working for this page view.
  }
  notify();
}

// ---------- sessions ----------

export function getStoredSession(sessionId: string): StoredSession | null {
  const parsed = StoredSession.safeParse(readJson(SESSION_KEY_PREFIX + sessionId));
  return parsed.success ? parsed.data : null;
}

export function saveStoredSession(sessionId: string, session: StoredSession): void {
  write(
    SESSION_KEY_PREFIX + sessionId,
    JSON.stringify({ ...session, lastOpenedAt: session.lastOpenedAt ?? Date.now() }),
  );
}

/** Updates fields of a stored session (no-op when the session is not stored). */
export function updateStoredSession(sessionId: string, patch: Partial<StoredSession>): void {
  const current = getStoredSession(sessionId);
  if (!current) return;
  const next = { ...current, ...patch };
  if (JSON.stringify(next) === JSON.stringify(current)) return;
  write(SESSION_KEY_PREFIX + sessionId, JSON.stringify(next));
}

export function forgetStoredSession(sessionId: string): void {
  write(SESSION_KEY_PREFIX + sessionId, null);
}

let cachedSessions: StoredSessionEntry[] | null = null;

export function listStoredSessions(): StoredSessionEntry[] {
  if (cachedSessions) return cachedSessions;
  const s = storage();
  const out: StoredSessionEntry[] = [];
  if (s) {
    for (let i = 0; i < s.length; i++) {
      const key = s.key(i);
      if (!key || !key.startsWith(SESSION_KEY_PREFIX)) continue;
      const sessionId = key.slice(SESSION_KEY_PREFIX.length);
      const stored = getStoredSession(sessionId);
      if (stored) out.push({ ...stored, sessionId });
    }
  }
  out.sort((a, b) => (b.lastOpenedAt ?? 0) - (a.lastOpenedAt ?? 0) || a.name.localeCompare(b.name));
  cachedSessions = out;
  return out;
}

// ---------- display name and user id ----------

export function getDisplayName(): string | null {
  const raw = storage()?.getItem(DISPLAY_NAME_KEY);
  const name = raw?.trim();
  return name ? name.slice(0, DISPLAY_NAME_MAX) : null;
}

export function saveDisplayName(name: string): void {
  const trimmed = name.trim().slice(0, DISPLAY_NAME_MAX);
  write(DISPLAY_NAME_KEY, trimmed || null);
}

/** A random id for this browser, created on first use. */
export function getUserId(): string {
  const s = storage();
  const existing = s?.getItem(USER_ID_KEY);
  if (existing && /^[A-Za-z0-9_-]{8,64}$/.test(existing)) return existing;
  const id = randomId(24);
  try {
    s?.setItem(USER_ID_KEY, id);
  } catch {
    /* ignore */
  }
  return id;
}

const MEMBER_SECRET_KEY = "bandspace:member-secret";

/**
 * This browser's member secret: 32 random bytes (base64url), created on first use. Sent with the share
 * token so the server knows which member this is (who joined through which link, the owner's role
 * override for them). The server keeps only its hash.
 */
export function getMemberSecret(): string {
  const s = storage();
  const existing = s?.getItem(MEMBER_SECRET_KEY);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const secret = randomSecret(32);
  try {
    s?.setItem(MEMBER_SECRET_KEY, secret);
  } catch {
    /* private mode: a new secret per page load, the link's role applies */
  }
  return secret;
}

// ---------- React bindings ----------

function subscribe(onChange: () => void): () => void {
  const onStorage = (e: StorageEvent | Event) => {
    if (e instanceof StorageEvent && e.key && !e.key.startsWith("bandspace:")) return;
    cachedSessions = null;
    onChange();
  };
  window.addEventListener("storage", onStorage);
  window.addEventListener(CHANGE_EVENT, onStorage);
  return () => {
    window.removeEventListener("storage", onStorage);
    window.removeEventListener(CHANGE_EVENT, onStorage);
  };
}

const serverNull = () => null;
const noopSubscribe = () => () => {};

/** True once the component runs in the browser (false during server rendering and hydration). */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
}

export function useStoredSessions(): StoredSessionEntry[] | null {
  return useSyncExternalStore(subscribe, listStoredSessions, serverNull);
}

/** `undefined` while rendering on the server; `null` when no name is saved. */
export function useDisplayName(): string | null | undefined {
  return useSyncExternalStore(subscribe, getDisplayName, () => undefined);
}

/** The stored session, or `undefined` during server rendering. Snapshot is cached by its JSON text. */
export function useStoredSession(sessionId: string): StoredSession | null | undefined {
  const raw = useSyncExternalStore(
    subscribe,
    () => storage()?.getItem(SESSION_KEY_PREFIX + sessionId) ?? null,
    () => undefined,
  );
  if (raw === undefined) return undefined;
  if (raw === null) return null;
  return parseStoredSessionText(raw);
}

const parsedCache = new Map<string, StoredSession | null>();
function parseStoredSessionText(raw: string): StoredSession | null {
  if (parsedCache.has(raw)) return parsedCache.get(raw)!;
  let value: StoredSession | null = null;
  try {
    const parsed = StoredSession.safeParse(JSON.parse(raw));
    value = parsed.success ? parsed.data : null;
  } catch {
    value = null;
  }
  if (parsedCache.size > 32) parsedCache.clear();
  parsedCache.set(raw, value);
  return value;
}
