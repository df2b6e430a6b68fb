"use client";

import { useSyncExternalStore } from "react";
import type { SaveStatus, SessionConnection } from "./SessionConnection";

/**
 * "saved" once the server acknowledged (message type 100) every write message this client sent,
 * "saving" while some are unacknowledged, "offline" while disconnected, "readonly" for a connection that
 * may not write any document.
 */
export function useSaveStatus(connection: SessionConnection): SaveStatus {
  return useSyncExternalStore(connection.saveStatus.subscribe, connection.saveStatus.get, connection.saveStatus.get);
}
