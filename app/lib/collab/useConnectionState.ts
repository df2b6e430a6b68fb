"use client";

import { useSyncExternalStore } from "react";
import type { ConnectionState, SessionConnection } from "./SessionConnection";

export function useConnectionState(connection: SessionConnection): ConnectionState {
  return useSyncExternalStore(connection.state.subscribe, connection.state.get, connection.state.get);
}
