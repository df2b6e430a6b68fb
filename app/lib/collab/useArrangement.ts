"use client";

import { useSyncExternalStore } from "react";
import type { ArrangementView } from "./arrangementStore";
import type { SessionConnection } from "./SessionConnection";
import { useStoreSelector } from "./useStoreSelector";

/** The whole arrangement snapshot (re-renders on any arrangement change; prefer `useArrangementSelector`). */
export function useArrangement(connection: SessionConnection): ArrangementView {
  return useSyncExternalStore(connection.arrangement.subscribe, connection.arrangement.get, connection.arrangement.get);
}

/** Part of the arrangement; re-renders only when that part changes. */
export function useArrangementSelector<T>(
  connection: SessionConnection,
  selector: (view: ArrangementView) => T,
  isEqual?: (a: T, b: T) => boolean,
): T {
  return useStoreSelector(connection.arrangement, selector, isEqual);
}
