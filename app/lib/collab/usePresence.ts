"use client";

import { useSyncExternalStore } from "react";
import type { PresenceUser, SessionConnection } from "./SessionConnection";

/** Everyone in the session right now (one entry per person, the local user first). */
export function usePresence(connection: SessionConnection): PresenceUser[] {
  return useSyncExternalStore(connection.presence.subscribe, connection.presence.get, connection.presence.get);
}
