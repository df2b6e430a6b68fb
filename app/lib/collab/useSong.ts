"use client";

import { useSyncExternalStore } from "react";
import type { SessionConnection } from "./SessionConnection";
import type { SongView } from "./songStore";

/** The song sheet and track list, re-rendered whenever the shared document changes (locally or remotely). */
export function useSong(connection: SessionConnection): SongView {
  return useSyncExternalStore(connection.song.subscribe, connection.song.get, connection.song.get);
}
