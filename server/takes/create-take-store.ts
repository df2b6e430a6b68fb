import { LocalTakeStore } from "./local-take-store";
import type { TakeStore, TakeSyncMode } from "./take-store";

/**
 * The extension point for take storage: BANDSPACE_TAKE_STORE picks the implementation (default "local",
 * files under the data directory). An object store would implement TakeStore and be added here.
 */
export function createTakeStore(kind: string | undefined, dataDir: string, sync: TakeSyncMode = "fsync"): TakeStore {
  switch (kind ?? "local") {
    case "local":
      return new LocalTakeStore(dataDir, sync);
    default:
      throw new Error(`BANDSPACE_TAKE_STORE must be "local" (got "${kind}")`);
  }
}
