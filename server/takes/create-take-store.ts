import type { S3Config } from "../config";
import { LocalTakeStore } from "./local-take-store";
import { S3Objects } from "./s3-objects";
import { S3TakeStore } from "./s3-take-store";
import type { TakeStore, TakeSyncMode } from "./take-store";

/**
 * The extension point for take storage: BANDSPACE_TAKE_STORE picks the implementation — "local" (default, files
 * under the data directory; one node) or "s3" (S3-compatible object storage that every node shares; S3_* settings).
 */
export function createTakeStore(
  kind: string | undefined,
  dataDir: string,
  sync: TakeSyncMode = "fsync",
  s3?: S3Config,
): TakeStore {
  switch (kind ?? "local") {
    case "local":
      return new LocalTakeStore(dataDir, sync);
    case "s3":
      if (!s3) throw new Error("BANDSPACE_TAKE_STORE=s3 needs S3_BUCKET (and S3_ENDPOINT for a non-AWS server)");
      return new S3TakeStore(new S3Objects(s3));
    default:
      throw new Error(`BANDSPACE_TAKE_STORE must be "local" or "s3" (got "${kind}")`);
  }
}
