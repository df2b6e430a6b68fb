import type { Awareness } from "y-protocols/awareness";
import { parseAwarenessUser, type AwarenessUser } from "./identity";

/** What a person has selected (awareness field `selection`, see docs/arrangement-contract.md). */
export type PresenceSelectionKind = "clip" | "notes" | "section" | "track";
export interface PresenceSelection {
  kind: PresenceSelectionKind;
  ids: string[];
  clipId?: string;
}

/** A person's transport (awareness field `transport`): sampled `positionTick` at `at` (their Date.now()). */
export interface PresenceTransport {
  playing: boolean;
  positionTick: number;
  at: number;
}

export interface PresenceUser extends AwarenessUser {
  clientId: number;
  isLocal: boolean;
  /** The track this person selected (selection kind "track"), for the track-header outline. */
  selectedTrackId: string | null;
  selection: PresenceSelection | null;
  /** Whether this person's transport is playing (their position travels outside React, see PlayheadStore). */
  playing: boolean;
}

const KINDS: ReadonlySet<string> = new Set(["clip", "notes", "section", "track"]);
const MAX_IDS = 500;

/** Reads a remote `selection` defensively. A bare string is the skeleton's format: a track id. */
export function parseSelection(value: unknown): PresenceSelection | null {
  if (typeof value === "string") return value ? { kind: "track", ids: [value.slice(0, 64)] } : null;
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.kind !== "string" || !KINDS.has(v.kind) || !Array.isArray(v.ids)) return null;
  const ids = v.ids
    .filter((id): id is string => typeof id === "string" && id.length > 0 && id.length <= 64)
    .slice(0, MAX_IDS);
  const sel: PresenceSelection = { kind: v.kind as PresenceSelectionKind, ids };
  if (typeof v.clipId === "string" && v.clipId) sel.clipId = v.clipId.slice(0, 64);
  return sel;
}

/** Reads a remote `transport` defensively. */
export function parseTransport(value: unknown): PresenceTransport | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.positionTick !== "number" || !Number.isFinite(v.positionTick) || v.positionTick < 0) return null;
  return {
    playing: v.playing === true,
    positionTick: v.positionTick,
    at: typeof v.at === "number" && Number.isFinite(v.at) ? v.at : 0,
  };
}

/**
 * Everyone in the awareness states, one entry per person (two tabs of one browser share a user id; the local
 * tab wins), the local user first, then by name.
 */
export function readPresence(awareness: Awareness): PresenceUser[] {
  const localId = awareness.clientID;
  const byUser = new Map<string, PresenceUser>();
  for (const [clientId, state] of awareness.getStates()) {
    const fields = state as Record<string, unknown>;
    const user = parseAwarenessUser(fields.user);
    if (!user) continue;
    const selection = parseSelection(fields.selection);
    const entry: PresenceUser = {
      ...user,
      clientId,
      isLocal: clientId === localId,
      selectedTrackId: selection?.kind === "track" ? (selection.ids[0] ?? null) : null,
      selection,
      playing: parseTransport(fields.transport)?.playing ?? false,
    };
    const prev = byUser.get(user.userId);
    if (!prev || entry.isLocal || (!prev.isLocal && clientId > prev.clientId)) byUser.set(user.userId, entry);
  }
  return [...byUser.values()].sort(
    (a, b) => Number(b.isLocal) - Number(a.isLocal) || a.name.localeCompare(b.name) || a.clientId - b.clientId,
  );
}
