/**
 * Where saved exports' bytes live. The server codes against this interface; `createExportStore`
 * (./create-export-store.ts) picks the implementation from BANDSPACE_TAKE_STORE, the same switch as takes:
 * "local" (default, files under the data directory) or "s3" (an S3-compatible bucket).
 *
 * Keys are server-generated (`ExportKey`); implementations must still refuse anything else.
 */

export interface ExportKey {
  /** The session id (validated 16-character base36, from the authenticated principal). */
  sessionId: string;
  /** Server-generated 16-character base36 id (SavedExport.id). */
  exportId: string;
}

export interface ExportStore {
  readonly kind: string;
  /**
   * Stores the bytes `body` yields, atomically: the object is readable only once the whole body has been stored,
   * and if `body` throws (a refused upload, a cancelled one) nothing is left. Resolves with the bytes stored.
   */
  put: (key: ExportKey, body: AsyncIterable<Uint8Array>) => Promise<{ bytes: number }>;
  /** Bytes stored under `key`; null when there is no such object. */
  size: (key: ExportKey) => Promise<number | null>;
  /** Bytes [start, end] inclusive. */
  read: (key: ExportKey, start: number, end: number) => AsyncIterable<Uint8Array>;
  /** Removes the object; no error when there is none. */
  delete: (key: ExportKey) => Promise<void>;
}

const KEY_PART = /^[a-z0-9]{16}$/;

/** Every store calls this before it turns a key into a path or an object name. */
export function checkExportKey(key: ExportKey): void {
  if (!KEY_PART.test(key.sessionId) || !KEY_PART.test(key.exportId)) {
    throw new Error(`invalid export storage key ${JSON.stringify(key)}`);
  }
}
