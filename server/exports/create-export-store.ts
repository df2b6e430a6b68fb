import type { S3Config } from "../config";
import type { ExportStore } from "./export-store";
import { LocalExportStore } from "./local-export-store";
import { S3ExportStore } from "./s3-export-store";

/**
 * The extension point for saved exports' bytes, chosen by the same switch as takes (BANDSPACE_TAKE_STORE):
 * "local" (default) keeps files under the data directory; "s3" an S3-compatible bucket (S3_* settings).
 */
export function createExportStore(kind: string | undefined, dataDir: string, s3: S3Config | undefined): ExportStore {
  switch (kind ?? "local") {
    case "local":
      return new LocalExportStore(dataDir);
    case "s3":
      if (!s3) throw new Error("BANDSPACE_TAKE_STORE=s3 needs S3_BUCKET (and S3_ENDPOINT for a non-AWS server)");
      return new S3ExportStore(s3);
    default:
      throw new Error(`BANDSPACE_TAKE_STORE must be "local" or "s3" (got "${kind}")`);
  }
}
