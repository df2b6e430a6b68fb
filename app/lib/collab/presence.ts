import type { Awareness } from "y-protocols/awareness";
import { parseAwarenessUser, type AwarenessUser } from "./identity";

export interface PresenceUser extends AwarenessUser {
  clientId: number;
  isLocal: boolean;
  selectedTrackId: string | null;
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
    const entry: PresenceUser = {
      ...user,
      clientId,
      isLocal: clientId === localId,
      selectedTrackId: typeof fields.selection === "string" ? fields.selection : null,
    };
    const prev = byUser.get(user.userId);
    if (!prev || entry.isLocal || (!prev.isLocal && clientId > prev.clientId)) byUser.set(user.userId, entry);
  }
  return [...byUser.values()].sort(
    (a, b) => Number(b.isLocal) - Number(a.isLocal) || a.name.localeCompare(b.name) || a.clientId - b.clientId,
  );
}
